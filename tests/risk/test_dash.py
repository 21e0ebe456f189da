import pytest

from frontdoor.risk.dash import QUESTIONS, Level, dash_score


def _answers(yes: int) -> dict[str, str]:
    return {str(n): "yes" if n <= yes else "no" for n in range(1, 28)}


def test_the_checklist_has_the_27_questions_in_order() -> None:
    assert [q.number for q in QUESTIONS] == list(range(1, 28))


@pytest.mark.parametrize(
    ("yes", "level"),
    [
        (0, Level.STANDARD),
        (9, Level.STANDARD),
        (10, Level.MEDIUM),
        (13, Level.MEDIUM),
        (14, Level.HIGH),
        (27, Level.HIGH),
    ],
)
def test_published_thresholds(yes: int, level: Level) -> None:
    assert dash_score(_answers(yes)).level is level


def test_not_known_is_not_yes() -> None:
    answers = _answers(13) | {"14": "not_known"}
    score = dash_score(answers)
    assert (score.yes_count, score.answered, score.level) == (13, 27, Level.MEDIUM)


def test_professional_judgement_raises_and_never_lowers() -> None:
    raised = dash_score(_answers(3), "high")
    assert raised.level is Level.HIGH
    assert raised.raised_by_judgement
    assert (
        raised.summary
        == "3 of 27 answered yes: standard risk; raised to high by professional judgement"
    )
    assert dash_score(_answers(20), None).level is Level.HIGH
    assert not dash_score(_answers(20), "high").raised_by_judgement


def test_prompts_name_what_calls_for_judgement() -> None:
    answers = {"18": "yes", "6": "yes", "15": "yes", "1": "yes", "13": "yes"}
    codes = [p.code for p in dash_score(answers).prompts]
    assert codes == ["strangulation", "separation_control_violence"]
