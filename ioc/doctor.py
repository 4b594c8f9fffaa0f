"""Installation and data health checks behind ``ioc doctor``."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from ioc.config import ConfigError, settings, site_timezone
from ioc.datalayer import DataLayer
from ioc.derivations import Derivations
from ioc.feeds import feed_states, freshness
from ioc.plugins import registry
from ioc.store import current_revision, open_store
from ioc.timestamps import as_utc

REQUIRED_MODULES = (
    "pandas",
    "pyarrow",
    "deltalake",
    "duckdb",
    "sqlalchemy",
    "alembic",
    "geopandas",
    "xarray",
    "panel",
    "holoviews",
    "typer",
)
OPTIONAL_MODULES = {
    "torch": "NLP models",
    "transformers": "NLP models",
    "prophet": "forecasts",
    "voila": "Voila dashboards",
    "playwright": "browser tests",
    "dask": "scale-out",
}


@dataclass
class Check:
    """One doctor result: ``status`` is ok, warn or fail."""

    name: str
    status: str
    detail: str


def _modules() -> Iterator[Check]:
    for name in REQUIRED_MODULES:
        try:
            module = importlib.import_module(name)
            yield Check(f"gói {name}", "ok", getattr(module, "__version__", "đã cài"))
        except ImportError as exc:
            yield Check(f"gói {name}", "fail", f"thiếu ({exc}); chạy `make install`")
    for name, purpose in OPTIONAL_MODULES.items():
        found = importlib.util.find_spec(name) is not None
        yield Check(f"gói {name}", "ok" if found else "warn", "đã cài" if found else f"chưa cài — cần cho {purpose}")


def run_checks() -> list[Check]:
    """Run every check; never raises."""

    checks = list(_modules())
    try:
        cfg = settings()
        checks.append(Check("cấu hình", "ok", f"site {cfg.site.name}, dữ liệu {cfg.data_dir.resolve()}"))
    except ConfigError as exc:
        return [*checks, Check("cấu hình", "fail", str(exc))]
    try:
        store = open_store(cfg.state_url)
        checks.append(
            Check("CSDL trạng thái", "ok", f"{store.engine.dialect.name}, revision {current_revision(store.engine)}")
        )
    except Exception as exc:  # noqa: BLE001 - report, don't crash: that's the doctor's job
        checks.append(Check("CSDL trạng thái", "fail", f"{type(exc).__name__}: {exc}"))
        return checks

    reg = registry()
    checks.append(Check("plugin", "ok" if len(reg) else "fail", ", ".join(reg.names()) or "không có plugin nào"))
    for name, error in reg.failures.items():
        checks.append(Check(f"plugin {name}", "warn", f"bỏ qua: {error}"))
    checks.extend(_data_checks(cfg))
    checks.extend(_feed_checks(store))
    checks.extend(_derivation_checks(store, site_timezone(cfg)))
    checks.append(
        Check(
            "chromium",
            "ok" if shutil.which("chromium") else "warn",
            shutil.which("chromium") or "không có (chỉ cần cho kiểm thử trình duyệt)",
        )
    )
    return checks


def _derivation_checks(store, timezone: str) -> Iterator[Check]:
    """Chains of derivations a killed process left, and those whose derivation raised
    (:mod:`ioc.derivations`): the latter with their error, since a retry alone will not mend a
    bug."""
    derivations = Derivations(store)
    failed = derivations.failed_chains()
    orphans = [root for root in derivations.orphans() if root.retry_after is None]
    if not orphans and not failed:
        yield Check("dẫn xuất dở dang", "ok", "không có (no pending derivations)")
        return
    if orphans:
        tables = ", ".join(sorted({orphan.table_name for orphan in orphans}))
        yield Check(
            "dẫn xuất dở dang",
            "warn",
            f"{len(orphans)} lô ({tables}) do tiến trình bị ngắt để lại: lần ghi kế tiếp hoặc `ioc lake recover` hoàn tất",
        )
    for root in failed:
        retry = as_utc(root.retry_after).tz_convert(timezone).strftime("%d/%m %H:%M")
        yield Check(
            f"dẫn xuất lỗi: {root.table_name}",
            "fail",
            f"lô {root.batch_id} lỗi {root.failures} lần, lần cuối: {root.last_error} "
            f"(thử lại sau {retry}, hoặc ngay: `ioc lake recover`; bảng dẫn xuất chưa được gộp tới khi xong)",
        )


def _feed_checks(store) -> Iterator[Check]:
    """Each public feed's freshness (``ioc collect …``): newest data, last run and its outcome."""
    for state in feed_states(store).to_dict("records"):
        status, detail = freshness(state)
        yield Check(f"nguồn {state['name']}", status, detail)


def _data_checks(cfg) -> Iterator[Check]:

    dl = DataLayer(cfg)
    try:
        now = pd.Timestamp.now(tz="UTC")
        for name, table in sorted(dl.tables.items()):
            if dl.version(name) is None:
                yield Check(f"bảng {name}", "warn", "chưa có dữ liệu (run `ioc demo` or `ioc ingest`)")
                continue
            if table.time_column:
                row = dl.sql(f'SELECT count(*) AS n, max("{table.time_column}") AS last FROM {name}').iloc[0]
                age = now - pd.Timestamp(row["last"]).tz_convert("UTC") if pd.notna(row["last"]) else None
                status = "ok" if age is not None and age < pd.Timedelta(days=2) else "warn"
                yield Check(f"bảng {name}", status, f"{int(row['n'])} dòng, mới nhất {row['last']}")
            else:
                count = int(dl.sql(f"SELECT count(*) AS n FROM {name}").iloc[0]["n"])
                yield Check(f"bảng {name}", "ok", f"{count} dòng")
    finally:
        dl.close()
