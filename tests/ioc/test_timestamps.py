from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
import pytest

from ioc.timestamps import as_utc


@pytest.mark.parametrize(
    "value",
    [
        "2025-06-01 03:00",  # naive text: UTC
        datetime(2025, 6, 1, 3, 0),  # what SQLite hands back: naive, stored in UTC
        datetime(2025, 6, 1, 10, 0, tzinfo=timezone(timedelta(hours=7))),  # site time
        pd.Timestamp("2025-06-01T10:00+07:00"),
        pd.Timestamp("2025-06-01T03:00Z").to_datetime64(),  # a NumPy instant: naive
        datetime(2025, 6, 1, 3, 0, tzinfo=UTC),
    ],
)
def test_every_form_of_an_instant_is_the_same_utc_timestamp(value):
    stamp = as_utc(value)
    assert stamp == pd.Timestamp("2025-06-01T03:00Z") and str(stamp.tz) == "UTC"
