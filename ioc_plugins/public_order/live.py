"""The demo through a real broker: camera events published as Frigate messages and read back
by ``ioc listen mqtt``, when the deployment configures a broker (``listen.mqtt``).

This exercises the live path end to end (publish, QoS 1, micro-batches, acknowledgement)
with the demo's detections. Without a configured or reachable broker nothing happens here
and the demo ingests its events directly, as files are ingested.
"""

from __future__ import annotations

import logging
import socket
import threading
from typing import Any

import orjson
import paho.mqtt.client as mqtt
import pandas as pd
from paho.mqtt.enums import CallbackAPIVersion

from ioc.config import Settings
from ioc.datalayer import DataLayer
from ioc.listen.mqtt import MqttConfig, MqttListener, mqtt_config

log = logging.getLogger(__name__)

EVENTS_ADAPTER = "public_order.frigate_events"
DEFAULT_TOPIC = "frigate/events"


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, (list, str)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def frigate_message(row: pd.Series) -> bytes:
    """A ``public_order.camera_events`` row as the Frigate ``end`` message that would carry it."""
    seconds = {k: None if pd.isna(row.get(k)) else pd.Timestamp(row[k]).timestamp() for k in ("time", "end_time")}
    box = [row.get(k) for k in ("box_x1", "box_y1", "box_x2", "box_y2")]
    zone = _plain(row.get("zone"))
    after = {
        "id": row["event_id"],
        "camera": row["camera_id"],
        "label": row["label"],
        "start_time": seconds["time"],
        "end_time": seconds["end_time"],
        "frame_time": seconds["end_time"] or seconds["time"],
        "score": _plain(row.get("score")),
        "top_score": _plain(row.get("top_score")),
        "box": None if any(pd.isna(v) for v in box) else [int(v) for v in box],
        "current_zones": [zone] if zone else [],
        "entered_zones": [zone] if zone else [],
        "has_snapshot": bool(_plain(row.get("snapshot"))),
        "recognized_license_plate": _plain(row.get("plate")),
    }
    return orjson.dumps({"type": "end", "before": after, "after": after})


def events_topic(config: MqttConfig) -> str | None:
    """The topic a Frigate publishes its events to, if ``listen.mqtt`` maps one to our adapter."""
    for pattern, adapter in config.topics.items():
        if adapter not in (EVENTS_ADAPTER, "frigate_events"):
            continue
        if mqtt.topic_matches_sub(pattern, DEFAULT_TOPIC):
            return DEFAULT_TOPIC
        if not any(c in pattern for c in "+#"):
            return pattern
    return None


def _reachable(config: MqttConfig) -> bool:
    try:
        socket.create_connection((config.host, config.port), timeout=2).close()
        return True
    except OSError:
        return False


def publish_through_broker(settings: Settings | None, events: pd.DataFrame) -> int | None:
    """Publish ``events`` to the configured broker and ingest them with the MQTT listener.

    Returns
    -------
    int or None
        How many messages the listener committed; ``None`` when no broker is configured or
        reachable (the caller then ingests the events itself).
    """
    if settings is None or "mqtt" not in settings.listen:
        return None
    config = mqtt_config(settings)
    topic = events_topic(config)
    if topic is None or not _reachable(config):
        log.warning("demo: không có broker MQTT, nhập trực tiếp (no broker: ingesting directly)")
        return None
    # a demo client of its own: the site's listener session (its client id) keeps its queue
    demo = config.model_copy(update={"client_id": f"{config.client_id}-demo", "batch_seconds": 0.5})
    committed = [0]
    datalayer = DataLayer(settings)
    listener = MqttListener(
        datalayer, demo, on_batch=lambda report: committed.__setitem__(0, committed[0] + report.messages)
    )
    runner = threading.Thread(target=listener.run, kwargs={"idle_exit_s": 3.0}, daemon=True)
    runner.start()
    if not listener.connected.wait(10):
        listener.stop()
        runner.join(timeout=10)
        return None
    publisher = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"{config.client_id}-demo-publisher")
    publisher.connect(config.host, config.port)
    publisher.loop_start()
    infos = [publisher.publish(topic, frigate_message(row), qos=1) for _, row in events.iterrows()]
    for info in infos:
        info.wait_for_publish(timeout=30)
    publisher.loop_stop()
    publisher.disconnect()
    runner.join(timeout=120)
    datalayer.close()
    return committed[0]
