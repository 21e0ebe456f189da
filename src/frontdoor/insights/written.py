"""The database's own count of writes to the facts the dashboard reads, day by day
(docs/decisions/0026).

Every table a load of `loads.py` reads has triggers that, for each row inserted, changed or
deleted (before and after a change), add one to the version of each day (UTC) whose month's
figures the row is read into: an event's days of occurrence and report, a participant's event's
day and the decision day of the referral made at that event, a referral's decision and report
days, an alert's day (from the alert itself, the event that set it off and the audit rows of
people acting on it), and so on (`SOURCES`). So every writer is covered, whatever it is:
intake, the derivation worker, the services, linkage, retention's deletes, `rebuild`, raw SQL.

On SQLite the triggers add to the day's version at once (one writer at a time). On PostgreSQL
they note the day for the transaction (`insights_written_pending`, one row a day a
transaction, so concurrent writers do not wait for each other), and a deferred constraint
trigger adds to the versions as the transaction commits: the versions and the facts become
visible together, and the row of a busy day is locked only while committing.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

# For each table, where the times whose days it changes come from: (the time, further tables,
# a condition), with `{r}` the row written. Keep beside loads.py: a load that reads a new table
# or column needs its source here.
SOURCES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "chronology_event": (
        ("{r}.occurred_at", "", ""),
        ("{r}.reported_at", "", ""),
        ("a.raised_at", "risk_alert a", "a.trigger_id = {r}.id"),
    ),
    "chronology_participant": (
        ("e.occurred_at", "chronology_event e", "e.id = {r}.event_id"),
        ("f.decided_at", "triage_referral f", "f.event_id = {r}.event_id"),
    ),
    "triage_referral": (
        ("{r}.decided_at", "", ""),
        ("e.reported_at", "chronology_event e", "e.id = {r}.event_id"),
    ),
    "triage_decision": (("f.decided_at", "triage_referral f", "f.reference = {r}.referral_id"),),
    "triage_decision_checks": (
        (
            "f.decided_at",
            "triage_decision d, triage_referral f",
            "d.id = {r}.decision_id AND f.reference = d.referral_id",
        ),
    ),
    "triage_agencycheck": (
        (
            "f.decided_at",
            "triage_decision_checks c, triage_decision d, triage_referral f",
            "c.agencycheck_id = {r}.id AND d.id = c.decision_id AND f.reference = d.referral_id",
        ),
    ),
    "risk_alert": (("{r}.raised_at", "", ""),),
    "audit_auditevent": (
        ("a.raised_at", "risk_alert a", "{r}.object_type = 'risk.alert' AND a.id = {alert_id}"),
    ),
    "sharing_notification": (("{r}.raised_at", "", ""),),
    "marac_maracreferral": (("{r}.referred_at", "", ""),),
}

ALERT_ID = {
    "sqlite": "CAST({r}.object_id AS INTEGER)",
    "postgresql": "CASE WHEN {r}.object_id ~ '^[0-9]{{1,18}}$' THEN {r}.object_id::bigint END",
}
OPERATIONS = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}
TRANSITIONS = {"NEW": "new_rows", "OLD": "old_rows"}
SETTLED = "insights_written_settled"

POSTGRES_SETTLING = f"""
CREATE TABLE IF NOT EXISTS insights_written_pending (
    xid xid8 NOT NULL, day date NOT NULL, PRIMARY KEY (xid, day)
);
CREATE OR REPLACE FUNCTION insights_written_settle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO insights_writtenday (day, version) VALUES (NEW.day, 1)
    ON CONFLICT (day) DO UPDATE SET version = insights_writtenday.version + 1;
    DELETE FROM insights_written_pending WHERE xid = NEW.xid AND day = NEW.day;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS {SETTLED} ON insights_written_pending;
CREATE CONSTRAINT TRIGGER {SETTLED} AFTER INSERT ON insights_written_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION insights_written_settle();
CREATE OR REPLACE FUNCTION insights_kept_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM insights_keptmonth;
    RETURN NULL;
