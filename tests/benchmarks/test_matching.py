from benchmarks.matching import outcome, pairwise


def test_a_match_is_right_when_it_finds_the_true_person_or_none_for_someone_new() -> None:
    assert outcome(7, 7) == "right"
    assert outcome(None, None) == "right"


def test_a_match_that_links_someone_else_is_a_wrong_link_whoever_was_expected() -> None:
    assert outcome(8, 7) == "wrong link"
    assert outcome(8, None) == "wrong link"
    assert outcome(None, 7) == "not linked"


def test_pairwise_precision_and_recall_count_pairs_of_records() -> None:
    truth = {1: 10, 2: 10, 3: 10, 4: 20}
    groups = {1: "a", 2: "a", 3: "b", 4: "b"}

    precision, recall = pairwise(groups, truth)

    assert precision == 0.5  # (1, 2) right, (3, 4) wrong
    assert recall == 1 / 3  # of (1, 2), (1, 3), (2, 3) only (1, 2) found
