"""What every feedback reader returns: rows with the submission columns and ``_error``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ioc_plugins.feedback.tables import SUBMISSIONS


def submission_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame of submission rows, every column present (missing ones empty)."""
    frame = pd.DataFrame(rows)
    for column in [*SUBMISSIONS.column_names, "_error"]:
        if column not in frame:
            frame[column] = None
    return frame[[*SUBMISSIONS.column_names, "_error"]]
