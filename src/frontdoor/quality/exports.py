"""The dip-sample reviews as CSV rows: the command's export and the sample page's download."""

from .models import REVIEW_QUESTIONS, DipReview

EXPORT_COLUMNS = [
    "week",
    "seed",
    "stratum",
    "position",
    "source",
    "message_id",
    "occurred_at",
    "reviewer",
    *(name for q in REVIEW_QUESTIONS for name in (q.field, f"{q.field}_notes")),
    "result",
    "result_notes",
    "completed_at",
]


def export_row(review: DipReview) -> list[object]:
    """One review in `EXPORT_COLUMNS` order (its sample, agency and reviewer loaded with it)."""
    return [
        review.sample.week,
        review.sample.seed,
        review.stratum,
        review.position,
        review.source,
        review.message_id,
        review.occurred_at.isoformat(),
        review.reviewer.get_username() if review.reviewer else "",
        *(
            getattr(review, name)
            for q in REVIEW_QUESTIONS
            for name in (q.field, f"{q.field}_notes")
        ),
        review.result,
        review.result_notes,
        review.completed_at.isoformat() if review.completed_at else "",
    ]
