"""The demo generator: the tools' own files with their quirks, and the planted situations."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from ioc.alerts import store_alerts
from ioc.cli import app
from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc.plugins import DemoContext, registry
from ioc.rules import evaluate_schedule
from ioc_plugins.infosec.demo import C2, CAMPAIGN_SOURCE, write_demo_files


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Four days of demo data, ingested once for the module's tests."""
    from ioc.config import load_settings

    root = tmp_path_factory.mktemp("infosec-demo")
    layer = DataLayer(load_settings(data_dir=root / "data"))
    run_demo(layer, days=4, scale=0.2, plugins=["infosec"], progress=False)
    store_alerts(layer.store, evaluate_schedule(registry().rules(), layer))
    yield layer
    layer.close()


def test_demo_files_carry_the_formats_quirks(tmp_path):
    start = pd.Timestamp.now(tz="UTC").floor("h") - pd.Timedelta(days=3)
    files = write_demo_files(tmp_path, DemoContext(start=start, days=3, scale=0.2))
    assert sorted(files) == ["ossec_log", "suricata_eve", "wazuh_alerts", "zeek_conn", "zeek_logs"]
    lines_eve, array_eve = (p.read_text(encoding="utf-8") for p in files["suricata_eve"])
    assert '"event_type": "stats"' in lines_eve and not lines_eve.endswith("\n")  # a cut-off last line
    assert "+0700" in lines_eve  # offsets without a colon
    assert array_eve.startswith("[\n  {")  # an exported, pretty-printed array
    assert array_eve == json.dumps(json.loads(array_eve), indent=2)  # as json.dumps writes one
    wazuh, ossec = (p.read_text(encoding="utf-8") for p in files["wazuh_alerts"])
    assert '"decoder": {}' in wazuh and ':22"' in wazuh  # dstip with a port
    assert '"comment"' in ossec and '"TimeStamp"' in ossec
    assert files["ossec_log"][0].read_text(encoding="utf-8").startswith("** Alert ")
    conn = files["zeek_conn"][0].read_text(encoding="utf-8")
    assert conn.startswith("#separator \\x09") and "(empty)" in conn and "#close" not in conn
    assert "id.orig_h" in json.loads(files["zeek_logs"][0].read_text(encoding="utf-8").splitlines()[0])


def test_demo_files_are_written_without_holding_their_records_several_times(tmp_path):
    # a province's year (scale 1) held its records as dicts, then as texts, then joined:
    # 5.9 GB at peak for 0.6 GB of files; now about the files once
    import tracemalloc

    context = DemoContext(start=pd.Timestamp("2025-01-01", tz="UTC"), days=365, scale=0.3, seed=3)
    tracemalloc.start()
    try:
        files = write_demo_files(tmp_path, context)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    written = sum(path.stat().st_size for paths in files.values() for path in paths)
    assert written > 5_000_000 and peak < 1.6 * written  # 3.9× before


def test_demo_is_seeded(tmp_path):
    start = pd.Timestamp("2025-03-01", tz="UTC")
    one = write_demo_files(tmp_path / "a", DemoContext(start=start, days=2, scale=0.2, seed=3))
    two = write_demo_files(tmp_path / "b", DemoContext(start=start, days=2, scale=0.2, seed=3))
    assert [p.read_bytes() for ps in one.values() for p in ps] == [p.read_bytes() for ps in two.values() for p in ps]


def test_planted_situations_raise_their_alerts(demo):
    with demo.store.engine.connect() as connection:
        alerts = pd.read_sql_query("SELECT rule_id, entity_id FROM alerts WHERE domain = 'infosec'", connection)
    by_rule = alerts.groupby("rule_id")["entity_id"].apply(set).to_dict()
    assert f"*|{CAMPAIGN_SOURCE}" in by_rule["infosec.multi_agency_source"]
    assert f"VPUBND|{CAMPAIGN_SOURCE}|2031502" in by_rule["infosec.signature_burst"]
    assert {"SYT|syt-his01|Win.Trojan.Emotet-9953291-0", "SGDDT|sgddt-web01|Win.Trojan.Emotet-9953291-0"} <= by_rule[
        "infosec.malware_on_host"
    ]
    assert f"SYT|10.77.5.17|{C2}" in by_rule["infosec.blocklisted_address"]
    assert f"SYT|10.77.5.17|{C2}" in by_rule["infosec.blocklisted_address_conn"]  # the Zeek beacon too
    assert "-|ids-ubndvt/eve" in by_rule["infosec.silent_sensor"]
    assert "infosec.severity_threshold" in by_rule


