import pandas as pd

from ioc.datalayer import DataLayer
from ioc.tables import Column, Table

T = Table(name="demo.readings", columns=(Column("sid", required=True), Column("time", "timestamp", required=True),
          Column("value", "float", minimum=0)), key=("sid", "time"), time_column="time")


def test_write_then_read(sqlite_settings):
    dl = DataLayer(sqlite_settings, tables=[T])
    frame = pd.DataFrame({"sid": ["a", "a", "b", "c"], "time": ["2025-01-01T00:00Z", "2025-01-01T01:00Z", "bad", "2025-01-01T00:00Z"],
                          "value": ["1.5", "2", "3", "-"]})
    r = dl.write(T, frame)
    assert (r.accepted, r.rejected) == (3, 1)
    again = dl.write(T, frame)
    assert (again.accepted, again.duplicate) == (0, 3)
    changed = dl.write(T, frame.assign(value=["1.5", "9", "3", "-"]))
    assert (changed.accepted, changed.superseded, changed.duplicate) == (1, 1, 2)
    out = dl.read("demo.readings")
    assert len(out) == 3 and out.loc[out.time == pd.Timestamp("2025-01-01T01:00Z"), "value"].item() == 9
    assert len(dl.read("demo.readings", history=True)) == 4
