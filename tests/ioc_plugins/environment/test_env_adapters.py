"""Environment source adapters on tiny inline files: good rows, every bad-input case, whole-file errors."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ioc.plugins import AdapterError, Registry, detect_source
from ioc_plugins.environment import plugin
from ioc_plugins.environment.adapters import (
    ADAPTERS,
    air,
    read_air_long,
    read_air_wide,
    read_healthyair,
    read_openaq,
    read_water_level,
    read_water_quality,
)
from ioc_plugins.environment.adapters.healthyair import IMPLAUSIBLE, SO2_MEDIAN_LIMIT
from ioc_plugins.environment.adapters.text import LegacyEncodingWarning
from ioc_plugins.environment.stations import stations
from ioc_plugins.environment.tables import AIR_READINGS, TABLES, WATER_LEVELS, WATER_QUALITY
from ioc_plugins.environment.units import MOLAR_VOLUME_L, MOLECULAR_WEIGHTS, canonical_unit, convert

NOW = pd.Timestamp("2025-06-01T00:00Z")
GOOD_AIR = "air_baria,2025-05-01T08:00,pm25,21.5,µg/m³\n"
LONG_HEADER = "station_id,time,parameter,value,unit\n"


def write(tmp_path: Path, name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def cp1258(text: str) -> bytes:
    """Encode like Vietnamese Windows does: precomposed vowels, tone marks as combining characters."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def split(table, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validation plus the registry part of the reference checks, as the data layer does."""
    good, rejected = table.validate(frame, now=NOW, known={r.column: r.known() for r in table.references})
    assert len(good) + len(rejected) == len(frame)  # nothing lost between adapter and quarantine
    return good, rejected


# --------------------------------------------------------------------------- units


def test_ppb_conversion_matches_published_factors():
    # EPA/WHO conversion factors at 25 °C, 1 atm: 1 ppb SO2 ≈ 2.62, NO2 ≈ 1.88, O3 ≈ 1.96 µg/m³; 1 ppm CO ≈ 1.145 mg/m³
    assert convert(np.array([1.0]), "ppb", "µg/m³", "so2")[0] == pytest.approx(2.62, abs=0.01)
    assert convert(np.array([1.0]), "ppb", "µg/m³", "no2")[0] == pytest.approx(1.88, abs=0.01)
    assert convert(np.array([1.0]), "ppb", "µg/m³", "o3")[0] == pytest.approx(1.96, abs=0.01)
    assert convert(np.array([1.0]), "ppm", "µg/m³", "co")[0] == pytest.approx(1145, rel=0.002)
    assert convert(np.array([2.0]), "mg/m³", "µg/m³", "co")[0] == 2000


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("ug/m3", "µg/m³"),
        ("μg/m³", "µg/m³"),
        ("µg/m3", "µg/m³"),
        ("mg/L", "mg/l"),
        ("MPN/100mL", "MPN/100ml"),
        ("oC", "°C"),
        ("%", "%"),
        ("ppb", "ppb"),
        ("furlongs", None),
    ],
)
def test_unit_spellings(spelling, unit):
    assert canonical_unit(spelling) == unit


def test_impossible_conversions_raise():
    from ioc_plugins.environment.units import UnitError

    with pytest.raises(UnitError, match="pm25"):
        convert(np.array([1.0]), "ppb", "µg/m³", "pm25")
    with pytest.raises(UnitError):
        convert(np.array([1.0]), "CFU/100ml", "MPN/100ml", "coliform")


# --------------------------------------------------------------------------- registration


def test_every_adapter_targets_a_declared_table_and_is_registered():
    names = {t.name for t in TABLES}
    assert {a.table for a in ADAPTERS} <= names
    reg = Registry([plugin()])
    assert set(reg.adapters()) >= {f"environment.{a.name}" for a in ADAPTERS}
    assert detect_source(Path("hcmc_healthyair_2022Q1_hourly.csv"), reg) == "environment.healthyair_csv"
    assert detect_source(Path("brvt_water_level_2025-06.csv"), reg) == "environment.water_level_csv"


# --------------------------------------------------------------------------- air, long


