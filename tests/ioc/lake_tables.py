"""Two small tables the lake tests share: readings keyed by station and time, and cases
keyed by id alone (so a correction may land in another month than the row it supersedes)."""

from ioc.tables import Column, Table

READINGS = Table(
    name="demo.readings",
    columns=(
        Column("sid", required=True),
        Column("time", "timestamp", required=True),
        Column("value", "float"),
    ),
    key=("sid", "time"),
    time_column="time",
)
# a key without time: a correction may land in another month than the row it supersedes
CASES = Table(
    name="demo.cases",
    columns=(Column("case_id", required=True), Column("updated", "timestamp"), Column("status")),
    key=("case_id",),
    time_column="updated",
)