def test_demo_quirks_are_quarantined_not_lost(demo):
    log = demo.ingest_log(100)
    events = log[(log["table_name"] == "infosec.events") & (log["source"] == "demo:infosec")]
    assert events["rejected"].sum() == 1  # the cut-off last EVE line, with its reason
    posture = demo.read("infosec.posture")
    assert set(posture["agency"]) >= {"SYT", "SGDDT", "VPUBND", "UBND_VT"}
    latest = posture[posture["agency"] == "SYT"].sort_values("day").iloc[-1]
    assert latest["score"] < 100


def test_listen_file_once_from_the_command_line(tmp_path, monkeypatch):
    log = tmp_path / "ids" / "eve.json"
    log.parent.mkdir()
    record = {"timestamp": "2025-03-01T08:00:00+0700", "event_type": "dns", "src_ip": "10.77.1.2", "flow_id": 1}
    log.write_text(json.dumps(record) + "\n" + json.dumps(record | {"flow_id": 2}) + "\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["listen", "file", str(log), "--adapter", "suricata_eve", "--once"])
    assert first.exit_code == 0, first.output
    assert "2 dòng mới" in first.output
    second = runner.invoke(app, ["listen", "file", str(log), "--adapter", "suricata_eve", "--once"])
    assert "0 dòng mới" in second.output  # the position was kept
    wrong = runner.invoke(app, ["listen", "file", str(log), "--adapter", "suricata_ev", "--once"])
    assert wrong.exit_code != 0 and "suricata_eve" in str(wrong.exception)


def test_a_long_log_is_written_as_rotated_files_of_one_sensor(tmp_path, monkeypatch):
    from ioc_plugins.infosec import demo
    from ioc_plugins.infosec.adapters.common import sensor_name

    context = DemoContext(start=pd.Timestamp("2025-03-01", tz="UTC"), days=2, scale=1.0, seed=3)
    whole = write_demo_files(tmp_path / "whole", context)
    monkeypatch.setattr(demo, "ROTATE_RECORDS", 30)
    rotated = write_demo_files(tmp_path / "rotated", context)

    def texts(paths, folder):
        return [path.read_text(encoding="utf-8") for path in paths if path.parent.name == folder]

    central = [path for path in rotated["suricata_eve"] if path.parent.name == "ids-dc"]
    names = [f"eve.json.{n}" for n in range(len(central) - 1, 0, -1)] + ["eve.json"]
    assert len(central) > 2 and [path.name for path in central] == names  # oldest first
    assert {sensor_name(path) for path in central} == {"ids-dc/eve"}
    parts = texts(central, "ids-dc")
    assert all(text.endswith("\n") for text in parts[:-1]) and parts[-1].endswith('"src_')  # the current one is cut
    assert "".join(parts) == texts(whole["suricata_eve"], "ids-dc")[0]
    arrays = [json.loads(text) for text in texts(rotated["suricata_eve"], "ids-ubndvt")]
    assert len(arrays) > 1 and [record for array in arrays for record in array] == json.loads(
        texts(whole["suricata_eve"], "ids-ubndvt")[0]
    )
    for source, folder in (("wazuh_alerts", "wazuh-dc"), ("zeek_conn", "zeek-dc"), ("zeek_logs", "zeek-dc")):
        lines = [line for text in texts(rotated[source], folder) for line in text.splitlines()]
        header = [line for line in lines if line.startswith("#")]
        assert len(texts(rotated[source], folder)) > 1, source
        assert [line for line in lines if not line.startswith("#")] == [
            line for line in texts(whole[source], folder)[0].splitlines() if not line.startswith("#")
        ], source
        assert len(header) == (len(texts(rotated[source], folder)) * 8 if source == "zeek_conn" else 0)