def test_air_long_times_parameters_and_units(tmp_path):
    path = write(
        tmp_path,
        "air_long.csv",
        LONG_HEADER
        + "air_baria,2025-05-01T08:00,PM2.5,21.5,ug/m3\n"  # naive = local (UTC+7)
        + "air_baria,2025-05-01T01:00Z,co,1.2,mg/m3\n"  # explicit UTC
        + "air_baria,2025-05-01 08:00:00+07:00,so2,10,ppb\n"  # explicit offset
        + "air_baria,01/05/2025 08:00,Temp,30.5,oC\n"  # Vietnamese day-first date
        + " air_baria ,2025-05-01T08:00,RH,70,%\n",
    )
    frame = read_air_long(path)
    good, rejected = split(AIR_READINGS, frame)
    assert rejected.empty, rejected["reason"].tolist()
    assert (good["time"] == pd.Timestamp("2025-05-01T01:00Z")).all()
    assert good["parameter"].tolist() == ["pm25", "co", "so2", "temperature", "humidity"]
    values = dict(zip(good["parameter"], good["value"].astype(float), strict=True))
    assert values["co"] == pytest.approx(1200)
    assert values["so2"] == pytest.approx(10 * MOLECULAR_WEIGHTS["so2"] / MOLAR_VOLUME_L)
    assert good["unit"].tolist() == ["µg/m³", "µg/m³", "µg/m³", "°C", "%"]
    assert frame["source_line"].tolist() == [2, 3, 4, 5, 6]


BAD_AIR_LINES = [
    ("too_many_fields", "air_baria,2025-05-01T09:00,pm25,21.5,µg/m³,oops\n", "wrong number of fields"),
    ("too_few_fields", "air_baria,2025-05-01T09:00,pm25\n", "wrong number of fields"),
    ("unparseable_number", "air_baria,2025-05-01T09:00,pm25,abc,µg/m³\n", "cannot parse number"),
    ("dash_cell", "air_baria,2025-05-01T09:00,pm25,-,µg/m³\n", "missing required value"),
    ("na_cell", "air_baria,2025-05-01T09:00,pm25,NA,µg/m³\n", "missing required value"),
    ("unknown_station", "tram_khong_co,2025-05-01T09:00,pm25,21.5,µg/m³\n", "unknown station"),
    ("unknown_unit", "air_baria,2025-05-01T09:00,pm25,21.5,kg/m3\n", "unknown unit"),
    ("unconvertible_unit", "air_baria,2025-05-01T09:00,pm25,21.5,ppb\n", "no molecular weight"),
    ("missing_unit", "air_baria,2025-05-01T09:00,pm25,21.5,\n", "missing required value"),
    ("future_time", "air_baria,2025-07-01T09:00,pm25,21.5,µg/m³\n", "in the future"),
    ("bad_time", "air_baria,2025-05-32T09:00,pm25,21.5,µg/m³\n", "cannot parse timestamp"),
    ("off_the_hour", "air_baria,2025-05-01T09:20,pm25,21.5,µg/m³\n", "on the hour"),
    ("unknown_parameter", "air_baria,2025-05-01T09:00,benzene,2,µg/m³\n", "not one of"),
]


@pytest.mark.parametrize(
    ("line", "expected"), [(line, why) for _, line, why in BAD_AIR_LINES], ids=[name for name, _, _ in BAD_AIR_LINES]
)
def test_air_long_bad_line_is_quarantined_with_reason_and_good_rows_kept(tmp_path, line, expected):
    path = write(tmp_path, "air_long.csv", LONG_HEADER + GOOD_AIR + line + GOOD_AIR.replace("08:00", "10:00"))
    good, rejected = split(AIR_READINGS, read_air_long(path))
    assert len(good) == 2
    assert len(rejected) == 1
    assert expected in rejected["reason"].iloc[0]


def test_air_long_arrow_text_validates_as_object_text_did(tmp_path, monkeypatch):
    # every bad line of the table above in one file, read as Arrow text (the adapter's way)
    # and as object text (the reader's default): the same good rows and the same rejects
    path = write(tmp_path, "air_long.csv", LONG_HEADER + GOOD_AIR + "".join(line for _, line, _ in BAD_AIR_LINES))
    arrow = read_air_long(path)
    assert isinstance(arrow["station_id"].array, pd.arrays.ArrowStringArray)
    read_csv_text = air.read_csv_text
    monkeypatch.setattr(air, "read_csv_text", lambda *a, arrow_text=False, **k: read_csv_text(*a, **k))
    plain = read_air_long(path)
    assert plain["parameter"].dtype == object
    good_arrow, rejected_arrow = split(AIR_READINGS, arrow)
    good_plain, rejected_plain = split(AIR_READINGS, plain)
    pd.testing.assert_frame_equal(good_arrow, good_plain)
    pd.testing.assert_frame_equal(rejected_arrow, rejected_plain)
    assert len(good_arrow) == 1 and len(rejected_arrow) == len(BAD_AIR_LINES)


