"""Violations become alerts routed to the agency through ingestion; the IOC opens a timed incident."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from ioc.alerts import open_alerts, store_alerts
from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc.plugins import DemoContext, Registry
from ioc.rules import evaluate_schedule
from ioc.store import Warning_
from ioc_plugins.public_admin import plugin, queries
from ioc_plugins.public_admin.demo import generate
from ioc_plugins.public_admin.tables import TABLES

ZONE = "Asia/Ho_Chi_Minh"


def t(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_localize(ZONE).tz_convert("UTC")


@pytest.fixture
def layer(sqlite_settings):
    datalayer = DataLayer(sqlite_settings, tables=TABLES)
    yield datalayer
    datalayer.close()


@pytest.fixture
def reg():
    return Registry([plugin()])


def dossier_rows():
    base = {"procedure_code": "P1", "agency_code": "STP", "unit_code": "P.BARIA", "channel": 1, "status": 4}
    return pd.DataFrame(
        [
            {**base, "code": "OK", "received_at": t("2026-02-09 09:00"), "due_at": t("2026-03-02 09:00")},
            {**base, "code": "LATE", "received_at": t("2026-02-09 09:00"), "due_at": t("2026-02-13 16:00")},
        ]
    )


def event_rows(*rows):
    return pd.DataFrame([{"event_id": f"{d}-{a}", "dossier_code": d, "action": a, "at": t(at)} for d, a, at in rows])


def test_violations_become_alerts_for_the_agency_once(layer, reg):
    process_batch(layer, "public_admin.dossiers", dossier_rows(), plugins=reg)
    events = event_rows(("OK", "finished", "2026-02-24 09:00"), ("LATE", "finished", "2026-02-24 09:00"))
    process_batch(layer, "public_admin.dossier_events", events, plugins=reg)
    alerts = open_alerts(layer.store, "public_admin")
    assert sorted(alerts["rule_id"]) == ["public_admin.no_apology", "public_admin.overdue"]
    assert set(alerts["entity_id"]) == {"LATE"}
    with layer.store.session() as session:
        agencies = {w.agency_code for w in session.scalars(select(Warning_)).all()}
    assert agencies == {"STP"}
    # the same events again (a re-sent batch) and a later event raise nothing new
    process_batch(layer, "public_admin.dossier_events", events, plugins=reg)
    process_batch(layer, "public_admin.dossier_events", event_rows(("LATE", "result_returned", "2026-02-24 10:00")), plugins=reg)  # fmt: skip
    alerts = open_alerts(layer.store, "public_admin")
    assert sorted(alerts["rule_id"]) == ["public_admin.no_apology", "public_admin.overdue", "public_admin.result_late"]


def test_out_of_order_batches_are_checked_in_time_order(layer, reg):
    process_batch(layer, "public_admin.dossiers", dossier_rows(), plugins=reg)
    process_batch(layer, "public_admin.dossier_events", event_rows(("OK", "finished", "2026-02-27 09:00")), plugins=reg)  # fmt: skip
    # the assignment (12/2, quota 3) arrives after the finish: held 4 working days across Tết
    late = pd.DataFrame(
        [{"event_id": "a", "dossier_code": "OK", "action": "assigned", "at": t("2026-02-12 09:00"), "actor": "cb.an",
          "quota_days": 3}]
    )  # fmt: skip
    process_batch(layer, "public_admin.dossier_events", late, plugins=reg)
    alerts = open_alerts(layer.store, "public_admin")
    assert list(alerts["rule_id"]) == ["public_admin.step_over_quota"]


def test_the_scheduled_rule_flags_open_dossiers(layer, reg):
    process_batch(layer, "public_admin.dossiers", dossier_rows(), plugins=reg)
    drafts = evaluate_schedule(reg.rules(), layer, t("2026-02-27 09:00"))
    assert sorted((d.entity_id, d.rule_id) for d in drafts) == [
        ("LATE", "public_admin.no_apology"),
        ("LATE", "public_admin.overdue"),
        ("OK", "public_admin.overdue_warning"),  # 1 of 10 working days left
    ]


def test_the_ioc_opens_a_timed_incident_from_a_violation(layer, reg):
    process_batch(layer, "public_admin.dossiers", dossier_rows(), plugins=reg)
    store_alerts(layer.store, evaluate_schedule(reg.rules(), layer, t("2026-02-27 09:00")))
    alert = open_alerts(layer.store, "public_admin").query("rule_id == 'public_admin.overdue'").iloc[0]
    incident = queries.open_incident(layer, int(alert["id"]))
    assert incident["procedure"] == "timed" and incident["state"] == "received"
    assert queries.open_incident(layer, int(alert["id"]))["id"] == incident["id"]  # once


def test_counters_and_the_overview_tile(layer, reg):
    empty = queries.overview_tile(layer, t("2026-02-27 09:00"))
    assert empty.status == "unknown" and empty.figures == ()
    process_batch(layer, "public_admin.dossiers", dossier_rows(), plugins=reg)
    now = t("2026-02-27 09:00")
    assert queries.counters(layer, now) == {"received_today": 0, "overdue": 1, "due_soon": 1, "open": 2}
    tile = queries.overview_tile(layer, now)
    assert tile.status == "alert" and tile.figures[1].value == 1 and tile.page == "public_admin"


def test_backlog_by_agency_puts_the_most_overdue_first(layer, reg):
    assert queries.backlog_by_agency(layer, t("2026-02-27 09:00")).empty  # no table yet: empty, no error
    other = {"procedure_code": "P2", "agency_code": "SYT", "unit_code": "P.BARIA", "channel": 1, "status": 4}
    rows = pd.concat(
        [
            dossier_rows(),  # STP: one open on time, one overdue
            pd.DataFrame(
                [
                    {**other, "code": f"Y{i}", "received_at": t("2026-02-20 09:00"), "due_at": t("2026-03-10 09:00")}
                    for i in range(3)  # SYT: three open, none overdue
                ]
            ),
        ]
    )
    process_batch(layer, "public_admin.dossiers", rows, plugins=reg)
    frame = queries.backlog_by_agency(layer, t("2026-02-27 09:00"))
    assert frame.to_dict("records") == [
        {"agency_code": "STP", "open": 2, "overdue": 1},
        {"agency_code": "SYT", "open": 3, "overdue": 0},
    ]
    # before STP's deadline nothing is overdue: the larger backlog comes first
    assert list(queries.backlog_by_agency(layer, t("2026-02-12 09:00"))["agency_code"]) == ["SYT", "STP"]
    assert list(queries.backlog_by_agency(layer, t("2026-02-27 09:00"), limit=1)["agency_code"]) == ["STP"]


def test_demo_has_a_tet_peak_planted_violations_and_only_declared_tables(layer, reg):
    start = t("2026-01-26 00:00")
    context = DemoContext(start=start, days=35, scale=0.3, seed=3)
    batches = dict(generate(context))
    assert set(batches) <= {t.name for t in TABLES}
    received = pd.to_datetime(batches["public_admin.dossiers"]["received_at"], utc=True).dt.tz_convert(ZONE)
    assert not received.dt.date.astype(str).between("2026-02-14", "2026-02-22").any()  # nothing during Tết
    for table, frame in batches.items():
        results = process_batch(layer, table, frame, plugins=reg, now=start + pd.Timedelta(days=36))
        assert all(r.rejected == 0 for r in results), table
    assert len(open_alerts(layer.store, "public_admin")) > 0


def test_settings_section_is_validated(tmp_path):
    from ioc.config import ConfigError, load_settings
    from ioc_plugins.public_admin.config import public_admin_config

    config = tmp_path / "ioc.yaml"
    config.write_text("plugins:\n  public_admin:\n    warn_share: 0.3\n    lookup_per_minute: 5\n", encoding="utf-8")
    options = public_admin_config(load_settings(config, data_dir=tmp_path / "data"))
    assert (options.warn_share, options.lookup_per_minute, options.step_quota_days) == (0.3, 5, 3.0)
    config.write_text("plugins:\n  public_admin:\n    warn_shar: 0.3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="warn_share"):
        public_admin_config(load_settings(config, data_dir=tmp_path / "data"))


def test_the_demo_hands_its_year_on_in_batches_of_whole_days(monkeypatch):
    from ioc_plugins.public_admin import demo

    context = DemoContext(start=t("2026-01-05 00:00"), days=60, scale=1.0, seed=5)
    whole = list(generate(context))
    monkeypatch.setattr(demo, "EVENTS_PER_BATCH", 500)
    parts = list(generate(context))
    assert len(parts) > len(whole) + 6
    for table in ("public_admin.dossiers", "public_admin.dossier_events", "public_admin.feedback"):
        one = next(frame for name, frame in whole if name == table)
        joined = pd.concat([frame for name, frame in parts if name == table], ignore_index=True)
        # the same rows and values (a batch whose optional times are all empty holds them as objects)
        pd.testing.assert_frame_equal(
            joined.astype(object).where(joined.notna(), None), one.astype(object).where(one.notna(), None)
        )
    stored: set[str] = set()
    for name, frame in parts:  # every event and feedback names a dossier handed on before it
        if name == "public_admin.dossiers":
            stored |= set(frame["code"])
        elif name in ("public_admin.dossier_events", "public_admin.feedback"):
            assert set(frame["dossier_code"].dropna()) <= stored
