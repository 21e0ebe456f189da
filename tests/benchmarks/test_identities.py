from benchmarks.identities import borough_records


def test_the_same_arguments_give_the_same_records() -> None:
    assert borough_records(200, 20, seed=3) == borough_records(200, 20, seed=3)


def test_the_index_has_the_size_asked_for_and_each_persons_records_together() -> None:
    index, _, people = borough_records(500, 10, seed=1)

    assert len(index) == 500
    assert [r.person for r in index] == sorted(r.person for r in index)
    assert people == index[-1].person + 1
    assert people < 500  # most people are held by more than one agency


def test_one_incoming_record_in_five_is_of_someone_the_index_has_never_seen() -> None:
    _, incoming, people = borough_records(1_000, 50, seed=1)

    assert len(incoming) == 50
    assert sum(1 for record in incoming if record.person >= people) == 10