def test_semicolon_file_with_decimal_commas_and_blank_lines(tmp_path):
    path = write(
        tmp_path,
        "air_long.csv",
        "station_id;time;parameter;value;unit\n\nair_baria;2025-05-01T08:00;pm25;21,5;µg/m³\n;;;;\n",
    )
    good, rejected = split(AIR_READINGS, read_air_long(path))
    assert rejected.empty and good["value"].tolist() == [21.5]


# --------------------------------------------------------------------------- whole-file errors


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (LONG_HEADER.encode(), "no data rows"),
        (b"PK\x03\x04rest-of-an-xlsx", "xlsx"),
        (b"station_id,time\nair_baria,2025-05-01T08:00\n", "missing required columns"),
        (b"station_id,time,parameter,value,unit\n\x81\x8d\x90\x9d\x01\x02\x03 binary", "undecodable bytes"),
        (b"s\x00t\x00a\x00t\x00i\x00o\x00n\x00\xff", "NUL"),
        (LONG_HEADER.encode() + b'air_baria,"2025-05-01,pm25,3,x\n', "malformed CSV at line 2"),
        (b"station_id,time,Time,parameter,value,unit\na,b,c,d,e,f\n", r"repeated column names"),
    ],
    ids=[
        "zero_bytes",
        "whitespace",
        "header_only",
        "xlsx",
        "missing_columns",
        "binary",
        "utf16_without_bom",
        "broken_quoting",
        "repeated_columns",
    ],
)
def test_unusable_files_raise_clear_errors(tmp_path, content, message):
    path = write(tmp_path, "air_long.csv", content)
    with pytest.raises(AdapterError, match=message) as info:
        read_air_long(path)
    assert "air_long.csv" in str(info.value)


def test_missing_columns_message_lists_found_and_needed(tmp_path):
    path = write(tmp_path, "air_long.csv", "station,time,value\nair_baria,2025-05-01T08:00,3\n")
    with pytest.raises(AdapterError) as info:
        read_air_long(path)
    text = str(info.value)
    assert "['station_id', 'parameter', 'unit']" in text  # what is missing
    assert "['station', 'time', 'value']" in text  # what was found


def test_cp1258_file_is_read_with_a_warning(tmp_path):
    text = (
        "station_id,time,parameter,value,unit\n"
        "wq_song_dinh,2025-05-01T09:00,Tổng Coliform,2400,MPN/100ml\n"
        "wq_song_dinh,2025-05-01T09:00,Nhiệt độ,29.5,°C\n"
    )
    path = write(tmp_path, "water_quality.csv", cp1258(text))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the fixture really is not UTF-8
    with pytest.warns(LegacyEncodingWarning, match="cp1258"):
        frame = read_water_quality(path)
    good, rejected = split(WATER_QUALITY, frame)
    assert rejected.empty and good["parameter"].tolist() == ["coliform", "temperature"]


def test_utf16_with_bom_and_utf8_bom_are_read(tmp_path):
    text = LONG_HEADER + GOOD_AIR
    for name, data in {"a16.csv": text.encode("utf-16"), "a8.csv": text.encode("utf-8-sig")}.items():
        good, rejected = split(AIR_READINGS, read_air_long(write(tmp_path, name, data)))
        assert len(good) == 1 and rejected.empty


# --------------------------------------------------------------------------- air, wide


