"""Files from elsewhere: column mapping at ingest and station auto-registration (CLI, profile, Python)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest
import yaml
from env_feed_server import FeedServer, error_page
from typer.testing import CliRunner

from ioc.config import load_settings, settings
from ioc.datalayer import DataLayer
from ioc.ingest import ingest_files
from ioc.plugins import AdapterError
from workbench.cli import app

runner = CliRunner()
HEADER = "timestamp,year,month,day,hour,province,location,lat,lon,aqi,pollution_level,pm2_5,pm10,co,no2,o3,so2"


def analyst_csv(tmp_path: Path, hours: int = 6, lat: str = "10.356", lon: str = "107.087") -> Path:
    """The shape of the public dashboard's hourly export for Phường Tam Thắng (Vũng Tàu)."""
    lines = [HEADER]
    for hour in range(hours):
        lines.append(
            f"2025-03-01 {hour:02d}:00:00,2025,3,1,{hour},Ho Chi Minh City,Phường Tam Thắng,{lat},{lon},"
            f"{60 + hour},Moderate,{21.5 + hour},{38 + hour},410,14.2,33,6.1"
        )
    path = tmp_path / "tam_thang_hourly.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def layer() -> DataLayer:
    return DataLayer(settings())


def test_the_analyst_csv_ingests_with_two_maps_creates_its_station_and_reingest_adds_nothing(tmp_path):
    path = analyst_csv(tmp_path)
    refused = invoke("ingest", "air_wide_csv", str(path))
    assert refused.exit_code == 1 and "station_id" in refused.output

    args = ("ingest", "air_wide_csv", str(path), "--map", "timestamp=time", "--map", "location=station_id")
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert "environment.stations: 1 nhận" in first.output
    assert "environment.air_readings: 36 nhận" in first.output
    dl = layer()
    station = dl.read("environment.stations").set_index("station_id").loc["Phường Tam Thắng"]
    assert (station["kind"], station["origin"], station["source"]) == ("air", "unofficial", "file")
    assert station["unit_code"] == "747"  # TP. Vũng Tàu before 2025
    assert station["unit_code_2025"] == "26526" and station["address"] == "Phường Tam Thắng"
    readings = dl.read("environment.air_readings")
    first_hour = readings[readings["time"] == pd.Timestamp("2025-02-28T17:00", tz="UTC")]  # 00:00 at UTC+7
    assert first_hour.set_index("parameter")["value"].to_dict() == {
        "pm25": 21.5,
        "pm10": 38.0,
        "co": 410.0,
        "no2": 14.2,
        "o3": 33.0,
        "so2": 6.1,
    }
    assert len(dl.read("environment.aqi_hourly")) == 6
    dl.close()

    again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert "Tổng: 0 nhận, 0 loại, 36 trùng" in again.output


def test_an_unknown_map_column_is_a_clear_error(tmp_path):
    path = analyst_csv(tmp_path)
    result = invoke("ingest", "air_wide_csv", str(path), "--map", "timestmp=time", "--map", "location=station_id")
    assert result.exit_code == 1
    assert "timestmp" in result.output and "timestamp" in result.output  # names it and suggests the nearest
    bad = invoke("ingest", "air_wide_csv", str(path), "--map", "location")
    assert bad.exit_code == 1 and "cột=giá_trị" in bad.output
    clash = invoke("ingest", "air_wide_csv", str(path), "--map", "lat=lon")
    assert clash.exit_code == 1 and "đã có cột ['lon']" in clash.output
    zone = invoke("ingest", "air_wide_csv", str(path), "--map", "location=station_id", "--tz", "Mars/Olympus")
    assert zone.exit_code == 1 and "Mars/Olympus" in zone.output


def test_a_map_name_matches_a_header_written_decomposed_or_in_another_case(tmp_path):
    """A Mac or an old Excel export writes "Vị trí" with combining tone marks (NFD); typed in a
    terminal it is composed (NFC). They look the same, so they are the same column."""
    path = analyst_csv(tmp_path, hours=2)
    header = "Thời gian,year,month,day,hour,province,Vị trí,lat,lon"
    decomposed = unicodedata.normalize("NFD", header)
    assert decomposed != header
    text = path.read_text(encoding="utf-8").replace("timestamp", "TIMESTAMP", 1)
    path.write_text(
        text.replace("TIMESTAMP,year,month,day,hour,province,location,lat,lon", decomposed, 1), encoding="utf-8"
    )
    result = invoke("ingest", "air_wide_csv", str(path), "--map", "thời gian=time", "--map", "Vị trí=station_id")
    assert result.exit_code == 0, result.output
    assert "environment.air_readings: 12 nhận" in result.output
    stations = layer().read("environment.stations")
    assert unicodedata.normalize("NFC", stations["station_id"].iloc[0]) == "Phường Tam Thắng"


def test_set_and_tz_in_python_keyword_arguments(tmp_path):
    path = analyst_csv(tmp_path, hours=2)
    dl = layer()
    results = ingest_files(
        dl,
        "air_wide_csv",
        [path],
        mapping={"timestamp": "time", "location": "station_id"},
        constants={"unit": "ppb"},
        tz="UTC",
        progress=False,
    )
    air = next(r for r in results if r.table == "environment.air_readings")
    # ppb is not a unit of particles: PM rows are quarantined with the reason, gases are converted
    assert (air.accepted, air.rejected) == (8, 4)
    reasons = pd.read_csv(air.quarantine_path)["reason"]
    assert reasons.str.contains("ppb").all()
    readings = dl.read("environment.air_readings")
    assert readings["time"].min() == pd.Timestamp("2025-03-01T00:00", tz="UTC")  # --tz UTC: no shift
    no2 = readings[(readings["parameter"] == "no2")]["value"].iloc[0]
    assert no2 == pytest.approx(14.2 * 46.0055 / 24.45, rel=1e-3)
    dl.close()


