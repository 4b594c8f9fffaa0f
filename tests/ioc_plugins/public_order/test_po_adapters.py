"""Public-order adapters: every shared Frigate/DeepStream sample, malformed payloads, vendor exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from ioc.plugins import AdapterError, Registry, detect_source
from ioc_plugins.public_order import plugin
from ioc_plugins.public_order.adapters import (
    parse_events,
    parse_messages,
    parse_reviews,
    parse_updates,
    read_events,
    read_messages,
    read_vendor_cameras,
    read_vendor_events,
)
from ioc_plugins.public_order.tables import CAMERA_EVENTS, CAMERAS, OBJECT_UPDATES, REVIEWS

NOW = pd.Timestamp("2026-01-01T00:00Z")
FRIGATE = "camera/frigate"
DEEPSTREAM = "camera/deepstream/smart_parking_demo-1.head600.ndjson"


def strip_comments(text: str) -> str:
    """The tests' loader for the documentation's ``.jsonc`` samples: drop ``//`` comments.

    Only here: adapters receive real JSON, as a broker would deliver it.
    """
    return re.sub(r"(?m)\s*(?<!:)//.*$", "", text)  # not "://" (a URL inside a string)


def split(table, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    good, rejected = table.validate(frame, now=NOW)
    assert len(good) + len(rejected) == len(frame)  # nothing lost between adapter and quarantine
    return good, rejected


@pytest.mark.requires_sample(FRIGATE)
def test_every_frigate_sample_maps_onto_its_table(sample_path):
    folder = sample_path(FRIGATE)
    samples = sorted(folder.glob("*.jsonc"))
    assert len(samples) >= 9
    for sample in samples:
        payload = strip_comments(sample.read_text()).encode()
        stripped = folder / sample.name.replace(".jsonc", ".stripped.json")
        assert json.loads(payload) == json.loads(stripped.read_text())  # our loader agrees with the shipped one
        if "_events_" in sample.name:
            table, frame = CAMERA_EVENTS, parse_events([payload])
        elif "_reviews_" in sample.name:
            table, frame = REVIEWS, parse_reviews([payload])
        else:
            table, frame = OBJECT_UPDATES, parse_updates([payload], received=NOW - pd.Timedelta(hours=1))
        good, rejected = split(table, frame)
        assert len(good) == 1 and rejected.empty, (sample.name, rejected.to_dict("records"))


@pytest.mark.requires_sample(FRIGATE)
def test_frigate_event_fields(sample_path):
    payload = strip_comments(sample_path(f"{FRIGATE}/mqtt_head_events_1.jsonc").read_text()).encode()
    good, _ = split(CAMERA_EVENTS, parse_events([payload]))
    row = good.iloc[0]
    assert row["event_id"] == "1607123955.475377-mxklsc" and row["camera_id"] == "front_door"
    assert row["time"] == pd.Timestamp(1607123955.475377, unit="s", tz="UTC").floor("us")
    assert pd.isna(row["end_time"]) and row["event_type"] == "update"
    assert (row["box_x1"], row["box_y1"], row["box_x2"], row["box_y2"]) == (432, 496, 544, 854)
    assert row["zone"] == "yard" and row["zones"] == "yard,driveway"
    assert row["sub_label_name"] == "John Smith"  # [name, score] form
    assert row["plate"] == "ABC12345" and row["plate_score"] == pytest.approx(0.933451)
    assert row["speed"] == pytest.approx(14.31) and pd.isna(row["snapshot"])
    assert set(CAMERA_EVENTS.pii_columns) == {"sub_label_name", "plate"}


@pytest.mark.requires_sample(f"{FRIGATE}/mqtt_head_reviews_1.jsonc")
def test_frigate_review_fields(sample_path):
    payload = strip_comments(sample_path(f"{FRIGATE}/mqtt_head_reviews_1.jsonc").read_text()).encode()
    good, _ = split(REVIEWS, parse_reviews([payload]))
    row = good.iloc[0]
    assert row["severity"] == "alert" and row["objects"] == "person,car" and row["zones"] == "front_yard"
    assert row["detections"] == 3 and row["thumb_path"].endswith(".webp")


@pytest.mark.requires_sample(DEEPSTREAM)
def test_deepstream_sample_through_the_adapter(sample_path):
    frame = read_messages(sample_path(DEEPSTREAM))
    good, rejected = split(CAMERA_EVENTS, frame)
    assert len(frame) == 600 and rejected.empty, rejected["reason"].unique()
    assert set(good["label"]) == {"vehicle"} and set(good["source"]) == {"deepstream"}
    assert good["camera_id"].nunique() == 45 and good["event_id"].is_unique
    assert set(good["event_type"]) == {"moving", "parked", "empty"}
    empty = good[good["event_type"] == "empty"]
    assert empty["box_x1"].isna().all()  # an emptied parking spot has no box
    assert good["time"].min() == pd.Timestamp("2018-09-12T17:20:38.026Z")


@pytest.mark.requires_sample(DEEPSTREAM)
def test_deepstream_sensor_maps_onto_a_camera(sample_path, tmp_path):
    from ioc.config import load_settings

    settings = load_settings(
        data_dir=tmp_path, plugins={"public_order": {"deepstream_sensors": {"10_110_127_110_A1": "cam_garage"}}}
    )
    line = sample_path(DEEPSTREAM).read_bytes().splitlines()[0]
    frame = parse_messages([line], settings=settings)
    assert frame["camera_id"].tolist() == ["cam_garage"]


GOOD = {
    "type": "new",
    "before": None,
    "after": {"id": "1.1-a", "camera": "cam1", "label": "person", "start_time": 1.7e9, "box": [1, 2, 30, 40]},
}


def _with(**after) -> bytes:
    message = json.loads(json.dumps(GOOD))
    message["after"].update(after)
    return json.dumps(message).encode()


MALFORMED = [
    (b'{"type": "new", "after": {"id": "1", "cam', "JSON"),
    (b"[1, 2, 3]", "JSON object"),
    (json.dumps({"type": "created", "after": GOOD["after"]}).encode(), "type"),
    (json.dumps({"type": "end"}).encode(), "after"),
    (_with(camera=["front"]), "after.camera"),
    (_with(start_time="yesterday"), "after.start_time"),
    (_with(score="high"), "after.score"),
    (_with(box=[1, 2, 3]), "after.box"),
    (_with(box=[1, 2, "x", 4]), "after.box"),
    (_with(current_zones="yard"), "after.current_zones"),
    (_with(has_snapshot="yes"), "after.has_snapshot"),
    (_with(sub_label={"name": "x"}), "after.sub_label"),
    (_with(label="unicorn"), "label"),
    (_with(box=[100, 100, 50, 50]), "box"),
    (_with(box=[-5, 0, 50, 50]), "box"),
    (_with(box=[0, 0, 5000, 50]), "box"),
    (_with(start_time=NOW.timestamp() + 86400), "tương lai"),
    (_with(start_time=1.7e9, end_time=1.6e9), "end_time"),
    (_with(score=1.7), "score"),
    (_with(id=None), "after.id"),
]


@pytest.mark.parametrize(("payload", "reason"), MALFORMED, ids=[f"bad{i}" for i in range(len(MALFORMED))])
def test_malformed_frigate_payloads_are_quarantined_with_reasons(payload, reason):
    good, rejected = split(CAMERA_EVENTS, parse_events([_with(), payload]))
    assert len(good) == 1 and len(rejected) == 1
    assert reason in rejected["reason"].iloc[0]


def test_bad_payload_keeps_its_text_for_the_quarantine():
    frame = parse_events([b'{"type": "new", "aft'])
    _, rejected = split(CAMERA_EVENTS, frame)
    assert rejected["payload"].iloc[0] == '{"type": "new", "aft'


def test_frame_size_from_settings_rejects_boxes_outside_a_smaller_frame(tmp_path):
    from ioc.config import load_settings

    settings = load_settings(data_dir=tmp_path, plugins={"public_order": {"frame_width": 640, "frame_height": 480}})
    _, rejected = split(CAMERA_EVENTS, parse_events([_with(box=[10, 10, 700, 400])], settings=settings))
    assert "box" in rejected["reason"].iloc[0]


def test_deepstream_malformed_messages():
    base = {
        "messageid": "m1",
        "@timestamp": "2025-09-12T17:20:38.026Z",
        "sensor": {"id": "s1"},
        "object": {"id": "o1", "vehicle": {"type": "sedan", "license": "UNKNOWN"}, "bbox": {"topleftx": 1}},
        "event": {"type": "entry"},
    }
    broken = [
        {**base, "@timestamp": "not a time"},
        {**base, "object": {"id": "o1", "animal": {}}},
        {**base, "sensor": "s1"},
        {**base, "object": {**base["object"], "bbox": {"topleftx": "1"}}},
    ]
    frame = parse_messages([json.dumps(m).encode() for m in [base, *broken]] + [b"{not json"])
    good, rejected = split(CAMERA_EVENTS, frame)
    assert good["label"].tolist() == ["car"] and good["plate"].isna().all()
    assert len(rejected) == 5
    assert all(rejected["reason"].str.len() > 0)


def test_files_hold_one_message_an_array_or_ndjson(tmp_path):
    one = tmp_path / "one.json"
    one.write_bytes(_with())
    array = tmp_path / "array.json"
    array.write_text(json.dumps([json.loads(_with(id="a")), json.loads(_with(id="b"))]))
    lines = tmp_path / "lines.ndjson"
    lines.write_bytes(_with(id="c") + b"\n" + _with(id="d") + b"\n" + b'{"trunc' + b"\n")
    assert len(read_events(one)) == 1
    assert read_events(array)["event_id"].tolist() == ["a", "b"]
    frame = read_events(lines)
    assert frame["event_id"].tolist()[:2] == ["c", "d"] and frame["_error"].notna().sum() == 1
    empty = tmp_path / "empty.json"
    empty.write_text("  \n")
    with pytest.raises(AdapterError, match="rỗng"):
        read_events(empty)


def test_vendor_events_with_vietnamese_headers(tmp_path):
    path = tmp_path / "su_kien_camera_2025.csv"
    path.write_text(
        "Mã camera;Thời gian;Loại đối tượng;Khu vực;Độ tin cậy;Biển số;Ảnh chụp\n"
        "cam_a;01/05/2025 08:00:05;Người;cổng;87%;;a.jpg\n"
        "cam_a;01/05/2025 08:01:00;Xe máy;cổng;0,91;72A-123.45;\n"
        "cam_a;01/05/2025 08:02:00;Khủng long;cổng;0,5;;\n"
        "cam_a;32/13/2025 25:00;Khói;cổng;0,9;;\n",
        encoding="utf-8",
    )
    frame = read_vendor_events(path)
    good, rejected = split(CAMERA_EVENTS, frame)
    assert good["label"].tolist() == ["person", "motorcycle"]
    assert good["time"].iloc[0] == pd.Timestamp("2025-05-01T01:00:05Z")  # site local time (UTC+7)
    assert good["score"].tolist() == pytest.approx([0.87, 0.91])
    assert good["plate"].iloc[1] == "72A-123.45" and good["event_id"].str.startswith("vendor-").all()
    assert len(rejected) == 2 and "label" in rejected["reason"].iloc[0] and "time" in rejected["reason"].iloc[1]
    again = read_vendor_events(path)
    assert again["event_id"].tolist() == frame["event_id"].tolist()  # stable ids: re-import stores nothing twice


def test_vendor_camera_registry_in_excel(tmp_path):
    path = tmp_path / "danh_muc_camera.xlsx"
    pd.DataFrame(
        {
            "Mã camera": ["cam_a", "cam_b"],
            "Tên camera": ["Ngã tư A", "Bãi tắm B"],
            "Kinh độ": ["107,08", "107.1"],
            "Vĩ độ": ["10.35", "10.34"],
            "Đơn vị": ["747", "747"],
            "Loại camera": ["Cố định", "Quay quét"],
            "Trạng thái": ["Hoạt động", "Bảo trì"],
        }
    ).to_excel(path, index=False)
    good, rejected = split(CAMERAS, read_vendor_cameras(path))
    assert rejected.empty
    assert good["kind"].tolist() == ["fixed", "ptz"] and good["status"].tolist() == ["active", "maintenance"]
    assert good["lon"].tolist() == pytest.approx([107.08, 107.1])


def test_vendor_file_without_camera_column_is_refused(tmp_path):
    path = tmp_path / "su_kien_camera.csv"
    path.write_text("Thời gian,Loại\n01/05/2025 08:00,Người\n")
    with pytest.raises(AdapterError, match="camera_id"):
        read_vendor_events(path)


def test_sources_are_detected_and_live_ones_parse_payloads():
    registry = Registry([plugin()])
    assert detect_source(Path("frigate_events_0105.json"), registry) == "public_order.frigate_events"
    assert detect_source(Path("deepstream_gate.ndjson"), registry) == "public_order.deepstream"
    assert detect_source(Path("su_kien_camera_05.xlsx"), registry) == "public_order.vendor_events"
    live = {a.name for a in plugin().adapters if a.parse is not None}
    assert live == {"frigate_events", "frigate_reviews", "frigate_updates", "deepstream"}
