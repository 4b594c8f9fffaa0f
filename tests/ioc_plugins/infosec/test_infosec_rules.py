"""Each infosec rule on planted cases, the posture score, and alerts routed to the agency."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from ioc.config import Settings, load_settings
from ioc.datalayer import DataLayer
from ioc.ingest import ingest_files
from ioc_plugins.infosec import rules as rules_module
from ioc_plugins.infosec.derive import malware_sightings
from ioc_plugins.infosec.model import EVENT_FIELDS
from ioc_plugins.infosec.posture import score
from ioc_plugins.infosec.rules import (
    BlocklistRule,
    BurstRule,
    CampaignRule,
    MalwareRule,
    SeverityRule,
    SilentSensorRule,
)
from ioc_plugins.infosec.tables import EVENTS, MALWARE

T0 = pd.Timestamp("2025-03-01T01:00:00Z")


@dataclass
class Deployment:
    """What the batch rules need of a data layer: its settings, and (here) no history."""

    settings: Settings

    def read(self, table: str, **_: object) -> pd.DataFrame:
        return EVENTS.empty_frame()


def config(tmp_path, **section) -> Deployment:
    return Deployment(load_settings(data_dir=tmp_path / "data", plugins={"infosec": section}))


def events(*rows: dict) -> pd.DataFrame:
    """Typed ``infosec.events`` rows (what a rule gets from the data layer)."""
    base = {"event_module": "suricata", "event_dataset": "alert", "severity": 3, "rule_id": "2024792"}
    frame = pd.DataFrame(
        [{**base, "event_id": f"e{i}", **row} for i, row in enumerate(rows)], columns=list(EVENT_FIELDS)
    )
    good, rejected = EVENTS.validate(frame, now=pd.Timestamp("2030-01-01", tz="UTC"))
    assert rejected.empty, rejected["reason"].tolist()
    return good


def at(minutes: float) -> pd.Timestamp:
    return T0 + pd.Timedelta(minutes=minutes)


# ------------------------------------------------------------------ severity threshold
def test_severity_threshold_default_high_one_alert_per_agency_and_signature():
    batch = events(
        {"time": at(0), "agency": "SYT", "severity": 3, "rule_name": "SQLi", "source_ip": "192.0.2.1"},
        {"time": at(1), "agency": "SYT", "severity": 4, "rule_name": "SQLi", "source_ip": "192.0.2.2"},
        {"time": at(2), "agency": "STC", "severity": 2, "rule_name": "scan", "rule_id": "1"},
        {"time": at(3), "agency": None, "severity": 4, "rule_name": "outside"},
    )
    drafts = SeverityRule().evaluate(batch)
    assert [(d.entity_id, d.severity, d.value) for d in drafts] == [("SYT|2024792", "critical", 2.0)]
    assert [(a.kind, a.agency_code) for a in drafts[0].audiences] == [("agency", "SYT")]
    assert "raw" not in drafts[0].source_rows[0]  # evidence never carries the raw record


def test_severity_threshold_per_agency(tmp_path):
    batch = events(
        {"time": at(0), "agency": "CA", "severity": 2, "rule_name": "scan"},
        {"time": at(0), "agency": "STC", "severity": 2},
    )
    drafts = SeverityRule().evaluate(batch, config(tmp_path, agency_thresholds={"CA": "medium"}))
    assert [d.entity_id for d in drafts] == ["CA|2024792"]
    assert drafts[0].severity == "warning"


# ------------------------------------------------------------------ burst
def burst(count: int, every_s: float, source: str = "192.0.2.9") -> pd.DataFrame:
    return events(
        *[
            {
                "time": T0 + pd.Timedelta(seconds=i * every_s),
                "source_ip": source,
                "agency": "VPUBND",
                "rule_name": "Brute",
            }
            for i in range(count)
        ]
    )


def test_burst_of_one_signature_from_one_source():
    drafts = BurstRule().evaluate(burst(20, 25))  # 20 in 7 min 55 s: within 10 minutes
    assert [(d.entity_id, d.value, d.severity) for d in drafts] == [("VPUBND|192.0.2.9|2024792", 20.0, "high")]


@pytest.mark.parametrize(("count", "every_s"), [(19, 25), (20, 40)], ids=["19-events", "spread-over-13-minutes"])
def test_no_burst_below_the_rate(count, every_s):
    assert BurstRule().evaluate(burst(count, every_s)) == []


def test_burst_threshold_from_the_settings(tmp_path):
    assert len(BurstRule().evaluate(burst(5, 10), config(tmp_path, burst={"count": 5, "minutes": 1}))) == 1


# ------------------------------------------------------------------ campaign
def test_one_source_attacking_three_agencies_is_a_campaign():
    batch = events(
        {"time": at(0), "source_ip": "192.0.2.77", "destination_ip": "10.77.5.10", "agency": "SYT"},
        {"time": at(30), "source_ip": "192.0.2.77", "destination_ip": "10.77.9.10", "agency": "STC"},
        {"time": at(60), "source_ip": "192.0.2.77", "destination_ip": "10.77.10.10", "agency": "CA"},
        {"time": at(60), "source_ip": "192.0.2.8", "destination_ip": "10.77.10.10", "agency": "CA"},
        {"time": at(61), "source_ip": "192.0.2.8", "destination_ip": "10.77.9.10", "agency": "STC"},
    )
    drafts = CampaignRule().evaluate(batch)
    assert [(d.entity_id, d.severity, d.value) for d in drafts] == [("*|192.0.2.77", "critical", 3.0)]
    assert sorted(a.agency_code for a in drafts[0].audiences) == ["CA", "STC", "SYT"]


def test_agencies_hit_further_apart_than_the_window_are_no_campaign():
    batch = events(
        {"time": at(0), "source_ip": "192.0.2.77", "agency": "SYT"},
        {"time": at(60 * 25), "source_ip": "192.0.2.77", "agency": "STC"},
        {"time": at(60 * 26), "source_ip": "192.0.2.77", "agency": "CA"},
    )
    assert CampaignRule().evaluate(batch) == []


# ------------------------------------------------------------------ malware
def test_malware_sightings_merge_and_raise_one_alert_per_host():
    batch = events(
        {"time": at(0), "agency": "SYT", "host_name": "syt-pc17", "malware_family": "Emotet", "severity": 4},
        {"time": at(5), "agency": "SYT", "host_name": "syt-pc17", "malware_family": "Emotet", "severity": 4},
        {
            "time": at(9),
            "agency": "SGDDT",
            "destination_ip": "10.77.6.5",
            "malware_family": "Webshell",
            "file_hash": "ab" * 32,
        },
        {"time": at(9), "agency": "SGDDT", "rule_name": "no malware"},
    )
    sightings = malware_sightings(batch)
    assert sorted(zip(sightings["host"], sightings["indicator"], sightings["sightings"], strict=True)) == [
        ("10.77.6.5", "ab" * 32, 1),
        ("syt-pc17", "Emotet", 2),
    ]
    stored = sightings[sightings["host"] == "syt-pc17"].assign(first_seen=at(-60), sightings=3)
    merged = malware_sightings(batch[batch["host_name"] == "syt-pc17"], stored)
    assert (merged.iloc[0]["first_seen"], merged.iloc[0]["last_seen"], merged.iloc[0]["sightings"]) == (
        at(-60),
        at(5),
        5,
    )
    good, _ = MALWARE.validate(sightings, now=pd.Timestamp("2030-01-01", tz="UTC"))
    drafts = MalwareRule().evaluate(good)
    assert sorted(d.entity_id for d in drafts) == ["SGDDT|10.77.6.5|" + "ab" * 32, "SYT|syt-pc17|Emotet"]
    assert all(d.severity == "critical" for d in drafts)


# ------------------------------------------------------------------ blocklist
def test_host_contacting_a_blocklisted_address_default_list():
    batch = events(
        {"time": at(0), "source_ip": "10.77.5.17", "destination_ip": "198.51.100.5", "agency": "SYT", "severity": 0},
        {"time": at(1), "source_ip": "10.77.5.17", "destination_ip": "198.51.100.99", "agency": "SYT", "severity": 0},
    )
    drafts = BlocklistRule().evaluate(batch)  # the shipped demo list holds 198.51.100.0/28
    assert [d.entity_id for d in drafts] == ["SYT|10.77.5.17|198.51.100.5"]


def test_admin_updates_the_blocklist_without_a_restart(tmp_path):
    listing = tmp_path / "blocklist.csv"
    listing.write_text("ip,note\n192.0.2.200,phishing\n", encoding="utf-8")
    deployment = config(tmp_path, blocklist=str(listing))
    batch = events({"time": at(0), "source_ip": "192.0.2.201", "destination_ip": "10.77.9.4", "agency": "STC"})
    assert BlocklistRule().evaluate(batch, deployment) == []
    listing.write_text("ip,note\n192.0.2.200,phishing\n192.0.2.192/28,scanner range\n", encoding="utf-8")
    drafts = BlocklistRule().evaluate(batch, deployment)
    assert [d.entity_id for d in drafts] == ["STC|10.77.9.4|192.0.2.201"]
    plain = tmp_path / "blocklist.txt"
    plain.write_text("# comment\n192.0.2.201   # inline comment\nnot-an-address\n", encoding="utf-8")
    assert len(BlocklistRule().evaluate(batch, config(tmp_path, blocklist=str(plain)))) == 1


# ------------------------------------------------------------------ silent sensor
def test_silent_sensor(sqlite_settings):
    layer = DataLayer(sqlite_settings)
    steady = [
        {"time": at(10 * i), "observer_name": "ids-a/eve", "severity": 0, "event_dataset": "dns"} for i in range(12)
    ]
    sparse = [
        {"time": at(10 * i), "observer_name": "ids-b/eve", "severity": 0, "event_dataset": "dns"} for i in range(3)
    ]
    layer.write("infosec.events", events(*steady, *sparse))
    rule = SilentSensorRule()
    assert rule.evaluate_at(layer, at(110 + 60)) == []  # an hour after its last event: within 2 h
    drafts = rule.evaluate_at(layer, at(110 + 180))
    assert [(d.entity_id, d.value) for d in drafts] == [("-|ids-a/eve", 3.0)]  # ids-b has too few events to watch
    layer.close()


# ------------------------------------------------------------------ posture
@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((0, 0, 0, None), 100.0),
        ((1, 0, 0, 0.0), 92.0),
        ((0, 1, 3, 12.0), 100 - 12 - 10 - 5),
        ((9, 9, 10**6, 240.0), 0.0),
    ],
    ids=["quiet", "one-open-high", "malware-exposure-ack", "floor"],
)
def test_posture_score(parts, expected):
    assert score(*parts) == expected


# ------------------------------------------------------------------ end to end
def test_ingest_routes_alerts_to_the_agency_and_scores_posture(datalayer, tmp_path):
    lines = [
        {
            "timestamp": f"2025-03-01T08:{m:02d}:00.000000+0700",
            "flow_id": m,
            "event_type": "alert",
            "src_ip": "192.0.2.77",
            "dest_ip": ip,
            "dest_port": 443,
            "proto": "TCP",
            "alert": {
                "signature_id": 2031502,
                "signature": "ET EXPLOIT Path Traversal",
                "severity": 1,
                "category": "x",
            },
        }
        for m, ip in enumerate(["10.77.5.10", "10.77.9.10", "10.77.10.10"])
    ]
    lines.append(
        {
            "timestamp": "2025-03-01T08:10:00.000000+0700",
            "flow_id": 99,
            "event_type": "alert",
            "src_ip": "10.77.5.17",
            "dest_ip": "198.51.100.5",
            "alert": {"signature_id": 2030000, "signature": "ET MALWARE Emotet CnC Beacon", "severity": 1},
        }
    )
    path = tmp_path / "ids-dc" / "eve.json"
    path.parent.mkdir()
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    ingest_files(datalayer, "suricata_eve", [path], progress=False)
    with datalayer.store.engine.connect() as connection:
        alerts = pd.read_sql_query("SELECT rule_id, entity_id FROM alerts ORDER BY rule_id, entity_id", connection)
        warnings = pd.read_sql_query("SELECT DISTINCT agency_code FROM warnings ORDER BY 1", connection)
    assert set(alerts["rule_id"]) == {
        "infosec.severity_threshold",
        "infosec.multi_agency_source",
        "infosec.blocklisted_address",
        "infosec.malware_on_host",
    }
    assert warnings["agency_code"].tolist() == ["CA", "STC", "SYT"]
    malware = datalayer.read("infosec.malware")
    assert malware[["host", "family", "agency"]].values.tolist() == [["10.77.5.17", "Emotet", "SYT"]]
    posture = datalayer.read("infosec.posture").set_index("agency")
    assert posture.loc["SYT", "malware"] == 1 and posture.loc["SYT", "score"] < posture.loc["CA", "score"] < 100
    again = ingest_files(datalayer, "suricata_eve", [path], progress=False)  # re-reading the log adds nothing
    assert next(r for r in again if r.table == "infosec.events").duplicate == 4
    assert datalayer.read("infosec.malware")["sightings"].tolist() == [1]


def _eve_file(folder, name: str, rows: list[tuple[pd.Timestamp, str, str]], first_flow: int):
    """An EVE log of high alerts ``(time, source, destination)`` of one signature."""
    lines = [
        {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+0000",
            "flow_id": first_flow + number,
            "event_type": "alert",
            "src_ip": source,
            "dest_ip": destination,
            "proto": "TCP",
            "alert": {"signature_id": 2001219, "signature": "ET SCAN SSH Brute", "severity": 1},
        }
        for number, (time, source, destination) in enumerate(rows)
    ]
    path = folder / "ids-dc" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def _rule_alerts(datalayer, rule_id: str) -> list[str]:
    with datalayer.store.engine.connect() as connection:
        found = pd.read_sql_query("SELECT entity_id, rule_id FROM alerts ORDER BY entity_id", connection)
    return found.loc[found["rule_id"] == rule_id, "entity_id"].tolist()


def test_counting_rules_see_the_detections_stored_by_earlier_batches(datalayer, tmp_path):
    # a burst and a campaign each split over two files: neither file alone reaches the rule,
    # the second one does with the first one's stored detections (read back, raw left out)
    source = "192.0.2.66"
    first = [(at(i * 0.25), source, "10.77.5.10") for i in range(12)]  # 12 on SYT in 3 minutes
    second = [(at(3 + i * 0.25), source, "10.77.9.10") for i in range(8)]  # 8 more on STC
    second += [(at(4), source, "10.77.10.10")]  # and CA: three agencies in 4 minutes
    ingest_files(datalayer, "suricata_eve", [_eve_file(tmp_path, "eve.1.json", first, 0)], progress=False)
    assert _rule_alerts(datalayer, "infosec.signature_burst") == []
    assert _rule_alerts(datalayer, "infosec.multi_agency_source") == []
    ingest_files(datalayer, "suricata_eve", [_eve_file(tmp_path, "eve.json", second, 100)], progress=False)
    assert _rule_alerts(datalayer, "infosec.signature_burst") == [f"*|{source}|2001219"]
    assert _rule_alerts(datalayer, "infosec.multi_agency_source") == [f"*|{source}"]


def _random_detections(seed: int, rows: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sources = [f"192.0.2.{n}" for n in range(12)] + ["10.77.5.10"]
    agencies = ["SYT", "STC", "CA", "VPUBND", None]
    clusters = T0 + pd.to_timedelta(rng.integers(0, 3 * 24 * 60, 3), unit="min")
    return events(
        *[
            {
                "time": clusters[rng.integers(0, 3)] + pd.Timedelta(seconds=int(rng.integers(0, 1_200))),
                "source_ip": sources[rng.integers(0, len(sources))],
                "destination_ip": rng.choice(["10.77.5.10", "10.77.9.10", None]),
                "agency": agencies[rng.integers(0, len(agencies))],
                "rule_id": str(rng.integers(1, 3)),
                "rule_name": "scan",
                "severity": int(rng.integers(0, 4)),
            }
            for _ in range(rows)
        ]
    )


def test_busiest_window_is_the_most_of_any_window_of_each_group():
    frame = _random_detections(3)
    window = pd.Timedelta(minutes=10).to_pytimedelta()
    busiest = rules_module._busiest_window(frame, ["source_ip", "rule_id"], window)
    for _, group in frame.groupby(["source_ip", "rule_id"]):
        expected = rules_module._window_counts(group["time"], window).max()
        assert set(busiest[frame.index.get_indexer(group.index)]) == {expected}


@pytest.mark.parametrize("seed", range(6))
def test_counting_rules_find_what_looking_at_every_group_finds(tmp_path, monkeypatch, seed):
    # the pre-selection of bursting pairs and campaign sources only skips groups that cannot
    # fire: the drafts are those of the one-by-one look at every group
    batch = _random_detections(seed)
    deployment = config(tmp_path, burst={"count": 6, "minutes": 10}, campaign={"agencies": 3, "hours": 1})
    chosen = [rule.evaluate(batch, deployment) for rule in (BurstRule(), CampaignRule())]
    monkeypatch.setattr(rules_module, "_busiest_window", lambda frame, keys, window: np.full(len(frame), 10**9))
    monkeypatch.setattr(
        rules_module, "_campaign_candidates", lambda frame, window, agencies: frame["source_ip"].unique()
    )
    every = [rule.evaluate(batch, deployment) for rule in (BurstRule(), CampaignRule())]
    assert chosen == every and chosen[0] and chosen[1]  # both rules fire on these batches


def test_posture_alert_parts_are_those_of_a_day_by_day_count():
    # open high alerts before each day's end and the median hours to acknowledge over the 30
    # days up to it, for every (agency, day) row at once: as counted one day at a time
    from ioc_plugins.infosec.posture import _alert_parts

    rng = np.random.default_rng(11)
    zone = "Asia/Ho_Chi_Minh"
    alerts = pd.DataFrame(
        {
            "agency": rng.choice(["SYT", "STC", "CA"], 300),
            "observed_at": T0 + pd.to_timedelta(rng.integers(0, 90 * 24 * 60, 300), unit="min"),
            "status": rng.choice(["open", "acknowledged"], 300),
            "severity": rng.choice(["warning", "high", "critical"], 300),
            "ack_hours": rng.random(300) * 48,
        }
    )
    days = pd.date_range("2025-02-20", "2025-06-10", freq="D")
    table = pd.DataFrame(
        [(agency, day) for agency in ["SYT", "STC", "CA", "VPUBND"] for day in days], columns=["agency", "day"]
    )
    open_high, ack = _alert_parts(alerts, table, zone)
    for row, (agency, day) in enumerate(zip(table["agency"], table["day"], strict=True)):
        end = (day + pd.Timedelta(days=1)).tz_localize(zone).tz_convert("UTC")
        mine = alerts[alerts["agency"] == agency]
        high = mine[(mine["status"] == "open") & mine["severity"].isin(["high", "critical"])]
        window = mine[(mine["observed_at"] >= end - pd.Timedelta(days=30)) & (mine["observed_at"] < end)]
        assert open_high[row] == int((high["observed_at"] < end).sum())
        assert ack[row] == (round(float(np.median(window["ack_hours"])), 2) if len(window) else None)