def test_air_wide_header_units_are_converted(tmp_path):
    path = write(
        tmp_path,
        "air_wide.csv",
        "station_id,time,pm25_ug_m3,co_mg_m3,o3_ppb,so2_ppm,temperature_c\n"
        "air_baria,2025-05-01T08:00,20,1.5,50,0.01,31\n"
        "air_baria,2025-05-01T09:00,-,NA,,0.02,\n",
    )
    good, rejected = split(AIR_READINGS, read_air_wide(path))
    assert rejected.empty
    assert len(good) == 5 + 1  # empty, "-" and "NA" cells are gaps, not readings
    first = good[good["time"] == pd.Timestamp("2025-05-01T01:00Z")].set_index("parameter")["value"].astype(float)
    assert first["co"] == pytest.approx(1500)
    assert first["o3"] == pytest.approx(50 * MOLECULAR_WEIGHTS["o3"] / MOLAR_VOLUME_L)
    assert first["so2"] == pytest.approx(10 * MOLECULAR_WEIGHTS["so2"] / MOLAR_VOLUME_L)


def test_air_wide_parenthesised_and_temperature_units(tmp_path):
    path = write(
        tmp_path, "air_wide.csv", "station_id,time,PM2.5 (ug/m3),temperature_f\nair_baria,2025-05-01T08:00,3,86\n"
    )
    good, rejected = split(AIR_READINGS, read_air_wide(path))
    assert rejected.empty
    values = dict(zip(good["parameter"], good["value"].astype(float), strict=True))
    assert values == {"pm25": 3.0, "temperature": pytest.approx(30.0)}


def test_air_wide_unknown_header_unit_refuses_the_file(tmp_path):
    path = write(tmp_path, "air_wide.csv", "station_id,time,pm25_grains,co_mg_m3\nair_baria,2025-05-01T08:00,1,2\n")
    with pytest.raises(AdapterError, match="pm25_grains"):
        read_air_wide(path)


def test_air_wide_bad_cells_and_malformed_lines_are_kept(tmp_path):
    path = write(
        tmp_path,
        "air_wide.csv",
        "station_id,time,pm25_ug_m3,no2_ug_m3\n"
        "air_baria,2025-05-01T08:00,abc,40\n"  # one unreadable cell
        "air_baria\n"  # a malformed line without values
        "air_baria,2025-05-01T10:00,12,40,extra\n",
    )  # too many fields
    frame = read_air_wide(path)
    good, rejected = split(AIR_READINGS, frame)
    assert good["value"].astype(float).tolist() == [40.0]
    assert sorted(rejected["source_line"].astype(int).tolist()) == [2, 3, 4, 4]
    assert rejected["reason"].str.contains("cannot parse number").sum() == 1
    assert rejected["reason"].str.contains("wrong number of fields").sum() == 3


# --------------------------------------------------------------------------- HealthyAir


def _healthyair_text(station_so2: dict[int, float], hours: int = 30) -> str:
    lines = [
        "datetime_local,station_no,tsp_ug_m3,pm25_ug_m3,o3_ug_m3,co_ug_m3,no2_ug_m3,so2_ug_m3,temperature_c,humidity_pct"
    ]
    start = pd.Timestamp("2022-01-01T00:00")
    for station, so2 in station_so2.items():
        for hour in range(hours):
            time = (start + pd.Timedelta(hours=hour)).strftime("%Y-%m-%dT%H:%M")
            lines.append(f"{time},{station},40,20,,800,50,{so2 + hour},27.5,70")
    return "\n".join(lines) + "\n"


def test_healthyair_flags_biased_so2_but_keeps_it(tmp_path):
    path = write(tmp_path, "x_healthyair.csv", _healthyair_text({2: SO2_MEDIAN_LIMIT * 3, 3: 10.0}))
    good, rejected = split(AIR_READINGS, read_healthyair(path))
    assert rejected.empty
    so2 = good[good["parameter"] == "so2"]
    assert len(so2) == 60
    flagged = so2.groupby("station_id")["flag"].apply(lambda f: f.eq(IMPLAUSIBLE).fillna(False).all())
    assert flagged.to_dict() == {"hcmc_healthyair_2": True, "hcmc_healthyair_3": False}
    assert good.loc[good["parameter"] != "so2", "flag"].isna().all()
    assert good["time"].min() == pd.Timestamp("2021-12-31T17:00Z")  # local midnight is 17:00 UTC


def test_healthyair_single_extreme_so2_is_flagged(tmp_path):
    text = _healthyair_text({3: 10.0}).replace(",10.0,27.5", ",1500,27.5", 1)
    good, _ = split(AIR_READINGS, read_healthyair(write(tmp_path, "healthyair.csv", text)))
    so2 = good[good["parameter"] == "so2"]
    assert so2.loc[so2["value"] > 1000, "flag"].tolist() == [IMPLAUSIBLE]
    assert so2.loc[so2["value"] <= 1000, "flag"].isna().all()


