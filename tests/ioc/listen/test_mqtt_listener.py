"""The MQTT listener against a real Mosquitto: no loss, no duplicate, bad payloads quarantined.

The listener runs as a separate process (``python -m ioc.listen.cli mqtt``) so that it can
be killed with SIGKILL in the middle of a stream, as a crash or an OOM kill would.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import pandas as pd
import pytest
import yaml
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import func, select

from ioc.config import ConfigError, load_settings
from ioc.datalayer import DataLayer
from ioc.listen.mqtt import MqttConfig, MqttListener, Received, mqtt_config
from ioc.listen.receipts import MqttReceipt
from ioc_plugins.public_order.derive import minute_counts

REPO = Path(__file__).resolve().parents[3]
EVENTS = "public_order.camera_events"


def event(number: int, start: float) -> bytes:
    """A Frigate ``end`` message for object ``number``."""
    after = {
        "id": f"{start:.6f}-obj{number:05d}",
        "camera": "cam_test",
        "label": "person",
        "start_time": start + number * 0.01,
        "end_time": start + number * 0.01 + 3,
        "frame_time": start + number * 0.01 + 3,
        "score": 0.8,
        "top_score": 0.9,
        "box": [10, 20, 110, 220],
        "current_zones": ["cong"],
        "entered_zones": ["cong"],
        "has_snapshot": False,
    }
    return json.dumps({"type": "end", "before": after, "after": after}).encode()


def publisher(port: int) -> mqtt.Client:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"test-pub-{time.monotonic_ns()}")
    client.connect("127.0.0.1", port)
    client.loop_start()
    return client


def publish(client: mqtt.Client, payloads: list[bytes], topic: str = "frigate/events") -> None:
    infos = [client.publish(topic, payload, qos=1) for payload in payloads]
    for info in infos:
        info.wait_for_publish(timeout=10)


def wait_until(condition, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def stored(datalayer: DataLayer, view: str = EVENTS) -> int:
    if datalayer.version(EVENTS) is None:
        return 0
    return int(datalayer.sql(f"SELECT count(*) AS n FROM {view}")["n"].iloc[0])


@pytest.fixture
def deployment(tmp_path, mosquitto_broker):
    """An ``ioc.yaml`` whose ``listen.mqtt`` points at the throw-away broker."""
    config = {
        "site": "ba_ria_vung_tau",
        "data_dir": str(tmp_path / "data"),
        "listen": {
            "mqtt": {
                "port": mosquitto_broker.port,
                "client_id": "ioc-test-listener",
                "topics": {"frigate/events": "public_order.frigate_events"},
                "batch_seconds": 0.3,
                "batch_size": 20,
                "reconnect_max_s": 2,
            }
        },
    }
    path = tmp_path / "ioc.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def start_listener(config: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "IOC_CONFIG": str(config), "PYTHONPATH": str(REPO)}
    env.pop("IOC_DATA_DIR", None)
    env.pop("IOC_DATABASE_URL", None)
    with log.open("ab") as errors:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "ioc.listen.cli", "mqtt"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )


def wait_connected(process: subprocess.Popen, log: Path, connections: int) -> None:
    def ready() -> bool:
        if process.poll() is not None:
            pytest.fail(f"listener exited: {log.read_text(errors='replace')[-3000:]}")
        return log.read_text(errors="replace").count("mqtt: đã kết nối") >= connections

    wait_until(ready, "the listener to subscribe")


def test_killed_listener_and_restarted_broker_lose_nothing_and_store_nothing_twice(
    tmp_path, deployment, mosquitto_broker
):
    total = 300
    start = time.time() - 3600
    payloads = [event(n, start) for n in range(total)]
    log = tmp_path / "listener.log"
    datalayer = DataLayer(load_settings(deployment))

    first = start_listener(deployment, log)
    try:
        wait_connected(first, log, 1)
        client = publisher(mosquitto_broker.port)
        publish(client, payloads[: total // 2])
        wait_until(lambda: stored(datalayer) >= 20, "the first committed batch")
        first.send_signal(signal.SIGKILL)  # mid-stream: batches in flight are neither committed nor acknowledged
        first.wait(timeout=10)
        at_kill = stored(datalayer)
        publish(client, payloads[total // 2 :])  # queued by the broker for the absent persistent session
        client.loop_stop()
        client.disconnect()
    finally:
        if first.poll() is None:
            first.kill()
    assert 0 < at_kill < total

    mosquitto_broker.restart()  # the queue survives in the broker's persistence file

    second = start_listener(deployment, log)
    try:
        wait_connected(second, log, 2)
        wait_until(lambda: stored(datalayer) >= total, f"{total} events in the lake")
        time.sleep(1.0)  # anything redelivered late would show up now
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=20) == 0
    finally:
        if second.poll() is None:
            second.kill()
    assert stored(datalayer) == total
    assert stored(datalayer, f"{EVENTS}__history") == total  # no row was ever stored twice
    distinct = datalayer.sql(f"SELECT count(DISTINCT event_id) AS n FROM {EVENTS}")["n"].iloc[0]
    assert distinct == total
    datalayer.close()


def settled(process: subprocess.Popen, log: Path) -> int:
    """Wait until the listener's latest in-place restart is up and subscribed; return how many there were."""
    while True:
        restarts = log.read_text(errors="replace").count("(restarting in place)")
        wait_connected(process, log, restarts + 1)  # each image connects once
        if log.read_text(errors="replace").count("(restarting in place)") == restarts:
            return restarts


