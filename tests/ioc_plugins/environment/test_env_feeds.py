"""Open-Meteo and OpenAQ v3 collectors against a loopback server playing saved real-format answers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from env_feed_server import API_KEY, RESPONSES, FeedServer, error_page, open_meteo_error, rate_limited, truncated

from ioc.datalayer import DataLayer
from ioc.feeds import FeedError, HttpClient, feed_states, freshness, load_cursor
from ioc.ingest import ingest_files
from ioc_plugins.environment.collectors import collect_open_meteo, collect_openaq
from ioc_plugins.environment.config import FeedPoint, OpenAQConfig, OpenMeteoConfig

NOW = pd.Timestamp("2025-03-02T23:00", tz="UTC")
#: The saved answer: 48 hours from 2025-03-01T00:00 UTC, the last 3 not yet produced by the model.
LAST_VALUE = pd.Timestamp("2025-03-02T20:00", tz="UTC")
POINTS = [
    FeedPoint(id="om_26526", name="Phường Tam Thắng (Open-Meteo, mô hình)", lat=10.362, lon=107.090),
    FeedPoint(id="om_26560", name="Phường Bà Rịa (Open-Meteo, mô hình)", lat=10.497, lon=107.180),
]
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


@pytest.fixture
def dl(sqlite_settings):
    layer = DataLayer(sqlite_settings)
    yield layer
    layer.close()


def meteo_config(server: FeedServer, **extra) -> OpenMeteoConfig:
    return OpenMeteoConfig(base_url=f"{server.url}/v1/air-quality", min_interval_s=0, backoff_s=0, **extra)


def test_open_meteo_fills_the_lake_labels_it_modelled_and_resumes_from_its_cursor(datalayer, server):
    result = collect_open_meteo(datalayer, config=meteo_config(server), now=NOW, points=POINTS)
    assert result.ok, result.errors
    assert result.accepted == 2 * 45 * 6  # 45 produced hours × 6 pollutants × 2 points
    query = server.queries("/v1/air-quality")[0]
    assert query["hourly"].split(",") == [
        "pm2_5",
        "pm10",
        "carbon_monoxide",
        "nitrogen_dioxide",
        "ozone",
        "sulphur_dioxide",
    ]
    assert query["timezone"] == "GMT" and query["end_hour"] == "2025-03-02T23:00"
    readings = datalayer.read("environment.air_readings")
    assert set(readings["origin"]) == {"modelled"}
    stations = datalayer.read("environment.stations").set_index("station_id")
    assert stations.loc["om_26526", "origin"] == "modelled" and stations.loc["om_26526", "source"] == "open-meteo"
    assert stations.loc["om_26526", "unit_code_2025"] == "26526" and stations.loc["om_26526", "unit_code"] == "747"
    assert stations.loc["om_26560", "unit_code_2025"] == "26560" and stations.loc["om_26560", "unit_code"] == "748"
    aqi = datalayer.read("environment.aqi_hourly")
    assert len(aqi) and set(aqi["origin"]) == {"modelled"} and set(aqi["note"]) == {"tham khảo (mô hình)"}
    cursor = load_cursor(datalayer.store, "open-meteo")
    assert {k: pd.Timestamp(v) for k, v in cursor.items()} == {p.id: LAST_VALUE for p in POINTS}

    again = collect_open_meteo(datalayer, config=meteo_config(server), now=NOW, points=POINTS)
    assert again.ok and again.accepted == 0
    # the hours after the cursor (not yet produced) are asked again, nothing earlier
    assert {q["start_hour"] for q in server.queries("/v1/air-quality")[2:]} == {"2025-03-02T21:00"}
    state = feed_states(datalayer.store).set_index("name").loc["open-meteo"]
    assert state["status"] == "ok" and pd.Timestamp(state["last_data_at"]) == LAST_VALUE


def test_open_meteo_retries_an_error_page_a_429_and_a_truncated_body(dl, server):
    server.fail("/v1/air-quality", error_page(), rate_limited("7"), truncated())
    waits: list[float] = []
    client = HttpClient(min_interval=0, backoff=0.5, retries=4, sleep=waits.append)
    result = collect_open_meteo(dl, config=meteo_config(server), client=client, now=NOW, points=POINTS[:1])
    assert result.ok, result.errors
    assert result.accepted == 45 * 6
    assert len(server.paths("/v1/air-quality")) == 4
    assert waits[:2] == [0.5, 7.0]  # back-off after the 502, then the server's Retry-After


def test_open_meteo_gives_up_with_a_reason_and_keeps_its_cursor(dl, server):
    server.fail("/v1/air-quality", *[error_page()] * 3)
    client = HttpClient(min_interval=0, backoff=0, retries=2, sleep=lambda s: None)
    result = collect_open_meteo(dl, config=meteo_config(server), client=client, now=NOW, points=POINTS[:1])
    assert not result.ok and "502" in result.errors[0] and "Bad Gateway" in result.errors[0]
    assert load_cursor(dl.store, "open-meteo") == {}
    state = feed_states(dl.store).set_index("name").loc["open-meteo"]
    assert state["status"] == "failed" and "502" in state["message"]
    assert freshness(state.to_dict(), NOW)[0] == "warn"

    server.fail("/v1/air-quality", open_meteo_error())
    result = collect_open_meteo(dl, config=meteo_config(server), client=client, now=NOW, points=POINTS[:1])
    assert "invalid String value" in result.errors[0]
    assert len(server.paths("/v1/air-quality")) == 4  # a 400 is not retried


def test_a_truncated_body_that_stays_truncated_fails(dl, server):
    server.fail("/v1/air-quality", *[truncated()] * 2)
    client = HttpClient(min_interval=0, backoff=0, retries=1, sleep=lambda s: None)
    with pytest.raises(FeedError, match=r"truncated|bị cắt"):
        client.get_json(f"{server.url}/v1/air-quality")


def test_a_killed_collector_resumes_where_it_stopped(tmp_path, server):
    data = tmp_path / "killed"
    # the second point's request hangs: the collector is killed while waiting for it
    script = textwrap.dedent(
        f"""
        import pandas as pd
        from ioc.config import load_settings
        from ioc.datalayer import DataLayer
        from ioc_plugins.environment.collectors import collect_open_meteo
        from ioc_plugins.environment.config import FeedPoint, OpenMeteoConfig
        dl = DataLayer(load_settings(data_dir={str(data)!r}))
        points = [FeedPoint(**p) for p in {[p.model_dump() for p in POINTS]!r}]
        config = OpenMeteoConfig(base_url={server.url + "/v1/air-quality"!r}, min_interval_s=0, retries=0)
        collect_open_meteo(dl, config=config, now=pd.Timestamp({NOW.isoformat()!r}), points=points)
        """
    )
    first = server.answer  # answer the first point normally, hang on the second

    def answer(path, query, headers):
        if path == "/v1/air-quality" and query.get("latitude", "").startswith("10.497"):
            server.requests.append(("hung", query, headers))
            time.sleep(60)
        return first(path, query, headers)

    server.answer = answer
    environment = {**os.environ, "PYTHONPATH": str(REPO), "IOC_CONFIG": str(tmp_path / "absent.yaml")}
    child = subprocess.Popen([sys.executable, "-c", script], env=environment, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while not server.paths("hung") and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.paths("hung"), "the collector never reached the second point"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    server.answer = first
    from ioc.config import load_settings

    dl = DataLayer(load_settings(data_dir=data))
    try:
        assert set(load_cursor(dl.store, "open-meteo")) == {"om_26526"}
        result = collect_open_meteo(dl, config=meteo_config(server), now=NOW, points=POINTS)
        assert result.ok and result.accepted == 45 * 6  # only the second point's values were missing
        starts = {q["latitude"][:6]: q["start_hour"] for q in server.queries("/v1/air-quality")[-2:]}
        assert starts["10.362"] == "2025-03-02T21:00" and starts["10.497"] < "2025-03-01T00:00"
        readings = dl.read("environment.air_readings")
        assert readings.groupby("station_id").size().to_dict() == {"om_26526": 270, "om_26560": 270}
    finally:
        dl.close()


def test_saved_open_meteo_json_and_csv_files_ingest_as_modelled_points(dl):
    results = ingest_files(dl, "open_meteo_json", [RESPONSES / "open_meteo_air_quality.json"], progress=False)
    air = next(r for r in results if r.table == "environment.air_readings")
    assert air.accepted == 45 * 6 and air.rejected == 0
    csv_results = ingest_files(dl, "open_meteo_csv", [RESPONSES / "open_meteo_air_quality.csv"], progress=False)
    air = next(r for r in csv_results if r.table == "environment.air_readings")
    # the CSV is in UTC+7: its first six hours are the JSON's first six, already stored
    assert (air.accepted, air.duplicate, air.rejected) == (0, 36, 0)
    stations = dl.read("environment.stations")
    assert (
        stations[["station_id", "origin", "unit_code"]].to_dict("records")
        == [{"station_id": "om_10.400_107.100", "origin": "modelled", "unit_code": "752"}]
        or stations["origin"].eq("modelled").all()
    )


def test_openaq_v3_locations_sensors_and_hours(datalayer, server):
    config = OpenAQConfig(base_url=server.url, api_key=API_KEY, min_interval_s=0, backoff_s=0, page_limit=20)
    result = collect_openaq(datalayer, config=config, now=NOW)
    assert result.ok, result.errors
    locations = server.queries("/v3/locations")
    assert locations[0]["bbox"] == "106.4,8.5,107.7,10.85"
    assert all(h["x-api-key"] == API_KEY for _, _, h in server.requests)
    # pm25 and o3 of 8118 and pm10 of 9001; the particle counter um003 is not asked for
    assert {p.split("/")[3] for p in server.paths("/v3/sensors")} == {"3917", "3918", "5001"}
    assert len(server.paths("/v3/sensors/3917")) == 3  # 48 hours in pages of 20
    readings = datalayer.read("environment.air_readings")
    assert set(readings["station_id"]) == {"openaq_8118"} and set(readings["origin"]) == {"measured"}
    o3 = readings[readings["parameter"] == "o3"]
    assert (o3["unit"] == "µg/m³").all() and o3["value"].between(30, 100).all()  # ppm converted
    assert readings["flag"].eq("openaq_flagged").sum() == 2
    station = datalayer.read("environment.stations").set_index("station_id").loc["openaq_8118"]
    assert station["origin"] == "unofficial" and station["unit_code"] == "747"
    # location 9001 has no coordinates: its values are quarantined as an unknown station, as before
    assert result.rejected == 48
    quarantine = pd.concat(
        pd.read_csv(p) for p in (datalayer.quarantine_dir / "environment.air_readings").glob("*.csv")
    )
    assert quarantine["reason"].str.contains("unknown station").all()

    # every sensor is up to date (the quarantined one too: its hours were dealt with)
    asked = len(server.paths("/v3/sensors"))
    again = collect_openaq(datalayer, config=config, now=NOW + pd.Timedelta(hours=1))
    assert again.ok and again.accepted == 0 and again.rejected == 0
    assert {q["datetime_from"] for q in server.queries("/v3/sensors")[asked:]} == {"2025-03-03T00:00:00Z"}


def test_openaq_without_a_key_is_a_clear_error(dl, server, monkeypatch):
    monkeypatch.delenv("OPENAQ_API_KEY", raising=False)
    with pytest.raises(FeedError, match="OPENAQ_API_KEY"):
        collect_openaq(dl, config=OpenAQConfig(base_url=server.url), now=NOW)
    config = OpenAQConfig(base_url=server.url, api_key="wrong", min_interval_s=0)
    result = collect_openaq(dl, config=config, now=NOW)
    assert not result.ok and "401" in result.errors[0] and "API key" in result.errors[0]


def test_an_aqi_alert_on_modelled_values_says_so_and_warns_the_agency_only(dl, tmp_path):
    document = json.loads((RESPONSES / "open_meteo_air_quality.json").read_text(encoding="utf-8"))
    document["hourly"]["pm2_5"] = [None if v is None else v * 8 for v in document["hourly"]["pm2_5"]]
    path = tmp_path / "open_meteo_smoke_episode.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    ingest_files(dl, "open_meteo_json", [path], progress=False)
    with dl.store.engine.connect() as connection:
        alerts = pd.read_sql_query(
            "SELECT id, title, message FROM alerts WHERE rule_id = 'environment.aqi_poor'", connection
        )
        warnings = pd.read_sql_query("SELECT audience FROM warnings", connection)
    assert len(alerts) and alerts["title"].str.endswith("— tham khảo (mô hình)").all()
    assert alerts["message"].str.startswith("Số liệu mô hình").all()
    assert set(warnings["audience"]) == {"agency"}
