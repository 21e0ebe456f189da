"""docs/insights.md gives every measure's definition as the page does."""

from pathlib import Path

from frontdoor.insights.measures import DIP_SAMPLES, MEASURES

DOC = Path(__file__).resolve().parents[2] / "docs" / "insights.md"


def test_every_definition_is_in_the_docs_word_for_word() -> None:
    doc = " ".join(DOC.read_text(encoding="utf-8").split())
    for measure in (*MEASURES, DIP_SAMPLES):
        assert f"{measure.title} (`{measure.code}`)" in doc
        assert " ".join(measure.definition.split()) in doc, measure.code
