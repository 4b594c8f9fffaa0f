"""Third-party samples for the environment tests, read from ``../shared/data`` (never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


def shared_file(*parts: str) -> Path:
    """A sample file; the test is skipped (with the path as reason) when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"sample not available: {path}")
    return path
