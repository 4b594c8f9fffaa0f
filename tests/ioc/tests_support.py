"""Small data builders shared by tests (tiny fixture data built in code)."""

from pathlib import Path

import pandas as pd


def write_long_air_csv(
    path: Path, pm25, station="air_vungtau_center", start="2025-03-01T00:00:00+07:00", bad_rows=0
) -> Path:
    """A long-format air CSV with hourly PM2.5 for one station, plus ``bad_rows`` broken rows."""
    times = pd.date_range(start, periods=len(pm25), freq="h")
    rows = [
        {"station_id": station, "time": t.isoformat(), "parameter": "pm25", "value": v, "unit": "µg/m³"}
        for t, v in zip(times, pm25)
    ]
    rows += [
        {"station_id": station, "time": "not-a-time", "parameter": "pm25", "value": "x", "unit": "µg/m³"}
    ] * bad_rows
    pd.DataFrame(rows).to_csv(path, index=False)
    return path
