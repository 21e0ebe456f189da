"""What the dashboard keeps between views: each closed month's facts as it last read them, and
how often each day's facts have been written since (docs/decisions/0026)."""

from django.db import models


class WrittenDay(models.Model):
    """How many times the facts the dashboard reads were written (inserted, changed or deleted)
    at a time on this day (UTC): counted by the database's own triggers (`written.py`), never
    by the code that writes, and never reset."""

    day = models.DateField(primary_key=True)
    version = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.day}: {self.version}"


class KeptMonth(models.Model):
    """One load's rows for one whole local month, as Arrow IPC bytes, and what they were read
    under: the time zone, the loads' code and agencies (`code`), and the sum of the versions of
    every day whose writes could change them (`written`). Used only while all three still hold."""

    month = models.CharField(max_length=7)
    load = models.CharField(max_length=32)
    zone = models.CharField(max_length=64)
    code = models.CharField(max_length=64)
    written = models.BigIntegerField()
    arrow = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "load"], name="insights_kept_month_load")
        ]

    def __str__(self) -> str:
        return f"{self.load} {self.month}"
