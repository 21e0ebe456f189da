"""`frontdoor linkage train|relink|model`: the person matcher's model and the batch re-link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.audit.services import audit_record, operator_name
from frontdoor.linkage.batch import index_relink
from frontdoor.linkage.comparisons import COMPARISONS
from frontdoor.linkage.training import current_weights, levels_untrained, model_train


class Command(BaseCommand):
    help = (
        "Train the person matcher on the hub's records, re-link the whole index, or show the model."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("train", help="estimate the match weights with Splink; store a version")
        actions.add_parser("relink", help="score the whole index in one pass and join people")
        actions.add_parser("model", help="show the weights the matcher scores with now")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "train":
            model = model_train(trained_by=operator_name())
            audit_record(actor=None, action="linkage.train", details={"version": model.version})
            self.stdout.write(
                f"trained linkage model {model.version} on {model.records:,} source records"
            )
            if untrained := levels_untrained(model.splink_model):
                self.stdout.write(
                    "too few pairs trained on showed these levels to estimate them, so they "
                    "keep their starting m: " + "; ".join(untrained)
                )
            self.stdout.write("`frontdoor linkage model` shows its weights")
        elif options["action"] == "relink":
            summary = index_relink(user=None)
            self.stdout.write(
                f"re-linked {summary.records:,} records with model {summary.model_version}: "
                f"{summary.pairs:,} pairs scored, {summary.joined:,} records joined to another "
                f"person ({summary.joined_beside_the_same_person:,} joins settled by "
                "household context), "
                f"{summary.held_apart:,} joins held apart by a constraint, "
                f"{summary.reviews:,} new possible matches for review"
            )
        else:
            self._show()

    def _show(self) -> None:
        weights = current_weights()
        self.stdout.write(f"model {weights.version}; prior {weights.prior:.3g}")
        for comparison in COMPARISONS:
            self.stdout.write(f"  {comparison.title}")
            for index, (m, u) in enumerate(weights.m_u[comparison.name], start=1):
                label = comparison.label_of(index)
                self.stdout.write(f"    {label:<62} m {m:<8.4g} u {u:<10.4g}")