END $$;
"""  # noqa: S608  # nosec B608: names from this module


def _selects(table: str, row: str, vendor: str) -> list[str]:
    """The SELECTs of the times a write to `table` changes the days of, for one row: `NEW` or
    `OLD` in a SQLite trigger; on PostgreSQL, for each row of a transition table, looked up by
    key row by row (LATERAL: the planner knows nothing of a transition table's size, and may
    otherwise scan a whole table to join it). `OFFSET 0` keeps each lookup whole: without it
    the planner pulled the lookup up into a join and, sure from the statistics that almost no
    referral was decided, read every referral for each batch of participants intake wrote
    (13-43 ms a batch of 500 messages, growing with the force)."""
    selects = []
    for time, tables, condition in SOURCES[table]:
        r = row if vendor == "sqlite" else "r"
        looked_up = f"SELECT {time.format(r=r)} AS t"
        looked_up += f" FROM {tables}" if tables else ""
        if condition:
            looked_up += f" WHERE {condition.replace('{alert_id}', ALERT_ID[vendor]).format(r=r)}"
        if vendor == "sqlite":
            selects.append(looked_up)
        elif tables:
            selects.append(
                f"SELECT s.t FROM {TRANSITIONS[row]} r CROSS JOIN LATERAL ({looked_up} OFFSET 0) s"  # noqa: S608  # nosec B608
            )
        else:
            selects.append(f"{looked_up} FROM {TRANSITIONS[row]} r")
    return selects


def _sqlite_trigger(table: str, operation: str) -> str:
    times = " UNION ALL ".join(
        select for row in OPERATIONS[operation] for select in _selects(table, row, "sqlite")
    )
    name = f"insights_written_{table}_{operation.lower()}"
    return f"""CREATE TRIGGER {name} AFTER {operation} ON {table} FOR EACH ROW BEGIN
        INSERT INTO insights_writtenday (day, version)
        SELECT DISTINCT substr(t, 1, 10), 1 FROM ({times}) WHERE t IS NOT NULL
        ON CONFLICT (day) DO UPDATE SET version = version + 1;
    END"""  # noqa: S608  # nosec B608: table and column names from SOURCES


def _postgres_trigger(table: str, operation: str) -> list[str]:
    rows = OPERATIONS[operation]
    times = " UNION ALL ".join(
        select for row in rows for select in _selects(table, row, "postgresql")
    )
    name = f"insights_written_{table}_{operation.lower()}"
    referencing = " ".join(f"{row} TABLE AS {TRANSITIONS[row]}" for row in rows)
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO insights_written_pending (xid, day)
            SELECT DISTINCT pg_current_xact_id(), (t AT TIME ZONE 'UTC')::date
            FROM ({times}) AS times WHERE t IS NOT NULL
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""",  # noqa: S608  # nosec B608: table and column names from SOURCES
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER {operation} ON {table} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def triggers_install(connection: BaseDatabaseWrapper) -> None:
    """(Re)create every trigger that counts writes, replacing any there: run by the migration
    and after every `migrate`, as SQLite drops a table's triggers when a migration rebuilds the
    table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_SETTLING)
            for table in SOURCES:
                for operation in OPERATIONS:
                    for statement in _postgres_trigger(table, operation):
                        cursor.execute(statement)
                cursor.execute(f"DROP TRIGGER IF EXISTS insights_kept_forget ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER insights_kept_forget AFTER TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION insights_kept_forget()"
                )
        else:
            for table in SOURCES:
                for operation in OPERATIONS:
                    cursor.execute(
                        f"DROP TRIGGER IF EXISTS insights_written_{table}_{operation.lower()}"
                    )
                    cursor.execute(_sqlite_trigger(table, operation))


def triggers_remove(connection: BaseDatabaseWrapper) -> None:
    """Drop every trigger `triggers_install` makes, and the functions and table behind them."""
    with connection.cursor() as cursor:
        for table in SOURCES:
            for operation in OPERATIONS:
                name = f"insights_written_{table}_{operation.lower()}"
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                    cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS insights_kept_forget ON {table}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS insights_kept_forget()")
            cursor.execute("DROP TABLE IF EXISTS insights_written_pending")
            cursor.execute("DROP FUNCTION IF EXISTS insights_written_settle()")


def pending_settle(connection: BaseDatabaseWrapper) -> None:
    """On PostgreSQL, add this transaction's own writes so far to the versions now, so that a
    view inside a transaction that wrote sees them (tests do; the pages do not)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {SETTLED} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {SETTLED} DEFERRED")