def test_a_saved_profile_in_ioc_yaml(tmp_path, monkeypatch):
    config = tmp_path / "ioc.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "data_dir": str(tmp_path / "data"),
                "ingest_profiles": {
                    "aqi_dashboard": {"source": "air_wide_csv", "map": {"location": "station_id"}, "set": {}}
                },
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("IOC_CONFIG", str(config))
    settings.cache_clear()
    path = analyst_csv(tmp_path)
    result = invoke("ingest", "air_wide_csv", str(path), "--profile", "aqi_dashboard")
    assert result.exit_code == 0, result.output
    assert "environment.air_readings: 36 nhận" in result.output
    wrong = invoke("ingest", "air_wide_csv", str(path), "--profile", "aqi_dashbaord")
    assert wrong.exit_code == 1 and "aqi_dashboard" in wrong.output
    other = invoke("ingest", "air_long_csv", str(path), "--profile", "aqi_dashboard")
    assert other.exit_code == 1 and "air_wide_csv" in other.output


def test_stations_without_coordinates_are_quarantined_as_before(tmp_path):
    path = analyst_csv(tmp_path, hours=2, lat="", lon="")
    dl = layer()
    results = ingest_files(dl, "air_wide_csv", [path], mapping={"location": "station_id"}, progress=False)
    assert [r.table for r in results] == ["environment.air_readings"]
    assert (results[0].accepted, results[0].rejected) == (0, 12)
    assert pd.read_csv(results[0].quarantine_path)["reason"].str.contains("unknown station").all()
    assert dl.version("environment.stations") is None
    dl.close()


def test_a_known_station_is_never_changed_by_readings(tmp_path):
    path = analyst_csv(tmp_path, hours=1, lat="10.9", lon="106.5")
    rows = pd.read_csv(path).assign(location="air_baria")
    rows.to_csv(path, index=False)
    dl = layer()
    results = ingest_files(dl, "air_wide_csv", [path], mapping={"location": "station_id"}, progress=False)
    assert [r.table for r in results] == ["environment.air_readings", "environment.aqi_hourly"]
    dl.close()


def test_mapping_applies_to_delimited_text_only(tmp_path):
    path = tmp_path / "openaq.json"
    path.write_text('{"results": []}', encoding="utf-8")
    dl = layer()
    with pytest.raises(AdapterError, match="CSV/TSV"):
        ingest_files(dl, "openaq_json", [path], mapping={"a": "b"}, progress=False)
    assert dl.ingest_log()["status"].tolist() == ["failed"]  # logged like any unreadable file
    dl.close()


@pytest.mark.requires_sample("env/hcmc_healthyair_2022Q1_hourly.csv")
def test_the_real_healthyair_export_through_a_mapping(sample_path, tmp_path):
    """HealthyAir publishes no coordinates: mapped generically, every station stays unknown and quarantined."""
    lines = sample_path("env/hcmc_healthyair_2022Q1_hourly.csv").read_text(encoding="utf-8").splitlines()[:201]
    path = tmp_path / "healthyair_head.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dl = DataLayer(load_settings(data_dir=tmp_path / "data"))
    results = ingest_files(
        dl, "air_wide_csv", [path], mapping={"datetime_local": "time", "station_no": "station_id"}, progress=False
    )
    air = results[0]
    assert air.rows_in > 200 and air.accepted == 0 and air.rejected + air.duplicate == air.rows_in
    quarantined = pd.read_csv(air.quarantine_path)
    assert quarantined["reason"].str.contains("unknown station").all()
    assert set(quarantined["parameter"]) >= {"pm25", "co", "tsp"}
    # the same file with its own adapter names the registry's stations and is accepted
    own = ingest_files(dl, "healthyair_csv", [path], progress=False)[0]
    assert own.accepted == air.rejected
    dl.close()


def test_collect_all_runs_every_collector_and_doctor_shows_the_feed(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAQ_API_KEY", raising=False)
    with FeedServer() as server:
        config = tmp_path / "ioc.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    "data_dir": str(tmp_path / "data"),
                    "plugins": {
                        "environment": {
                            "open_meteo": {
                                "base_url": f"{server.url}/v1/air-quality",
                                "min_interval_s": 0,
                                "retries": 0,
                                "points": [{"id": "om_x", "name": "X", "lat": 10.36, "lon": 107.09}],
                            }
                        }
                    },
                }
            ),
            encoding="utf-8",
        )
        monkeypatch.setenv("IOC_CONFIG", str(config))
        settings.cache_clear()
        result = invoke("collect", "all")
        assert result.exit_code == 0, result.output
        assert "ioc collect open-meteo" in result.output and "ioc collect openaq" in result.output
        assert "OPENAQ_API_KEY" in result.output  # skipped with a notice, not a failure
        assert len(server.paths("/v1/air-quality")) == 1
        doctor = invoke("doctor")
        assert "nguồn open-meteo" in doctor.output

        server.fail("/v1/air-quality", error_page())
        failed = invoke("collect", "all")
        assert failed.exit_code == 1 and "open-meteo" in failed.output
