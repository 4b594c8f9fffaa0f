"""Every shared security sample through its adapter (exact counts), and each format quirk."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioc.plugins import AdapterError
from ioc_plugins.infosec.adapters import (
    read_ossec_log,
    read_suricata_eve,
    read_wazuh_alerts,
    read_zeek_conn,
    read_zeek_logs,
)
from ioc_plugins.infosec.adapters.eve_arrow import parse_fields
from ioc_plugins.infosec.adapters.zeek import iter_tsv_records
from ioc_plugins.infosec.model import parse_time, split_ip_port

# file → (rows read, rows quarantined, stats records skipped, alerts)
SURICATA = {
    "alert-testmyids.eve.json": (1, 0, 0, 1),
    "detect-ldap-operation.eve.json": (6, 0, 1, 4),
    "dnp3.eve.json": (55, 0, 0, 0),
    "dns-tcp-www-google-com.eve.json": (14, 0, 0, 0),
    "engine-state_detect-engine-state-03.eve.json": (2, 0, 1, 0),
    "eve-2.json": (2400, 0, 1, 118),
    "eve-dns.eve.json": (9, 0, 0, 0),
    "eve_no_events.json": (0, 0, 21, 0),
    "eve_payload.json": (131, 0, 0, 131),
    "eve_udp_flow.json": (32, 0, 0, 0),
    "output-eve-fileinfo.eve.json": (1, 0, 0, 0),
    "single-dns-request.eve.json": (2, 0, 0, 0),
    "tls-fingerprint-alert.eve.json": (2, 0, 0, 1),
    "tls-json-output-ids.eve.json": (1, 0, 0, 0),
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors(frame: pd.DataFrame) -> list[str]:
    return frame["_error"].dropna().tolist()


@pytest.mark.parametrize("name", sorted(SURICATA))
def test_every_suricata_sample_reads_with_exact_counts(name, sample_path):
    # parametrised marker: each case declares its own sample
    path = sample_path(f"security/suricata/{name}")
    frame = read_suricata_eve(path)
    rows, bad, skipped, alerts = SURICATA[name]
    assert (len(frame), len(errors(frame)), frame.attrs["skipped"]) == (rows, bad, skipped)
    assert int((frame["event_dataset"] == "alert").sum()) == alerts
    assert not frame["event_id"].duplicated().any()
    assert frame["time"].notna().all()


pytestmark = pytest.mark.requires_sample(
    *[f"security/suricata/{name}" for name in SURICATA],
    "security/wazuh/ossec_insect.json",
    "security/zeek/brimdata-zed_conn.log",
    "security/zeek/zeek-root_conn.log",
)


def test_eve_2_types_severities_and_daylight_offsets(sample_path):
    frame = read_suricata_eve(sample_path("security/suricata/eve-2.json"))
    assert frame["event_dataset"].value_counts().to_dict() == {
        "dns": 936,
        "flow": 923,
        "tls": 224,
        "alert": 118,
        "anomaly": 106,
        "smtp": 84,
        "http": 5,
        "fileinfo": 4,
    }
    # the file's one -0400 record is its stats record (processing time): skipped, never an event
    raw_offsets = frame["raw"].str.extract(r'"timestamp":"[^"]*([+-]\d{4})"')[0]
    assert raw_offsets.value_counts().to_dict() == {"-0500": 2400}
    first = frame.iloc[0]
    assert first["time"] == pd.Timestamp("2022-02-08T14:40:29.080710Z")
    assert set(frame.loc[frame["event_dataset"] == "alert", "severity"]) <= {1, 2, 3}


def test_suricata_sample_without_final_newline_keeps_its_last_record(sample_path):
    path = sample_path("security/suricata/eve_udp_flow.json")
    assert not path.read_bytes().endswith(b"\n")
    frame = read_suricata_eve(path)
    assert len(frame) == 32 and frame.iloc[-1]["event_dataset"] == "netflow"


def test_offset_without_colon_and_epoch_forms_parse_to_utc():
    assert parse_time("2022-02-23T10:11:12.123456-0500") == pd.Timestamp("2022-02-23T15:11:12.123456Z")
    assert parse_time("2022-02-23T10:11:12.123456+07:00") == pd.Timestamp("2022-02-23T03:11:12.123456Z")
    assert parse_time(1583330105224) == pd.Timestamp("2020-03-04T13:55:05.224Z")  # epoch ms
    assert parse_time("1632928690.500620") == pd.Timestamp("2021-09-29T15:18:10.500620Z")  # exact µs
    assert parse_time("2022-02-23T10:11:12") is None  # naive: no zone, no guess


def test_eve_offsets_changing_inside_a_file_and_records_out_of_order(tmp_path):
    # US daylight saving ends 2024-11-03 02:00 EDT: the sensor's offset changes mid-file
    late = '{"timestamp":"2024-11-03T01:30:00.000000-0500","event_type":"dns","src_ip":"10.0.0.1","flow_id":2}'
    early = '{"timestamp":"2024-11-03T01:30:00.000000-0400","event_type":"dns","src_ip":"10.0.0.1","flow_id":1}'
    frame = read_suricata_eve(write(tmp_path, "eve.json", late + "\n" + early + "\n"))
    assert list(frame["time"]) == [pd.Timestamp("2024-11-03T06:30:00Z"), pd.Timestamp("2024-11-03T05:30:00Z")]


def test_eve_array_form_reads_like_lines(tmp_path, sample_path):
    lines = read_suricata_eve(sample_path("security/suricata/eve-dns.eve.json"))
    records = [json.loads(x) for x in sample_path("security/suricata/eve-dns.eve.json").read_text().splitlines()]
    array = read_suricata_eve(write(tmp_path, "eve-array.json", json.dumps(records, indent=2)))
    assert list(array["event_id"]) == list(lines["event_id"])  # same identity: re-ingest dedupes


def test_eve_truncated_last_line_and_garbage_are_quarantined_with_reasons(tmp_path):
    good = '{"timestamp":"2024-01-01T00:00:00.000000+0700","event_type":"alert","src_ip":"192.0.2.1","dest_ip":"10.77.5.10","alert":{"signature_id":1,"signature":"x","severity":1}}'
    path = write(
        tmp_path,
        "eve.json",
        f'{good}\nthis is not json\n[1, 2]\n{good.replace("x", "y")}\n{{"timestamp":"2024-01-01T00:00',
    )
    frame = read_suricata_eve(path)
    assert len(frame) == 5
    reasons = errors(frame)
    assert len(reasons) == 3
    assert reasons[0].startswith("dòng 2: JSON không hợp lệ")
    assert reasons[1].startswith("dòng 3: không phải đối tượng JSON")
    assert reasons[2].startswith("dòng 5: JSON không hợp lệ")
    assert frame.loc[frame["_error"].isna(), "agency"].tolist() == ["SYT", "SYT"]  # 10.77.5.0/24


def test_eve_array_cut_short_quarantines_the_rest(tmp_path):
    record = {"timestamp": "2024-01-01T00:00:00+0000", "event_type": "dns", "src_ip": "10.0.0.1"}
    path = write(
        tmp_path,
        "eve.json",
        "[\n" + json.dumps(record, indent=2) + ",\n" + json.dumps(record | {"flow_id": 2}, indent=2)[:25],
    )
    frame = read_suricata_eve(path)
    assert len(frame) == 2 and len(errors(frame)) == 1 and "JSON không hợp lệ" in errors(frame)[0]


def test_eve_record_without_time_or_type_is_quarantined(tmp_path):
    path = write(
        tmp_path, "eve.json", '{"timestamp":"yesterday","event_type":"dns"}\n{"timestamp":"2024-01-01T00:00:00+0000"}\n'
    )
    reasons = errors(read_suricata_eve(path))
    assert reasons == [
        "dòng 1: timestamp: thời điểm không đọc được 'yesterday' (unreadable timestamp)",
        "dòng 2: event_type: thiếu loại sự kiện (missing event_type)",
    ]


#: EVE records of unusual shapes: the columnar mapping hands them to the record-by-record one
UNUSUAL_EVE = [
    {"event_type": "alert", "src_ip": 5, "dest_ip": "10.77.5.10", "alert": {"signature": "ET MALWARE Foo x"}},
    {"event_type": "alert", "proto": 6, "alert": "not an object"},
    {"event_type": "alert", "alert": {"metadata": "not an object", "signature": "x"}},
    {"event_type": "alert", "alert": {"metadata": {"malware_family": ["Emotet"]}, "signature_id": True}},
    {"event_type": "anomaly", "anomaly": {"type": "decode"}},
    {"event_type": "dns", "dns": {"queries": ["not an object"]}},
    {"event_type": "dns", "dns": {"queries": [{"rrname": "a.gov.vn"}]}},
    {"event_type": "flow", "src_port": "80", "dest_port": 70000, "host": {"name": "s1"}},
    {"event_type": "flow", "src_port": 1.5, "dest_port": True, "proto": "UDP"},
    {"event_type": ["stats"]},
    {"event_type": "stats", "stats": {}},
    {"event_type": None},
    {"timestamp": None, "event_type": "dns"},
    {"timestamp": 1700000000, "event_type": "dns"},
    {"timestamp": "yesterday", "event_type": "dns"},
]


def test_columnar_eve_mapping_agrees_with_the_record_by_record_one(tmp_path, sample_path):
    # usual records are mapped column by column, the rest one by one (eve_row): on a real
    # sample mixed with unusual records, garbage and a cut-off line, both give the same
    # validated rows, the same reasons in the same order and the same skipped count
    from ioc_plugins.infosec.adapters.common import collect, resolver_from, whole
    from ioc_plugins.infosec.adapters.suricata import SKIPPED_TYPES, eve_row
    from ioc_plugins.infosec.records import iter_json_records
    from ioc_plugins.infosec.tables import EVENTS

    stamp = {"timestamp": "2024-11-03T01:30:00.000000-0400"}
    lines = sample_path("security/suricata/eve-2.json").read_text(encoding="utf-8").splitlines()
    lines[5:5] = [json.dumps(stamp | record) for record in UNUSUAL_EVE] + ["garbage", "[1]"]
    path = write(tmp_path, "ids/eve.json", "\n".join(lines) + '\n{"timestamp": "2024')
    resolver = resolver_from(None)

    def mapper(record, text):
        return None if record.get("event_type") in SKIPPED_TYPES else eve_row(record, text, resolver, "ids/eve")

    columnar = read_suricata_eve(path)
    reference = whole(collect(path, iter_json_records(path), mapper, module="suricata", raw_time="timestamp"))
    assert columnar.attrs["skipped"] == reference.attrs["skipped"] == 2
    now = pd.Timestamp("2030-01-01", tz="UTC")
    (good, rejected), (good_ref, rejected_ref) = EVENTS.validate(columnar, now=now), EVENTS.validate(reference, now=now)
    assert len(rejected) == 12 and len(good) + len(rejected) == len(columnar) == len(reference)
    pd.testing.assert_frame_equal(good, good_ref)
    assert rejected["reason"].tolist() == rejected_ref["reason"].tolist()
    assert sum("malformed record" in reason for reason in rejected["reason"]) == 4
    assert good["source_ip"].eq("5").sum() == 1  # a number where an address is expected: kept as its text


#: Records Arrow's reader takes (every value of the usual type) that still leave the columnar
#: rows: no time, no type, engine counters, an empty protocol, host and domain texts
ARROW_REST = [
    {"event_type": "dns"},
    {"timestamp": "2024-11-03T01:30:00.000000-0400"},
    {"timestamp": "2024-11-03T01:30:00.000000-0400", "event_type": "stats", "stats": {"uptime": 5}},
    {"timestamp": "yesterday", "event_type": "flow"},
    {"timestamp": "2024-11-03T01:31:00+0700", "event_type": "tls", "proto": "", "host": "", "tls": {"sni": ""}},
    {"timestamp": "2024-11-03T01:32:00Z", "event_type": "dns", "dns": {"rrname": "", "queries": [{"rrname": "q.vn"}]}},
    {"timestamp": "2024-11-03T01:33:00Z", "event_type": "dns", "dns": {"queries": []}, "http": {"hostname": ""}},
    {"timestamp": "2024-11-03T01:34:00Z", "event_type": "fileinfo", "fileinfo": {"sha256": "", "md5": ""}},
    {"timestamp": "2024-11-03T01:35:00Z", "event_type": "alert", "alert": {"metadata": {"malware_family": [None]}}},
    {"timestamp": "2024-11-03T01:36:00Z", "event_type": "anomaly", "anomaly": {}, "sensor_name": "s2"},
]


#: Alerts and anomalies of every shape Arrow maps itself (eve_arrow.detection_columns)
ARROW_DETECTIONS = [
    {"timestamp": f"2024-11-03T02:{minute:02d}:00Z", "event_type": kind, kind: value}
    for minute, (kind, value) in enumerate(
        [
            ("alert", {"signature_id": 1, "signature": "ET MALWARE Emotet CnC", "severity": 1, "category": ""}),
            ("alert", {"signature": "ET TROJAN  double space", "severity": 2, "action": "allowed"}),
            ("alert", {"signature": "ETPRO MALWARE Qakbot", "metadata": {"malware_family": ["Qbot", "x"]}}),
            ("alert", {"signature": "ET CNC ", "severity": 3, "metadata": {"malware_family": []}}),
            ("alert", {"signature": "ET MALWARE", "metadata": {}, "category": "Trojan"}),
            ("alert", {"signature": "GPL ATTACK_RESPONSE", "metadata": {"malware_family": ["Mirai"]}}),
            ("alert", {"signature_id": 2_019_401, "signature": "ET CNC Feodo Tracker", "severity": 2}),
            ("alert", None),
            ("alert", {}),
            ("anomaly", {"event": "", "type": "stream"}),
            ("anomaly", {"event": "DECODER_IPV4_TRUNC", "type": "decode"}),
            ("anomaly", {}),
            ("dns", {"rrname": "a.vn"}),
        ]
    )
] + [{"timestamp": "2024-11-03T03:00:00Z", "event_type": "dns", "alert": {"signature": "not an alert row"}}]


@pytest.mark.parametrize(
    "extra",
    [[], ARROW_REST, ARROW_DETECTIONS, ARROW_REST + ARROW_DETECTIONS],
    ids=["sample", "with-rest", "detections", "both"],
)
def test_arrow_parsed_eve_batches_map_as_the_python_path_does(tmp_path, sample_path, monkeypatch, extra):
    # a batch whose values are all of the usual types is parsed by Arrow's JSON reader
    # (eve_arrow); the rows must be those of the Python mapping, to the dtype
    import ioc_plugins.infosec.adapters.suricata as suricata

    lines = sample_path("security/suricata/eve-2.json").read_text(encoding="utf-8").splitlines()
    lines[7:7] = [json.dumps(record) for record in extra]
    path = write(tmp_path, "ids/eve.json", "\n".join(lines) + "\n")
    taken = []
    monkeypatch.setattr(suricata, "parse_fields", lambda texts: taken.append(parse_fields(texts)) or taken[-1])
    arrow = read_suricata_eve(path)
    assert taken and all(parsed is not None for parsed in taken)  # Arrow did read the batch
    monkeypatch.setattr(suricata, "parse_fields", lambda texts: None)
    python = read_suricata_eve(path)
    pd.testing.assert_frame_equal(arrow, python)
    assert arrow.attrs == python.attrs
    assert len(arrow) == 2400 + len(extra) - (extra is not ARROW_DETECTIONS and len(extra) > 0)  # stats skipped
    if extra is ARROW_DETECTIONS:  # as read from the records: families from lists and signatures
        assert arrow["malware_family"].dropna().tolist() == ["Emotet", "Qbot", "Mirai", "Feodo"]


def test_arrow_refuses_a_batch_with_a_value_of_another_type():
    # the reader is strict: one such value anywhere sends the whole batch to the Python mapping
    usual = json.dumps({"timestamp": "2024-11-03T01:30:00Z", "event_type": "flow", "src_port": 80})
    assert parse_fields([usual]) is not None
    for odd in (
        '{"src_port": "80"}',
        '{"src_port": 1.5}',
        '{"alert": "x"}',
        '{"dns": {"queries": ["x"]}}',
        '{"proto": 6}',
        '{"alert": {"signature_id": "2001"}}',
        '{"alert": {"metadata": {"malware_family": "Emotet"}}}',
        '{"anomaly": {"event": 5}}',
        '{"event_type": "a", "event_type": "b"}',
        "[1]",
    ):
        assert parse_fields([usual, odd]) is None, odd


ARROW_TIMES = [
    "2024-11-03T01:30:00.123456-0400",
    "2024-11-03T01:30:00.123456-04:00",
    "2024-11-03T01:30:00Z",
    "2024-11-03T01:30:00.5+0700",
    "2024-11-03T01:30:00+07",
    "2024-11-03 01:30:00+0700",
    "1500-01-01T00:00:00+0000",
    "2300-01-01T00:00:00.5+0000",
    "2024-11-03T10:00:00+1500",
]


@pytest.mark.parametrize(
    "odd",
    [
        None,
        "2024-11-03T01:30:00",  # no offset
        "2025-02-30T00:00:00+0000",
        "2025-12-31T23:59:60+0000",
        "2024-11-03T01:30:00.123456789+0000",  # nanoseconds
        "2024-11-03T01:30:00,5+0000",
        "yesterday",
    ],
)
def test_arrow_reads_a_batch_of_times_as_pandas_does_or_leaves_them_all(odd):
    from ioc_plugins.infosec.adapters.eve_arrow import TIME
    from ioc_plugins.infosec.model import parse_times

    times = ARROW_TIMES + ([odd] if odd else [])
    parsed = parse_fields([json.dumps({"timestamp": time, "event_type": "flow"}) for time in times])
    if odd is None:  # every time read by Arrow: the instants pandas reads
        assert parsed[TIME].to_pylist() == parse_times(pd.Series(times)).tolist()
    else:  # one it does not read: the batch's times are left to pandas
        assert TIME not in parsed.column_names and parsed.num_rows == len(times)


def test_empty_file_is_an_adapter_error(tmp_path):
    with pytest.raises(AdapterError, match="rỗng"):
        read_suricata_eve(write(tmp_path, "eve.json", "\n\n"))


def test_wazuh_3_sample_exact_counts_and_quirks(sample_path):
    frame = read_wazuh_alerts(sample_path("security/wazuh/ossec_insect.json"))
    assert len(frame) == 497 and errors(frame) == []
    assert frame["event_module"].eq("wazuh").all()
    assert frame["severity"].value_counts().to_dict() == {2: 379, 1: 89, 3: 29}  # levels 5–7, 3, 8–10
    # data.dstip with a port: 75 records ("192.168.10.21:80") split into address and port
    with_port = frame[frame["raw"].str.contains(r'"dstip":"[\d.]+:\d+"', regex=True)]
    assert len(with_port) == 75
    assert with_port["destination_ip"].str.fullmatch(r"[\d.]+").all() and with_port["destination_port"].notna().all()
    assert with_port.iloc[0][["destination_ip", "destination_port"]].tolist() == ["192.168.10.21", 80]
    # decoder {} (138 records) reads like any other
    assert frame["raw"].str.contains('"decoder":{}', regex=False).sum() == 138
    # ClamAV database updates are in the "virus" group but are not malware
    assert frame["malware_family"].isna().all()


def test_wazuh_4_and_ossec_json_variants(tmp_path):
    wazuh4 = {
        "timestamp": "2024-05-01T08:00:00.123+0700",
        "rule": {"level": 12, "description": "ClamAV: Virus detected", "id": "52502", "groups": ["clamd", "virus"]},
        "agent": {"id": "001", "name": "syt-his01", "ip": "10.77.5.9"},
        "manager": {"name": "wazuh"},
        "id": "1714525200.1",
        "full_log": "/tmp/a.doc: Win.Trojan.Emotet-1 FOUND",
        "decoder": {},
        "data": {"srcip": "10.77.5.9"},
    }
    ossec = {
        "rule": {
            "level": 10,
            "comment": "Multiple SSHD authentication failures.",
            "sidid": 5720,
            "group": "syslog,sshd,authentication_failures,",
        },
        "srcip": "192.0.2.4",
        "hostname": "stc-ketoan01",
        "TimeStamp": 1714525200000,
        "full_log": "sshd: Failed password",
    }
    frame = read_wazuh_alerts(write(tmp_path, "alerts.json", json.dumps(wazuh4) + "\n" + json.dumps(ossec) + "\n"))
    assert errors(frame) == []
    first, second = frame.iloc[0], frame.iloc[1]
    assert (first["event_module"], first["rule_name"], first["severity"], first["agency"]) == (
        "wazuh",
        "ClamAV: Virus detected",
        4,
        "SYT",
    )
    assert first["malware_family"] == "Win.Trojan.Emotet-1" and first["time"] == pd.Timestamp(
        "2024-05-01T01:00:00.123Z"
    )
    assert (second["event_module"], second["rule_name"], second["rule_id"], second["severity"]) == (
        "ossec",
        "Multiple SSHD authentication failures.",
        "5720",
        3,
    )
    assert second["time"] == pd.Timestamp("2024-05-01T01:00:00Z") and second["agency"] == "STC"  # by host name


OSSEC_LOG = """** Alert 1714525200.1021: mail  - syslog,sshd,authentication_failed,
2024 May 01 08:00:00 (stnmt-gis01) 10.77.2.10->/var/log/auth.log
Rule: 5716 (level 5) -> 'SSHD authentication failed.'
Src IP: 192.0.2.9
User: root
May  1 08:00:00 stnmt-gis01 sshd[99]: Failed password for root from 192.0.2.9 port 4022 ssh2

