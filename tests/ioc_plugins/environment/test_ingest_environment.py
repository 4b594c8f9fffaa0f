"""Environment sources through the real data layer: quarantine, idempotence, corrections, alerts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc.ingest import ingest_files
from ioc.plugins import AdapterError, registry
from ioc.rules import evaluate_schedule
from ioc_plugins.environment.adapters import read_healthyair

HEADER = "station_id,time,parameter,value,unit\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def air_result(results):
    return next(r for r in results if r.table == "environment.air_readings")


def alerts(datalayer: DataLayer) -> pd.DataFrame:
    with datalayer.store.engine.connect() as connection:
        return pd.read_sql_query("SELECT rule_id, entity_id, severity, value FROM alerts", connection)


def test_bad_rows_are_quarantined_with_reasons_and_nothing_is_lost(datalayer, tmp_path):
    future = (pd.Timestamp.now(tz="Asia/Ho_Chi_Minh") + pd.Timedelta(days=2)).strftime("%Y-%m-%dT%H:00")
    lines = {
        "good": "air_baria,2025-05-01T08:00,pm25,21.5,µg/m³",
        "good2": "air_baria,2025-05-01T08:00,no2,40,ug/m3",
        "duplicate": "air_baria,2025-05-01T08:00,pm25,21.5,µg/m³",
        "fields": "air_baria,2025-05-01T09:00,pm25,21.5",
        "number": "air_baria,2025-05-01T09:00,pm25,abc,µg/m³",
        "station": "khong_co,2025-05-01T09:00,pm25,21.5,µg/m³",
        "unit": "air_baria,2025-05-01T09:00,pm10,21.5,kg/m3",
        "future": f"air_baria,{future},pm25,21.5,µg/m³",
        "dash": "air_baria,2025-05-01T10:00,pm25,-,µg/m³",
        "na": "air_baria,2025-05-01T11:00,pm25,NA,µg/m³",
    }
    path = write(tmp_path, "brvt_air_long.csv", HEADER + "\n".join(lines.values()) + "\n")
    result = air_result(ingest_files(datalayer, "air_long_csv", [path], progress=False))
    assert (result.accepted, result.duplicate, result.rejected) == (2, 1, 7)
    assert result.accepted + result.duplicate + result.rejected == result.rows_in == len(lines)
    quarantined = pd.read_csv(result.quarantine_path)
    assert sorted(quarantined["source_line"]) == list(range(5, 12))
    assert quarantined["reason"].notna().all() and (quarantined["source_path"] == str(path)).all()
    log = datalayer.ingest_log()
    assert log.loc[log["table_name"] == "environment.air_readings", "status"].iloc[0] == "partial"


def test_reingest_adds_nothing_and_a_correction_supersedes(datalayer, tmp_path):
    rows = [
        "air_phumy1,2025-05-01T08:00,pm25,30,µg/m³",
        "air_phumy1,2025-05-01T09:00,pm25,35,µg/m³",
        "air_phumy1,2025-05-01T10:00,pm25,33,µg/m³",
    ]
    first = write(tmp_path, "air_long_1.csv", HEADER + "\n".join(rows) + "\n")
    assert air_result(ingest_files(datalayer, "air_long_csv", [first], progress=False)).accepted == 3
    again = air_result(ingest_files(datalayer, "air_long_csv", [first], progress=False))
    assert (again.accepted, again.duplicate) == (0, 3)
    rows[1] = rows[1].replace(",35,", ",53,")
    corrected = write(tmp_path, "air_long_2.csv", HEADER + "\n".join(rows) + "\n")
    fix = air_result(ingest_files(datalayer, "air_long_csv", [corrected], progress=False))
    assert (fix.accepted, fix.superseded, fix.duplicate) == (1, 1, 2)
    key = "station_id = 'air_phumy1' AND parameter = 'pm25' AND time = TIMESTAMPTZ '2025-05-01 02:00:00+00'"
    assert datalayer.read("environment.air_readings", where=key)["value"].tolist() == [53.0]
    history = datalayer.read("environment.air_readings", where=key, history=True)
    assert sorted(history["value"].tolist()) == [35.0, 53.0]


def test_unreadable_file_is_logged_and_nothing_written(datalayer, tmp_path):
    path = tmp_path / "air_long.csv"
    path.write_bytes(b"")
    with pytest.raises(AdapterError, match="empty file"):
        ingest_files(datalayer, "air_long_csv", [path], progress=False)
    log = datalayer.ingest_log()
    assert log["status"].iloc[0] == "failed" and "empty file" in log["message"].iloc[0]
    assert datalayer.version("environment.air_readings") is None


def test_water_levels_over_alarm_and_water_samples_reach_alerts_and_wqi(datalayer, tmp_path):
    levels = write(
        tmp_path,
        "water_level.csv",
        "station_id,time,level_m\n"
        + "".join(
            f"wl_suoi_lo_o,2025-05-01T{hour:02d}:00,{level}\n" for hour, level in enumerate([0.05, 0.1, 0.35, 0.62])
        ),
    )
    results = ingest_files(datalayer, "water_level_csv", [levels], progress=False)
    assert results[0].accepted == 4
    raised = alerts(datalayer)
    alarm = raised[raised["rule_id"] == "environment.water_alarm"]
    assert alarm["entity_id"].tolist() == ["wl_suoi_lo_o"] and alarm["severity"].tolist() == ["high"]  # 0.62 ≥ II
    samples = write(
        tmp_path,
        "water_quality.csv",
        HEADER
        + "".join(
            f"wq_song_dinh,2025-05-05T09:00,{p},{v},{u}\n"
            for p, v, u in [
                ("pH", 7.1, "-"),
                ("DO", 5.5, "mg/l"),
                ("BOD5", 6, "mg/l"),
                ("COD", 15, "mg/l"),
                ("N-NH4", 0.3, "mg/l"),
                ("N-NO3", 1.2, "mg/l"),
                ("N-NO2", 0.03, "mg/l"),
                ("P-PO4", 0.15, "mg/l"),
                ("TSS", 30, "mg/l"),
                ("turbidity", 25, "NTU"),
                ("coliform", 3000, "MPN/100ml"),
                ("temperature", 29, "°C"),
            ]
        ),
    )
    results = ingest_files(datalayer, "water_quality_csv", [samples], progress=False)
    assert results[0].accepted == 12 and results[0].rejected == 0
    wqi = datalayer.read("environment.wqi")
    assert wqi["station_id"].tolist() == ["wq_song_dinh"] and wqi["wqi"].notna().all()


@pytest.mark.requires_sample("env/hcmc_healthyair_2022Q1_hourly.csv")
def test_healthyair_file_end_to_end(sqlite_settings, sample_path):
    path = sample_path("env/hcmc_healthyair_2022Q1_hourly.csv")
    raw = pd.read_csv(path)
    cells = int(raw.drop(columns=["datetime_local", "station_no"]).notna().sum().sum())
    produced = len(read_healthyair(path))
    datalayer = DataLayer(sqlite_settings)
    results = ingest_files(datalayer, "healthyair_csv", [path], progress=False)
    air = air_result(results)
    assert air.rows_in == produced == air.accepted + air.rejected + air.duplicate
    assert air.accepted == cells
    flags = datalayer.sql("SELECT flag, count(*) AS n FROM environment.air_readings WHERE parameter = 'so2' GROUP BY 1")
    assert flags.to_dict("records") == [{"flag": "implausible", "n": raw["so2_ug_m3"].notna().sum()}]
    aqi = datalayer.read("environment.aqi_hourly")
    assert len(aqi) and aqi["aqi"].max() >= 101
    assert aqi["aqi_so2"].isna().all()  # the biased SO2 never drives the index
    assert (alerts(datalayer)["rule_id"] == "environment.aqi_poor").any()
    aqi_version = datalayer.version("environment.aqi_hourly")
    again = ingest_files(datalayer, "healthyair_csv", [path], progress=False)
    assert air_result(again).accepted == 0 and air_result(again).duplicate == cells
    assert datalayer.version("environment.aqi_hourly") == aqi_version
    datalayer.close()


def test_demo_ingests_cleanly_and_raises_the_expected_alerts(sqlite_settings):
    now = pd.Timestamp.now(tz="UTC")
    datalayer = DataLayer(sqlite_settings)
    totals = run_demo(datalayer, days=3, scale=2, plugins=["environment"], progress=False, now=now)
    assert all(counts["rejected"] == 0 for counts in totals.values()), totals
    assert datalayer.sql("SELECT max(aqi) AS worst FROM environment.aqi_hourly")["worst"].item() >= 101
    raised = alerts(datalayer)
    assert {"environment.aqi_poor", "environment.water_alarm"} <= set(raised["rule_id"])
    silent = {
        d.entity_id
        for d in evaluate_schedule(registry().rules(), datalayer, now)
        if d.rule_id == "environment.silent.air"
    }
    assert "air_chauduc" in silent and "air_chauduc_x2" in silent
    assert not silent & {"air_baria", "air_phumy1", "air_vungtau_center"}
    datalayer.close()
