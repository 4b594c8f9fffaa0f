"""Shared fixtures: fresh state per test, a data layer on SQLite and on real PostgreSQL.

PostgreSQL tests run when ``IOC_TEST_POSTGRES_URL`` points at a server (``.ci/run``
starts one); each test gets its own database. Without it they are reported as skipped
with the reason, never silently passed.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

#: Fixtures of a served HTTP API (uvicorn + SMTP on loopback), shared by core and plugin tests.
pytest_plugins = ["api_deployment"]

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_file(*parts: str) -> Path:
    """A third-party sample from ``../shared/data``; skips the test when absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"sample not available: {path}")
    return path


@pytest.fixture(autouse=True)
def clear_state(tmp_path, monkeypatch):
    """Fresh settings, plugin registry and stores for every test (Lumen's clear_state)."""
    from ioc.config import settings
    from ioc.plugins import registry
    from ioc.store import close_stores

    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("IOC_DATABASE_URL", raising=False)
    monkeypatch.setenv("IOC_CONFIG", str(tmp_path / "absent.yaml"))
    settings.cache_clear()
    registry.cache_clear()
    yield
    close_stores()
    settings.cache_clear()
    registry.cache_clear()


def _postgres_database() -> str:
    base = os.environ.get("IOC_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("IOC_REQUIRE_POSTGRES"):
            pytest.fail("IOC_REQUIRE_POSTGRES is set but IOC_TEST_POSTGRES_URL is not: PostgreSQL did not start")
        pytest.skip("IOC_TEST_POSTGRES_URL not set: no PostgreSQL server for this run")
    import sqlalchemy as sa

    name = f"ioc_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """A fresh state-store URL: SQLite in a temp dir, or a new database on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    return _postgres_database()


@pytest.fixture
def settings(tmp_path, database_url, monkeypatch):
    """Settings for a deployment in a temp dir, on the parametrised state store."""
    from ioc.config import load_settings

    monkeypatch.setenv("IOC_DATABASE_URL", database_url)
    return load_settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def sqlite_settings(tmp_path):
    """Settings on SQLite only (for tests that do not touch the state store's dialect)."""
    from ioc.config import load_settings

    return load_settings(data_dir=tmp_path / "data")


@pytest.fixture
def datalayer(settings):
    from ioc.datalayer import DataLayer

    layer = DataLayer(settings)
    yield layer
    layer.close()