def test_healthyair_unknown_and_bad_station_numbers_are_quarantined(tmp_path):
    text = _healthyair_text({9: 10.0}, hours=1) + "2022-01-01T05:00,x,40,20,,800,50,10,27.5,70\n"
    good, rejected = split(AIR_READINGS, read_healthyair(write(tmp_path, "healthyair.csv", text)))
    assert good.empty
    # seven readings per line (O3 is empty): every one is quarantined with its line's reason
    assert rejected["reason"].str.contains("unknown station").sum() == 7
    assert rejected["reason"].str.contains("not a station number").sum() == 7


@pytest.mark.requires_sample("env/hcmc_healthyair_2022Q1_hourly.csv")
def test_healthyair_real_file_every_cell_becomes_a_reading(sample_path):
    path = sample_path("env/hcmc_healthyair_2022Q1_hourly.csv")
    raw = pd.read_csv(path)
    frame = read_healthyair(path)
    good, rejected = split(AIR_READINGS, frame)
    assert rejected.empty
    value_columns = [c for c in raw.columns if c not in ("datetime_local", "station_no")]
    assert len(good) == int(raw[value_columns].notna().sum().sum())
    so2 = good[good["parameter"] == "so2"]
    assert len(so2) == raw["so2_ug_m3"].notna().sum() and so2["flag"].eq(IMPLAUSIBLE).fillna(False).all()
    assert set(good["station_id"]) <= set(stations()["station_id"])


# --------------------------------------------------------------------------- OpenAQ


def test_openaq_v2_measurements(tmp_path):
    document = {
        "meta": {"name": "openaq-api", "found": 4},
        "results": [
            {
                "locationId": 1,
                "location": "air_baria",
                "parameter": "pm25",
                "value": 18.2,
                "unit": "µg/m³",
                "date": {"utc": "2025-05-01T01:00:00Z", "local": "2025-05-01T08:00:00+07:00"},
                "coordinates": {"latitude": 10.49, "longitude": 107.17},
            },
            {
                "locationId": 1,
                "location": "air_baria",
                "parameter": "co",
                "value": 0.8,
                "unit": "ppm",
                "date": {"utc": "2025-05-01T01:00:00Z", "local": "2025-05-01T08:00:00+07:00"},
            },
            {
                "locationId": 999,
                "location": "Somewhere else",
                "parameter": "pm25",
                "value": 5,
                "unit": "µg/m³",
                "date": {"utc": "2025-05-01T01:00:00Z"},
            },
            {
                "locationId": 1,
                "location": "air_baria",
                "parameter": "pm1",
                "value": 5,
                "unit": "µg/m³",
                "date": {"utc": "2025-05-01T01:00:00Z"},
            },
        ],
    }
    path = write(tmp_path, "openaq.json", json.dumps(document, ensure_ascii=False))
    good, rejected = split(AIR_READINGS, read_openaq(path))
    assert good["station_id"].tolist() == ["air_baria", "air_baria"]
    assert good.set_index("parameter").loc["co", "value"] == pytest.approx(
        0.8 * 1000 * MOLECULAR_WEIGHTS["co"] / MOLAR_VOLUME_L
    )
    reasons = dict(zip(rejected["station_id"], rejected["reason"], strict=True))
    assert "unknown station" in reasons["openaq:999"]
    assert "not one of" in reasons["air_baria"]


def test_openaq_v3_results_and_explicit_location_mapping(tmp_path):
    document = {
        "results": [
            {
                "value": 30.5,
                "parameter": {"id": 2, "name": "pm25", "units": "µg/m³"},
                "sensorsId": 7,
                "locationsId": 4321,
                "period": {
                    "label": "raw",
                    "datetimeFrom": {"utc": "2025-05-01T02:00:00Z"},
                    "datetimeTo": {"utc": "2025-05-01T03:00:00Z"},
                },
            },
            {
                "value": 12.0,
                "parameter": {"name": "no2", "units": "ppb"},
                "locationsId": 4321,
                "datetime": {"utc": "2025-05-01T02:00:00Z"},
                "flagInfo": {"hasFlags": True},
            },
            {"value": 12.0, "parameter": {"name": "no2", "units": "ppb"}, "locationsId": 4321},
            "not an object",
        ]
    }
    path = write(tmp_path, "openaq_v3.json", json.dumps(document))
    frame = read_openaq(path, locations={4321: "air_phumy1"})
    good, rejected = split(AIR_READINGS, frame)
    assert good["station_id"].tolist() == ["air_phumy1", "air_phumy1"]
    assert (good["time"] == pd.Timestamp("2025-05-01T02:00Z")).all()
    assert good["flag"].tolist()[1] == "openaq_flagged"
    assert sorted(rejected["reason"].str.extract(r"\((.*)\)$")[0]) == ["no timestamp", "result is not an object"]


