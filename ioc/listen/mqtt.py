"""A micro-batching MQTT listener: broker topics → plugin adapters → atomic writes.

``ioc listen mqtt`` subscribes to the topics of the ``listen.mqtt`` section of
``ioc.yaml`` and hands each topic's payloads to the adapter it names (by registry name,
e.g. ``public_order.frigate_events``: the core never imports a domain). Delivery is
at-least-once from the broker and idempotent into the lake, so nothing is lost and nothing
is stored twice:

* **QoS 1 and a persistent session** with a fixed client id (MQTT 5 ``clean_start=False``
  with a session expiry, or MQTT 3.1.1 ``clean_session=False``): while the listener is
  down — killed, restarting — the broker queues its messages (and keeps them across its own
  restart when its persistence is on).
* **Acknowledged only after commit** (paho's ``manual_ack``): a micro-batch closes after
  ``batch_seconds`` or ``batch_size`` messages, its rows go through
  :func:`ioc.ingest.process_batch` (validation, quarantine, one atomic
  :meth:`~ioc.datalayer.DataLayer.write` per table, derived tables, rules), and only then
  are its messages acknowledged. A listener killed before that leaves them unacknowledged:
  the broker sends them again.
* **Duplicates** (a message redelivered after its batch was committed) are dropped by the
  data layer, which never stores a row identical to the current row for its natural key.
  A payload without a time of its own is stamped with its receipt time; that time is
  recorded in the state store until the batch is acknowledged
  (:mod:`ioc.listen.receipts`), so a redelivery gets the same time and the same row.
* **Reconnect with back-off** (paho's own, from ``reconnect_min_s`` to ``reconnect_max_s``).
  Messages received on a connection that has since dropped are still written but not
  acknowledged (packet ids belong to one connection): the broker redelivers them.

The broker side must let the session keep enough messages: Mosquitto's
``max_queued_messages`` (default 1000) bounds what it keeps for an offline client, and with
MQTT 3.1.1 ``max_inflight_messages`` (default 20) bounds a micro-batch; MQTT 5 clients
announce their own receive maximum (``batch_size``).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

import paho.mqtt.client as mqtt
import pandas as pd
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from pydantic import BaseModel, ConfigDict, Field

from ioc.config import ConfigError, Settings, validate_section
from ioc.datalayer import DataLayer, WriteResult
from ioc.ingest import process_batch
from ioc.listen.receipts import Receipts, digest
from ioc.listen.recycle import MemoryBound, on_stop_signals
from ioc.plugins import Adapter, Registry, registry

log = logging.getLogger(__name__)

#: Environment variable holding the broker password (never in ``ioc.yaml``).
PASSWORD_ENV = "IOC_MQTT_PASSWORD"


class MqttConfig(BaseModel):
    """The ``listen.mqtt`` section of ``ioc.yaml``.

    Example (a site's Frigate on its own broker)::

        listen:
          mqtt:
            host: 10.0.0.5
            port: 1883
            client_id: ioc-brvt-frigate     # fixed: the broker keeps this session
            username: ioc                   # password from IOC_MQTT_PASSWORD
            topics:
              frigate/events: public_order.frigate_events
              frigate/reviews: public_order.frigate_reviews
              frigate/tracked_object_update: public_order.frigate_updates
            batch_seconds: 2
            # max_rss_mb: 2048              # restart in place past this (ioc.listen.recycle)
    """

    model_config = ConfigDict(extra="forbid")
    host: str = "127.0.0.1"
    port: int = Field(1883, ge=1, le=65535)
    client_id: str = Field("ioc-workbench", min_length=1, max_length=64)
    """Fixed client id: the broker keeps the session (subscriptions, queued messages) under it."""
    username: str | None = None
    tls: bool = False
    ca_file: Path | None = None
    protocol: Literal["5", "3.1.1"] = "5"
    keepalive: int = Field(30, ge=5, le=3600)
    qos: Literal[1, 2] = 1
    session_expiry_s: int = Field(7 * 24 * 3600, ge=0)
    """MQTT 5: how long the broker keeps the session while the listener is away."""
    topics: dict[str, str] = Field(default_factory=dict)
    """Topic filter (``+``/``#`` allowed) → adapter name (``<plugin>.<source>``)."""
    batch_seconds: float = Field(2.0, gt=0, le=300)
    """Longest time a received message waits before its batch is committed."""
    batch_size: int = Field(2000, ge=1, le=65535)
    """Most messages in one batch (also the MQTT 5 receive maximum)."""
    reconnect_min_s: int = Field(1, ge=1)
    reconnect_max_s: int = Field(60, ge=1)
    max_rss_mb: int | None = Field(None, ge=0)
    """Resident memory (MB) past which ``ioc listen mqtt`` starts afresh in place between two
    batches; unset: 1024 MB above what it held after its first batch; 0: never
    (:mod:`ioc.listen.recycle`)."""


def mqtt_config(settings: Settings, **overrides: Any) -> MqttConfig:
    """The validated ``listen.mqtt`` section, with command-line overrides (``None`` ignored)."""
    values = dict(settings.listen.get("mqtt", {}))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return validate_section(MqttConfig, values, "listen.mqtt")


@dataclass
class Received:
    """One message waiting for its batch to be committed."""

    topic: str
    payload: bytes
    mid: int
    qos: int
    received: float
    connection: int


@dataclass
class BatchReport:
    """What one committed micro-batch did."""

    messages: int
    results: list[WriteResult]
    acknowledged: int
    delay_s: float


class MqttListener:
    """Subscribe, micro-batch, write, then acknowledge (see the module docstring).

    Parameters
    ----------
    datalayer
        Where the rows go.
    config
        The ``listen.mqtt`` section.
    plugins
        The registry adapters are looked up in (the installed plugins by default).
    on_batch
        Called with each :class:`BatchReport` after its commit (progress, tests, benches).
    memory
        Checked after each batch: once it is passed, :meth:`run` ends as on :meth:`stop` and
        :attr:`restart_due` is set (the command then restarts the process in place).
    """

    def __init__(
        self,
        datalayer: DataLayer,
        config: MqttConfig,
        *,
        plugins: Registry | None = None,
        on_batch: Callable[[BatchReport], None] | None = None,
        memory: MemoryBound | None = None,
    ) -> None:
        if not config.topics:
            raise ConfigError("listen.mqtt.topics: chưa khai báo chủ đề nào (no topic → adapter mapping)")
        self.datalayer = datalayer
        self.config = config
        self.plugins = plugins or registry()
        self.adapters: dict[str, Adapter] = {}
        self._routes: dict[str, Adapter | None] = {}
        for topic, name in config.topics.items():
            adapter = self.plugins.adapter(name)
            if adapter.parse is None:
                raise ConfigError(f"listen.mqtt.topics.{topic}: nguồn {name!r} không đọc được tin nhắn (no parse)")
            self.adapters[topic] = adapter
        self.on_batch = on_batch
        self.memory = memory
        self.restart_due = False
        self.stop_requested = False
        self.batches = 0
        self.stop_event = threading.Event()
        self.connected = threading.Event()
        self._inbox: queue.Queue[Received] = queue.Queue()
        self._connection = 0
        self._lock = threading.Lock()
        self.receipts = Receipts(datalayer.store, config.client_id)
        self.client = self._client()

    # ------------------------------------------------------------------ connection
    def _client(self) -> mqtt.Client:
        config = self.config
        v5 = config.protocol == "5"
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=config.client_id,
            clean_session=None if v5 else False,
            protocol=mqtt.MQTTv5 if v5 else mqtt.MQTTv311,
            manual_ack=True,
        )
        if config.username:
            client.username_pw_set(config.username, os.environ.get(PASSWORD_ENV))
        if config.tls:
            client.tls_set(ca_certs=str(config.ca_file) if config.ca_file else None)
        client.reconnect_delay_set(config.reconnect_min_s, max(config.reconnect_min_s, config.reconnect_max_s))
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_subscribe = self._on_subscribe
        client.on_message = self._on_message
        return client

    def _connect_properties(self) -> Properties | None:
        if self.config.protocol != "5":
            return None
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = self.config.session_expiry_s
        properties.ReceiveMaximum = self.config.batch_size
        return properties

    @property
    def connection_changes(self) -> int:
        """How many times the connection came up or went down (monitoring; tests wait on it)."""
        with self._lock:
            return self._connection

    def _on_connect(self, client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if reason.is_failure:
            log.warning("mqtt: kết nối bị từ chối (connection refused): %s", reason)
            return
        with self._lock:
            self._connection += 1
        client.subscribe([(topic, self.config.qos) for topic in self.config.topics])

    def _on_subscribe(self, _client: mqtt.Client, _userdata: Any, _mid: int, reasons: list, _props: Any) -> None:
        # ready once the broker confirmed the subscription: a message published before that
        # (on a first connection, with no session yet) would not be routed to this client
        failed = [r for r in reasons if r.is_failure]
        if failed:
            log.warning("mqtt: đăng ký bị từ chối (subscription refused): %s", failed)
            return
        self.connected.set()
        log.info("mqtt: đã kết nối và đăng ký %s (connected, subscribed)", ", ".join(self.config.topics))

    def _on_disconnect(self, _client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        with self._lock:
            self._connection += 1  # packet ids of the old connection must not be acknowledged on the next
        self.connected.clear()
        if not self.stop_event.is_set():
            log.warning("mqtt: mất kết nối, sẽ kết nối lại (disconnected, reconnecting): %s", reason)

    def _on_message(self, _client: mqtt.Client, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        with self._lock:
            connection = self._connection
        self._inbox.put(
            Received(message.topic, bytes(message.payload), message.mid, message.qos, time.time(), connection)
        )

    # ------------------------------------------------------------------ batches
    def adapter_for(self, topic: str) -> Adapter | None:
        """The adapter of the first topic filter that matches ``topic``."""
        if topic not in self._routes:  # matching filters costs more than the rest of a message's parse
            if len(self._routes) > 10_000:  # per-object topics: keep the memory bounded
                self._routes.clear()
            self._routes[topic] = next(
                (adapter for pattern, adapter in self.adapters.items() if mqtt.topic_matches_sub(pattern, topic)), None
            )
        return self._routes[topic]

    def _collect(self) -> list[Received]:
        """Wait for the next micro-batch: up to ``batch_size`` messages, ``batch_seconds`` after the first."""
        try:
            first = self._inbox.get(timeout=0.2)
        except queue.Empty:
            return []
        batch = [first]
        deadline = first.received + self.config.batch_seconds
        while len(batch) < self.config.batch_size:
            left = deadline - time.time()
            if left <= 0 and self._inbox.empty():
                break
            try:
                batch.append(self._inbox.get(timeout=max(left, 0.0)))
            except queue.Empty:
                break
        return batch

    def commit(self, batch: list[Received]) -> BatchReport:
        """Parse, write (one atomic write per table) and then acknowledge one micro-batch."""
        digests = [digest(m.topic, m.payload) for m in batch]
        # microseconds: the recorded time must give back exactly the rows written now
        now = pd.Timestamp(min(m.received for m in batch), unit="s", tz="UTC").floor("us")
        times = self.receipts.assign(digests, now)  # a redelivered message keeps its first time
        by_adapter: dict[tuple[str, str, pd.Timestamp], tuple[Adapter, list[bytes]]] = {}
        for message, received in zip(batch, times, strict=True):
            adapter = self.adapter_for(message.topic)
            if adapter is None:
                log.warning("mqtt: không có nguồn cho chủ đề %s (no adapter for topic)", message.topic)
                continue
            by_adapter.setdefault((adapter.name, adapter.table, received), (adapter, []))[1].append(message.payload)
        frames: dict[str, list[pd.DataFrame]] = defaultdict(list)
        for (_name, table, received), (adapter, payloads) in by_adapter.items():
            frames[table].append(adapter.parse(payloads, settings=self.datalayer.settings, received=received))
        results: list[WriteResult] = []
        for table, parts in frames.items():
            frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
            source = "mqtt:" + ",".join(sorted({name for name, t, _ in by_adapter if t == table}))
            results.extend(process_batch(self.datalayer, table, frame, source=source, plugins=self.plugins))
        acknowledged, connection = self._acknowledge(batch)
        # messages of a dropped connection keep their records: the broker sends them again
        self.receipts.forget([d for m, d in zip(batch, digests, strict=True) if m.connection == connection])
        report = BatchReport(len(batch), results, acknowledged, time.time() - min(m.received for m in batch))
        if self.on_batch is not None:
            self.on_batch(report)
        return report

    def _acknowledge(self, batch: list[Received]) -> tuple[int, int]:
        """Acknowledge what came on the current connection; return (count, that connection)."""
        with self._lock:
            current = self._connection
        count = 0
        for message in batch:
            # a message from a dropped connection is redelivered by the broker; its row is already stored
            if message.qos > 0 and message.connection == current:
                self.client.ack(message.mid, message.qos)
                count += 1
        return count, current

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        """Connect in the background (retrying with back-off while the broker is away)."""
        config = self.config
        # a message cannot come back once the broker dropped the session (MQTT 3.1.1: a week)
        self.receipts.prune(timedelta(seconds=max(config.session_expiry_s, 7 * 24 * 3600) + 3600))
        self.client.connect_async(
            config.host,
            config.port,
            keepalive=config.keepalive,
            clean_start=False if config.protocol == "5" else mqtt.MQTT_CLEAN_START_FIRST_ONLY,
            properties=self._connect_properties(),
        )
        self.client.loop_start()

    def run(self, *, max_batches: int | None = None, idle_exit_s: float | None = None) -> int:
        """Run until :meth:`stop` (or SIGTERM/SIGINT through :func:`listen`); return batches committed.

        ``max_batches`` and ``idle_exit_s`` (stop after that long without a message) are for
        tests and one-shot drains.
        """
        self.start()
        batches = 0
        idle_since = time.time()
        try:
            while not self.stop_event.is_set():
                batch = self._collect()
                if not batch:
                    if idle_exit_s is not None and time.time() - idle_since > idle_exit_s:
                        break
                    continue
                self.commit(batch)
                batches += 1
                idle_since = time.time()
                if max_batches is not None and batches >= max_batches:
                    break
                if self.memory is not None and self.memory.passed():
                    self.restart_due = True  # what came in meanwhile is committed below, then we go
                    break
            leftover = self._drain()
            if leftover:
                self.commit(leftover)
                batches += 1
        finally:
            self.stop_event.set()
            self.client.disconnect()
            self.client.loop_stop()
        return batches

    def _drain(self) -> list[Received]:
        left = []
        while True:
            try:
                left.append(self._inbox.get_nowait())
            except queue.Empty:
                return left

    def stop(self) -> None:
        """Finish the current batch (commit and acknowledge), then disconnect."""
        self.stop_requested = True  # stop_event is also set when run ends for other reasons
        self.stop_event.set()


def listen(
    datalayer: DataLayer, config: MqttConfig, *, progress: Callable[[BatchReport], None] | None = None
) -> MqttListener:
    """Run a listener in the foreground until SIGTERM or SIGINT (after its current batch) or
    until its memory passes ``config.max_rss_mb`` (then ``restart_due`` is set); return it
    (``batches``: how many it committed)."""
    listener = MqttListener(datalayer, config, on_batch=progress, memory=MemoryBound(config.max_rss_mb))
    on_stop_signals(listener.stop)  # one sent during an in-place restart arrives now: a clean stop
    listener.batches = listener.run()
    return listener