stray text between blocks
** Alert 1714525260.2042: - clamd,virus,
2024 May 01 08:01:00 sgddt-web01->/var/log/clamav/clamav.log
Rule: 52502 (level 12) -> 'ClamAV: Virus detected'
Wed May  1 08:01:00 2024 -> /srv/www/up.php: Php.Webshell.Generic-1 FOUND

** Alert 1714525300.3000: - syslog,
2024 May 01 08:01:40 cut-short
"""


def test_ossec_alerts_log_multiline_blocks(tmp_path):
    frame = read_ossec_log(write(tmp_path, "alerts.log", OSSEC_LOG))
    good = frame[frame["_error"].isna()]
    assert len(frame) == 4 and len(good) == 2
    assert errors(frame) == [
        "dòng 8: dòng nằm ngoài khối cảnh báo (text outside an alert block)",
        "dòng 14: khối cảnh báo không đủ dòng tiêu đề/luật (incomplete alert block)",
    ]
    first, second = good.iloc[0], good.iloc[1]
    # local manager time (the site's zone, UTC+7) → UTC
    assert first["time"] == pd.Timestamp("2024-05-01T01:00:00Z")
    assert (first["rule_id"], first["severity"], first["source_ip"], first["host_name"], first["agency"]) == (
        "5716",
        2,
        "192.0.2.9",
        "stnmt-gis01",
        "STNMT",
    )
    assert (second["malware_family"], second["severity"], second["agency"]) == ("Php.Webshell.Generic-1", 4, "SGDDT")


def test_zeek_tsv_samples_exact_counts(sample_path):
    brim = read_zeek_conn(sample_path("security/zeek/brimdata-zed_conn.log"))
    root = read_zeek_conn(sample_path("security/zeek/zeek-root_conn.log"))
    assert (len(brim), len(errors(brim)), len(root), len(errors(root))) == (92, 0, 1, 0)
    # "-" is null; rows are not time-ordered; the brimdata file has no #close
    assert brim["service"].isna().sum() == 76  # the "-" cells of the service column
    assert not brim["time"].is_monotonic_increasing
    assert "#close" not in sample_path("security/zeek/brimdata-zed_conn.log").read_text()
    assert root.iloc[0]["time"] == pd.Timestamp("2021-09-29T15:18:10.500620Z")
    assert (root.iloc[0]["source_ip"], root.iloc[0]["destination_port"], root.iloc[0]["service"]) == (
        "192.168.1.99",
        "53",
        "dns",
    )


def test_zeek_tsv_empty_set_unset_and_bad_rows(tmp_path):
    header = "#separator \\x09\n#unset_field\t-\n#empty_field\t(empty)\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tanswers\n"
    rows = "1714525200.000001\tC1\t10.77.1.5\t5353\t10.77.100.53\t53\tudp\tdichvucong.gov.vn\t(empty)\n1714525201.5\tC2\t10.77.1.5\t5353\t-\n"
    frame = read_zeek_logs(write(tmp_path, "dns.log", header + rows))
    assert len(frame) == 2 and errors(frame) == ["dòng 7: số cột 5 khác 9 của #fields (wrong number of columns)"]
    assert frame.iloc[0]["url_domain"] == "dichvucong.gov.vn" and frame.iloc[0]["agency"] == "STTTT"
    record = next(iter_tsv_records(tmp_path / "dns.log"))[2]
    assert record["answers"] == "" and record["_path"] == "dns"  # "(empty)" is an empty set, not null


def test_zeek_json_dotted_keys(tmp_path):
    record = {
        "ts": 1714525200.25,
        "uid": "CJ1",
        "id.orig_h": "10.77.9.4",
        "id.orig_p": 50000,
        "id.resp_h": "198.51.100.5",
        "id.resp_p": 443,
        "proto": "tcp",
        "service": "ssl",
        "duration": 0.5,
        "orig_bytes": 10,
        "resp_bytes": 20,
        "conn_state": "SF",
    }
    frame = read_zeek_conn(write(tmp_path, "conn.json", json.dumps(record) + "\n"))
    assert errors(frame) == []
    row = frame.iloc[0]
    assert (row["source_ip"], row["destination_ip"], row["agency"], row["service"]) == (
        "10.77.9.4",
        "198.51.100.5",
        "STC",
        "ssl",
    )


def test_zeek_conn_and_other_logs_refuse_each_other(tmp_path, sample_path):
    with pytest.raises(AdapterError, match="zeek_conn"):
        read_zeek_logs(sample_path("security/zeek/zeek-root_conn.log"))
    dns = write(tmp_path, "dns.json", json.dumps({"ts": 1.0, "_path": "dns", "uid": "x"}) + "\n")
    with pytest.raises(AdapterError, match="zeek_logs"):
        read_zeek_conn(dns)


def test_split_ip_port():
    assert split_ip_port("192.168.10.21:80") == ("192.168.10.21", 80)
    assert split_ip_port("[2001:db8::1]:443") == ("2001:db8::1", 443)
    assert split_ip_port("2001:db8::1") == ("2001:db8::1", None)
    assert split_ip_port("-") == (None, None)


def test_asset_registry_resolves_longest_prefix_and_quarantines_bad_ranges(tmp_path):
    from ioc_plugins.infosec.assets import AgencyResolver, read_assets

    path = write(
        tmp_path,
        "tai_san.csv",
        "agency,cidr,hostnames\nSTTTT,10.77.0.0/16,\nSYT,10.77.5.0/24,syt-his01;syt-mail\nSTC,10.77.9.300/24,\n",
    )
    frame = read_assets(path)
    assert errors(frame) == ["cidr: '10.77.9.300/24' không phải dải địa chỉ (not a network range)"]
    resolver = AgencyResolver(frame)
    assert resolver.agency_of_ip("10.77.5.9") == "SYT" and resolver.agency_of_ip("10.77.9.9") == "STTTT"
    assert resolver.resolve(destination="192.0.2.1", source="8.8.8.8", host="SYT-MAIL") == "SYT"
    assert resolver.agency_of_ip("not-an-ip") is None


def test_wazuh_and_zeek_json_arrays_read_like_lines(tmp_path, sample_path):
    lines = sample_path("security/wazuh/ossec_insect.json").read_text(encoding="utf-8").splitlines()[:20]
    array = write(tmp_path, "alerts.json", json.dumps([json.loads(x) for x in lines], indent=2))
    from_lines = read_wazuh_alerts(write(tmp_path, "lines/alerts.json", "\n".join(lines) + "\n"))
    assert list(read_wazuh_alerts(array)["event_id"]) == list(from_lines["event_id"])
    record = {
        "ts": 1714525200.5,
        "uid": "CJ2",
        "id.orig_h": "10.77.1.4",
        "id.resp_h": "192.0.2.1",
        "proto": "tcp",
        "_path": "conn",
    }
    frame = read_zeek_conn(write(tmp_path, "conn.json", json.dumps([record, record | {"uid": "CJ3"}])))
    assert frame["uid"].tolist() == ["CJ2", "CJ3"] and errors(frame) == []


def test_overlapping_readers_in_two_threads_turn_the_collector_back_on_only_when_both_end():
    import gc
    import threading

    from ioc_plugins.infosec.records import paused_gc

    first_inside, second_inside, first_done, second_may_end = (threading.Event() for _ in range(4))
    seen = {}

    def first():
        with paused_gc():
            first_inside.set()
            second_inside.wait(5)
        first_done.set()

    def second():
        first_inside.wait(5)
        with paused_gc():
            second_inside.set()
            first_done.wait(5)
            seen["after the first ended"] = gc.isenabled()
            second_may_end.wait(5)

    assert gc.isenabled()
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_done.wait(5)
    second_may_end.set()
    for thread in threads:
        thread.join(5)
    assert seen == {"after the first ended": False}  # the second reader still holds its batch
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), json_values, max_size=6), min_size=1, max_size=8), st.booleans())
def test_ids_made_from_the_texts_are_those_of_the_decoded_records(objects, pretty):
    # the EVE reader makes a usual batch's ids from its texts without keeping the records;
    # they must be the ids of the records (the key every stored event has), whatever the
    # spacing or key order of the text
    from ioc_plugins.infosec.model import content_ids, text_content_ids

    texts = [json.dumps(record, indent=1 if pretty else None, ensure_ascii=pretty) for record in objects]
    assert text_content_ids("suricata", texts).to_pylist() == content_ids("suricata", objects).to_pylist()
    assert text_content_ids("suricata", [json.dumps(dict(reversed(objects[0].items())))]).to_pylist() == (
        content_ids("suricata", objects[:1]).to_pylist()
    )


@pytest.mark.parametrize("odd", ["[1]", '"text"', "7", "garbage", '{"a": 1', '{"a": 1} tail', "{}x"])
def test_ids_from_texts_give_way_when_a_text_is_not_one_json_object(odd):
    from ioc_plugins.infosec.model import text_content_ids

    assert text_content_ids("suricata", ['{"a": 1}', odd]) is None
    assert len(text_content_ids("suricata", ['{"a": 1}', "{}"])) == 2


def test_a_usual_eve_batch_is_never_decoded_record_by_record_in_python(tmp_path, sample_path, monkeypatch):
    # its ids come from its texts and its fields from Arrow: only the records the columnar
    # mapping leaves (a stats record, no time …) are decoded, one by one
    import ioc_plugins.infosec.adapters.suricata as suricata

    lines = sample_path("security/suricata/eve-2.json").read_text(encoding="utf-8").splitlines()
    # (not the alert whose family is listed as null: its batch's alerts are read from their records)
    added = [json.dumps(record) for record in ARROW_REST if record.get("event_type") != "alert"]
    lines[7:7] = added
    path = write(tmp_path, "ids/eve.json", "\n".join(lines) + "\n")
    decoded, batches = [], []
    monkeypatch.setattr(suricata, "parse_line", lambda text: decoded.append(text) or json.loads(text))
    monkeypatch.setattr(suricata, "parse_lines", lambda texts: batches.append(texts) or [json.loads(t) for t in texts])
    frame = read_suricata_eve(path)
    assert len(frame) == 2400 + len(added) - 1 and frame.attrs["skipped"] == 2
    assert not batches
    # only records the columnar mapping leaves: added ones (no time, no type …) and the stats record
    stats = [line for line in lines if '"event_type":"stats"' in line]
    assert set(decoded) <= {*added, *stats}
    assert {json.dumps(ARROW_REST[0]), json.dumps(ARROW_REST[1]), *stats} <= set(decoded)