def test_past_its_memory_bound_the_listener_restarts_in_place_and_loses_nothing(tmp_path, deployment, mosquitto_broker):
    """``max_rss_mb: 1``: every batch puts the listener past its bound, so after each one it
    commits, acknowledges and re-executes itself (same process id); what is published
    meanwhile waits in the broker for the persistent session."""
    config = yaml.safe_load(deployment.read_text())
    config["listen"]["mqtt"]["max_rss_mb"] = 1
    deployment.write_text(yaml.safe_dump(config))
    start = time.time() - 3600
    payloads = [event(n, start) for n in range(100)]
    log = tmp_path / "listener.log"
    datalayer = DataLayer(load_settings(deployment))
    listener = start_listener(deployment, log)
    try:
        wait_connected(listener, log, 1)
        client = publisher(mosquitto_broker.port)
        for end in (30, 60, 90):
            publish(client, payloads[end - 30 : end])
            wait_until(lambda end=end: stored(datalayer) >= end, f"{end} events in the lake")
            settled(listener, log)  # a burst may take several batches, each followed by a restart
        time.sleep(1.0)  # anything redelivered late would show up now
        restarts = settled(listener, log)
        assert restarts >= 3  # one batch at least per burst: each burst waits for the last image
        assert listener.poll() is None  # one process all along: the restarts were in place
        # a stop asked for in the middle of a restart (the next image still importing) waits
        # for that image's handlers: a clean stop, not death by the signal's default action
        publish(client, payloads[90:])
        wait_until(lambda: log.read_text().count("(restarting in place)") > restarts, "one more restart")
        listener.send_signal(signal.SIGTERM)
        assert listener.wait(timeout=60) == 0, log.read_text()[-3000:]
        client.loop_stop()
        client.disconnect()
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait(timeout=30)
    text = log.read_text()
    assert "vượt giới hạn 1 MB" in text and "lần 3 (restarting in place)" in text, text[-3000:]
    assert stored(datalayer) == 100
    assert stored(datalayer, f"{EVENTS}__history") == 100  # no row was ever stored twice
    datalayer.close()


