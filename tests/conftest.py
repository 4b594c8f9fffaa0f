"""Shared fixtures: fresh state per test, a data layer on SQLite and on real PostgreSQL.

PostgreSQL tests run when ``IOC_TEST_POSTGRES_URL`` points at a server (``.ci/run``
starts one); each test gets its own database. Without it they are reported as skipped
with the reason, never silently passed.

Third-party samples (``../shared/data``, see its ``SOURCES.md``) are never copied into the
repository. A test that reads one declares it with the ``requires_sample`` marker and gets
its path from the ``sample_path`` fixture::

    @pytest.mark.requires_sample("env/hcmc_healthyair_2022Q1_hourly.csv")
    def test_real_file(sample_path):
        frame = read_healthyair(sample_path("env/hcmc_healthyair_2022Q1_hourly.csv"))

A missing sample skips the test on a developer's machine and fails it in CI (``CI`` set to a
true value), so CI never passes by skipping the real-data tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest

# api_deployment: fixtures of a served HTTP API (uvicorn + SMTP on loopback), shared by core and
# plugin tests; mqtt_broker: a throw-away Mosquitto broker (the MQTT listener's tests);
# postgres_server: a private PostgreSQL a test may stop and start (database restarts);
# pytester: tests/test_requires_sample.py runs small pytest sessions to check the marker
pytest_plugins = ["api_deployment", "mqtt_broker", "postgres_server", "pytester"]

REPO = Path(__file__).resolve().parents[1]
SAMPLES_ENV = "IOC_SHARED_DATA"
TRUE_VALUES = {"1", "true", "yes", "on"}


def samples_root() -> Path:
    """The folder of third-party samples: ``$IOC_SHARED_DATA``, else ``../shared/data``."""
    return Path(os.environ.get(SAMPLES_ENV) or REPO.parent / "shared" / "data")


def in_ci() -> bool:
    """Whether ``CI`` is set to a true value (``1``, ``true``, ``yes``, ``on``), as CI services do."""
    return os.environ.get("CI", "").strip().lower() in TRUE_VALUES


def declared_samples(item: pytest.Item) -> list[str]:
    """The sample paths a test declares with ``requires_sample`` (on it, its class or module)."""
    paths: list[str] = []
    for marker in item.iter_markers("requires_sample"):
        if not marker.args or marker.kwargs:
            pytest.fail(f"{item.nodeid}: use requires_sample('folder/file', ...) with at least one path", pytrace=False)
        for path in marker.args:
            pure = PurePosixPath(path) if isinstance(path, str) else None
            if pure is None or pure.is_absolute() or ".." in pure.parts or not pure.parts:
                pytest.fail(f"{item.nodeid}: requires_sample({path!r}): give a path under shared/data", pytrace=False)
            paths.append(str(pure))
    return paths


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "requires_sample(*paths): the test reads these third-party samples (paths under ../shared/data); "
        "skipped when one is missing, failed instead when CI is set",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (or, in CI, fail) a test whose declared samples are missing, before its fixtures run."""
    root = samples_root()
    missing = [path for path in declared_samples(item) if not (root / path).exists()]
    if not missing:
        return
    message = f"third-party sample(s) not available under {root}: {', '.join(missing)}"
    if in_ci():
        pytest.fail(f"{message} (CI is set: a missing sample is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def sample_path(request) -> Callable[[str], Path]:
    """Resolve a sample path the test declared with ``requires_sample`` (files inside a declared folder too)."""
    declared = [PurePosixPath(path) for path in declared_samples(request.node)]

    def resolve(path: str) -> Path:
        wanted = PurePosixPath(path)
        if ".." in wanted.parts or not any(wanted == d or d in wanted.parents for d in declared):
            pytest.fail(
                f"{request.node.nodeid} reads the sample {path!r} without declaring it: "
                f"add @pytest.mark.requires_sample({path!r})",
                pytrace=False,
            )
        return samples_root() / wanted

    return resolve


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