def test_openaq_empty_page_is_not_an_error(tmp_path):
    frame = read_openaq(write(tmp_path, "openaq.json", '{"meta": {"found": 0}, "results": []}'))
    assert frame.empty and {"station_id", "time", "value"} <= set(frame.columns)


@pytest.mark.parametrize(
    ("content", "message"), [("{not json", "invalid JSON"), ('{"meta": {}}', "no OpenAQ 'results'"), ("", "empty file")]
)
def test_openaq_unusable_documents(tmp_path, content, message):
    with pytest.raises(AdapterError, match=message):
        read_openaq(write(tmp_path, "openaq.json", content))


# --------------------------------------------------------------------------- water


def test_water_quality_units_aliases_detection_limits_and_errors(tmp_path):
    path = write(
        tmp_path,
        "water_quality.csv",
        LONG_HEADER
        + "wq_song_dinh,2025-05-01T09:00,pH,7.2,-\n"
        + "wq_song_dinh,2025-05-01T09:00,N-NH4,<0.05,mg/L\n"
        + "wq_song_dinh,2025-05-01T09:00,Pb,12,ug/l\n"
        + "wq_song_dinh,2025-05-01T09:00,BOD,6.5,mg/l\n"
        + "wq_song_dinh,2025-05-01T09:00,coliform,2400,CFU/100ml\n"
        + "wq_nowhere,2025-05-01T09:00,cod,15,mg/l\n",
    )
    good, rejected = split(WATER_QUALITY, read_water_quality(path))
    rows = good.set_index("parameter")
    assert rows.loc["ph", "unit"] == "pH"
    assert (rows.loc["nh4", "value"], rows.loc["nh4", "flag"]) == (0.05, "below_detection_limit")
    assert rows.loc["pb", "value"] == pytest.approx(0.012) and rows.loc["pb", "unit"] == "mg/l"
    assert "bod5" in rows.index
    reasons = rejected["reason"].tolist()
    assert any("CFU/100ml" in r and "MPN/100ml" in r for r in reasons)
    assert any("unknown station" in r for r in reasons)
    assert len(rejected) == 2


def test_water_level_alarms_come_from_the_registry(tmp_path):
    path = write(
        tmp_path,
        "water_level.csv",
        "station_id,time,level_m\n"
        "wl_suoi_lo_o,2025-05-01T09:00,0.42\n"
        "wl_suoi_lo_o,2025-05-01T09:15,không đo\n"
        "wl_unknown,2025-05-01T09:00,1.0\n",
    )
    good, rejected = split(WATER_LEVELS, read_water_level(path))
    registry = stations().set_index("station_id")
    assert (
        good.loc[0, ["alarm_1", "alarm_2", "alarm_3"]].astype(float).tolist()
        == registry.loc["wl_suoi_lo_o", ["alarm_1", "alarm_2", "alarm_3"]].tolist()
    )
    assert good.loc[0, "time"] == pd.Timestamp("2025-05-01T02:00Z")
    assert sorted(r.split(" (")[-1] for r in rejected["reason"]) == ["cannot parse number)", "unknown station)"]


def test_water_level_in_centimetres_and_missing_level_column(tmp_path):
    path = write(tmp_path, "water_level.csv", "station_id,time,level_cm\nwl_song_ray,2025-05-01T09:00,312\n")
    good, _ = split(WATER_LEVELS, read_water_level(path))
    assert good["level_m"].tolist() == [3.12]
    with pytest.raises(AdapterError, match="level_m"):
        read_water_level(write(tmp_path, "bad_level.csv", "station_id,time,depth\nwl_song_ray,2025-05-01T09:00,3\n"))