def test_bad_payloads_over_mqtt_are_quarantined_with_reasons(sqlite_settings, mosquitto_broker):
    datalayer = DataLayer(sqlite_settings)
    config = MqttConfig(
        port=mosquitto_broker.port,
        client_id="ioc-test-bad",
        topics={"frigate/#": "public_order.frigate_events"},
        batch_seconds=0.2,
        protocol="3.1.1",  # the other tests use MQTT 5
    )
    reports = []
    listener = MqttListener(datalayer, config, on_batch=reports.append)
    runner = threading.Thread(target=listener.run, kwargs={"idle_exit_s": 1.5})
    runner.start()
    assert listener.connected.wait(10)
    good = event(1, time.time() - 60)
    bad = [
        good[: len(good) // 2],  # truncated JSON
        json.dumps({"type": "end", "after": {"id": "x1", "camera": ["a"], "label": "person", "start_time": 1}}),
        json.dumps({"type": "end", "after": {"id": "x2", "camera": "c", "label": "unicorn", "start_time": 1.7e9}}),
        json.dumps(
            {
                "type": "end",
                "after": {"id": "x3", "camera": "c", "label": "car", "start_time": 1.7e9, "box": [0, 0, 9999, 10]},
            }
        ),
        json.dumps(
            {"type": "end", "after": {"id": "x4", "camera": "c", "label": "car", "start_time": time.time() + 86400}}
        ),
    ]
    client = publisher(mosquitto_broker.port)
    publish(client, [good, good, *[b.encode() if isinstance(b, str) else b for b in bad]], topic="frigate/events")
    client.loop_stop()
    client.disconnect()
    runner.join(timeout=30)
    assert not runner.is_alive()
    assert sum(r.messages for r in reports) == 7
    assert sum(r.acknowledged for r in reports) == 7  # bad messages are acknowledged too: they are in quarantine
    assert stored(datalayer) == 1
    quarantined = pd.concat(pd.read_csv(p) for p in (sqlite_settings.quarantine_dir / EVENTS).glob("*.csv"))
    reasons = " | ".join(quarantined["reason"])
    for expected in ("JSON", "after.camera", "label", "box", "tương lai"):
        assert expected in reasons
    assert len(quarantined) == 5
    datalayer.close()


def test_config_section_is_validated_with_suggestions(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data", listen={"mqtt": {"batch_secs": 2}})
    with pytest.raises(ConfigError, match="batch_seconds"):
        mqtt_config(settings)
    settings = load_settings(data_dir=tmp_path / "data", listen={"mqtt": {"topics": {"a/b": "public_order.nope"}}})
    config = mqtt_config(settings, port=1884)
    assert config.port == 1884 and config.client_id == "ioc-workbench"
    with pytest.raises(LookupError, match="nope"):
        MqttListener(DataLayer(settings), config)


def test_a_running_listener_reconnects_across_a_broker_restart(sqlite_settings, mosquitto_broker):
    total = 200
    start = time.time() - 1800
    payloads = [event(n, start) for n in range(total)]
    datalayer = DataLayer(sqlite_settings)
    config = MqttConfig(
        port=mosquitto_broker.port,
        client_id="ioc-test-reconnect",
        topics={"frigate/events": "public_order.frigate_events"},
        batch_seconds=0.3,
        batch_size=25,
        reconnect_min_s=1,
        reconnect_max_s=2,
    )
    listener = MqttListener(datalayer, config)
    runner = threading.Thread(target=listener.run)
    runner.start()
    try:
        assert listener.connected.wait(10)
        client = publisher(mosquitto_broker.port)
        publish(client, payloads[: total // 2])
        client.loop_stop()
        client.disconnect()
        before = listener.connection_changes
        mosquitto_broker.restart()  # under the running listener, possibly in the middle of a batch
        # the old connection's "connected" may still be set: wait for a disconnect *and* a reconnect
        wait_until(
            lambda: listener.connection_changes >= before + 2 and listener.connected.is_set(),
            "the listener to reconnect",
        )
        client = publisher(mosquitto_broker.port)
        publish(client, payloads[total // 2 :])
        client.loop_stop()
        client.disconnect()
        wait_until(lambda: stored(datalayer) >= total, f"{total} events in the lake")
        time.sleep(1.0)
    finally:
        listener.stop()
        runner.join(timeout=30)
    assert not runner.is_alive()
    assert stored(datalayer) == total
    assert stored(datalayer, f"{EVENTS}__history") == total
    datalayer.close()


def test_the_command_is_mounted_and_refuses_a_section_without_topics(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from ioc.cli import app

    runner = CliRunner()
    assert "--client-id" in runner.invoke(app, ["listen", "mqtt", "--help"]).output
    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "data"))
    result = runner.invoke(app, ["listen", "mqtt", "--port", "1"])
    assert result.exit_code == 2 and "topics" in result.output


UPDATES = "public_order.object_updates"


def description(number: int, start: float) -> bytes:
    """A Frigate GenAI ``description`` update for object ``number`` (it carries no time of its own)."""
    return json.dumps(
        {"type": "description", "id": f"{start:.6f}-obj{number:05d}", "description": f"Người đi bộ số {number}"}
    ).encode()


def test_a_redelivered_timeless_update_keeps_its_first_receipt_time(settings):
    """Written, then killed before the acknowledgement: the redelivery gives the same row, not a second one."""
    datalayer = DataLayer(settings)
    topic = "frigate/tracked_object_update"
    config = MqttConfig(client_id="ioc-test-receipts", topics={topic: "public_order.frigate_updates"})
    payload = description(1, time.time() - 600)
    # connection -1: a connection that has since dropped, so the first batch is never acknowledged
    MqttListener(datalayer, config).commit([Received(topic, payload, 7, 1, time.time() - 30, -1)])
    assert stored_table(datalayer, UPDATES) == 1
    again = MqttListener(datalayer, config)  # the restarted process, 30 s later
    report = again.commit([Received(topic, payload, 7, 1, time.time(), 0)])
    assert report.acknowledged == 1
    assert stored_table(datalayer, UPDATES) == stored_table(datalayer, f"{UPDATES}__history") == 1
    with datalayer.store.session() as session:  # acknowledged: its receipt record is gone
        assert session.scalar(select(func.count()).select_from(MqttReceipt)) == 0
    # a later, separate message with another text is a new row with its own receipt time
    other = json.loads(payload) | {"description": "Người đi bộ quay lại"}
    again.commit([Received(topic, json.dumps(other).encode(), 8, 1, time.time(), 0)])
    assert stored_table(datalayer, UPDATES) == 2
    datalayer.close()


@pytest.mark.slow
def test_kill_9_loop_of_the_listener_under_a_stream_stores_each_message_once(tmp_path, mosquitto_broker):
    """SIGKILL of ``ioc listen mqtt`` at seeded random points while Frigate publishes, then restarts.

    Events and time-less description updates (their time is the receipt time) go to two
    tables; after every kill the broker redelivers what was not acknowledged, which may
    already be committed: each table holds exactly its messages at the end, none twice.
    """
    rng = random.Random(20251205)  # seeded: the same kill points and publish pattern every run
    events, descriptions = 480, 120
    start = time.time() - 3600
    stream = [("frigate/events", event(n, start)) for n in range(events)]
    stream += [("frigate/tracked_object_update", description(n, start)) for n in range(descriptions)]
    rng.shuffle(stream)
    config = tmp_path / "ioc.yaml"
    topics = {
        "frigate/events": "public_order.frigate_events",
        "frigate/tracked_object_update": "public_order.frigate_updates",
    }
    mqtt_section = {"port": mosquitto_broker.port, "client_id": "ioc-kill-loop", "topics": topics}
    mqtt_section |= {"batch_seconds": 0.2, "batch_size": 15, "reconnect_max_s": 2}
    config.write_text(yaml.safe_dump({"data_dir": str(tmp_path / "data"), "listen": {"mqtt": mqtt_section}}))
    log = tmp_path / "listener.log"
    datalayer = DataLayer(load_settings(config))
    planned = 5
    cuts = sorted(rng.sample(range(40, len(stream) - 40), planned))
    segments = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]

    def publish_segment(segment: list[tuple[str, bytes]], seed: float) -> None:
        """Publish in bursts with pauses, as cameras do (QoS 1: the broker has each one)."""
        pace = random.Random(seed)
        client = publisher(mosquitto_broker.port)
        position = 0
        while position < len(segment):
            burst = segment[position : position + pace.randint(3, 25)]
            for topic, payload in burst:
                client.publish(topic, payload, qos=1).wait_for_publish(timeout=10)
            position += len(burst)
            time.sleep(pace.uniform(0.01, 0.1))
        client.loop_stop()
        client.disconnect()

    def total() -> int:
        return stored(datalayer) + stored_table(datalayer, UPDATES)

    kills, connections = 0, 1
    listener = start_listener(config, log)
    try:
        wait_connected(listener, log, connections)  # the persistent session exists from here on
        for segment in segments[:-1]:
            feeder = threading.Thread(target=publish_segment, args=(segment, rng.random()))
            feeder.start()
            target = total() + rng.randint(1, len(segment) // 2)
            wait_until(lambda: total() >= target, "a committed batch")  # noqa: B023 - waited on at once
            time.sleep(rng.uniform(0, 0.3))  # somewhere inside a batch: parse, write, derive, acknowledge
            listener.send_signal(signal.SIGKILL)
            listener.wait(timeout=10)
            kills += 1
            feeder.join(timeout=60)  # the rest of the segment queues for the absent session
            listener = start_listener(config, log)
            connections += 1
            wait_connected(listener, log, connections)
        publish_segment(segments[-1], rng.random())
        wait_until(lambda: total() >= events + descriptions, "every message in the lake")
        time.sleep(1.5)  # anything redelivered late would show up now
        listener.send_signal(signal.SIGTERM)
        assert listener.wait(timeout=30) == 0
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait(timeout=10)
    assert kills == planned
    assert stored(datalayer) == stored(datalayer, f"{EVENTS}__history") == events
    assert stored_table(datalayer, UPDATES) == stored_table(datalayer, f"{UPDATES}__history") == descriptions
    keys = datalayer.sql(f"SELECT count(DISTINCT event_id) AS e FROM {EVENTS}")["e"].iloc[0]
    described = datalayer.sql(f"SELECT count(DISTINCT event_id) AS e FROM {UPDATES}")["e"].iloc[0]
    assert keys == events and described == descriptions
    # the per-minute counts the plugin derives (kept in memory between batches, refilled from
    # the lake after each kill) are those of a recount of the stored events
    expected = minute_counts(datalayer.read(EVENTS)).set_index(["zone", "label", "time"])["count"]
    counts = datalayer.read("public_order.counts")
    counted = counts[counts["count"] > 0].set_index(["zone", "label", "time"])["count"]
    assert counted.sort_index().to_dict() == expected.sort_index().to_dict()
    assert int(expected.sum()) >= events  # every object counted in each minute it was in view
    print(
        f"\nmqtt kill -9 loop: {kills} kills survived, {events} events + {descriptions} descriptions "
        f"exact, 0 duplicates, per-minute counts exact"
    )
    datalayer.close()


def stored_table(datalayer: DataLayer, view: str) -> int:
    if datalayer.version(view.removesuffix("__history")) is None:
        return 0
    return int(datalayer.sql(f"SELECT count(*) AS n FROM {view}")["n"].iloc[0])
