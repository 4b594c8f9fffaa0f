"""Sustained MQTT intake: ``ioc listen mqtt`` vs a subscriber that only decodes JSON.

A throw-away Mosquitto on loopback carries Frigate ``end`` messages (QoS 1, 40 cameras)
from a publisher in a process of its own that sends pre-encoded MQTT packets over a plain
socket (a Python MQTT client tops out near the rates measured here, so it would measure
itself). Two runs share that publisher:

* the **baseline**: a QoS 1 paho subscriber that only decodes each payload with orjson,
  offered every message at once — its events/s is what a bare subscriber can take here;
* the **listener**: ``ioc listen mqtt`` (parse, validation, atomic micro-batch writes,
  derived per-minute counts, rules, acknowledgement after each commit), offered
  ``--rate`` events/s for ``--seconds`` (sustained: the default is 6,000/s for 60 s,
  360,000 events). Each message's ``frame_time`` is the moment it is due to be published,
  so the delay printed is publish → commit of its row, whatever queue it waited in
  (broker, socket, the listener's inbox).

Printed: the baseline's events/s, the rate the listener was offered and the rate it
committed (events / time from the first publish to the last commit), the delay at the
median, p95 and max, the listener's peak memory, and events per second of the listener's
own CPU time (its network thread and its batches: the figure least moved by other jobs on
a shared machine). The issue's target: ≥ 5,000 events/s
sustained with p95 ≤ 5 s on 2 cores. ``--rate 0`` offers the listener everything at once
(its capacity rather than a sustained rate).

The listener runs with ``batch_seconds: 1`` and ``batch_size: 10000``: the batch size is
also the MQTT 5 receive maximum (unacknowledged messages the broker may send), and a batch
is acknowledged after its commit, so a batch size of about 1.5 s of messages lets the next
batch arrive while one is committed (with 5,000 the broker waits for each commit).

Usage: ``python bench/bench_mqtt.py [--rate 6000] [--seconds 60] [--batch-size 10000]``.
"""

from __future__ import annotations

import argparse
import getpass
import multiprocessing
import resource
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import orjson
import paho.mqtt.client as mqtt
import pandas as pd
from paho.mqtt.enums import CallbackAPIVersion

TOPIC = "frigate/events"
CAMERAS = 40
#: Unacknowledged PUBLISH packets the bench publisher allows (packet ids are 16 bits).
IN_FLIGHT = 20_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_broker(folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    config = folder / "mosquitto.conf"
    config.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\nuser {getpass.getuser()}\n"
        "max_queued_messages 0\nmax_inflight_messages 0\n"
    )
    process = subprocess.Popen(
        [shutil.which("mosquitto") or "/usr/sbin/mosquitto", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("mosquitto did not start")


def message(number: int, due: float, run: str = "b") -> bytes:
    """A Frigate ``end`` message whose ``frame_time`` is the moment it is due to be published."""
    after = {
        "id": f"{run}-{number:08d}",
        "camera": f"cam_{number % CAMERAS:02d}",
        "label": "person" if number % 3 else "car",
        "start_time": due - 4,
        "end_time": due,
        "frame_time": due,
        "score": 0.8,
        "top_score": 0.9,
        "box": [10, 20, 110, 220],
        "current_zones": ["z1"],
        "entered_zones": ["z1"],
    }
    return orjson.dumps({"type": "end", "before": after, "after": after})


def _length(value: int) -> bytes:
    """MQTT's variable-length integer."""
    out = bytearray()
    while True:
        byte, value = value % 128, value // 128
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _string(text: str) -> bytes:
    data = text.encode()
    return len(data).to_bytes(2, "big") + data


def publish_packet(topic: str, payload: bytes, packet_id: int) -> bytes:
    """An MQTT 3.1.1 PUBLISH with QoS 1."""
    body = _string(topic) + packet_id.to_bytes(2, "big") + payload
    return b"\x32" + _length(len(body)) + body


def publisher(port: int, total: int, rate: float, start_at: float, run: str, sent: multiprocessing.Value) -> None:
    """Publish ``total`` pre-encoded QoS 1 messages, ``rate`` per second from ``start_at`` (0: at once)."""
    packets = [
        publish_packet(TOPIC, message(n, start_at + (n / rate if rate else 0.0), run), n % 65535 + 1)
        for n in range(total)
    ]
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connect = b"\x00\x04MQTT\x04\x02\x00\x3c" + _string(f"bench-pub-{run}-{time.monotonic_ns()}")
    sock.sendall(b"\x10" + _length(len(connect)) + connect)
    if sock.recv(4)[:2] != b"\x20\x02":
        raise RuntimeError("mosquitto refused the bench publisher")
    acked = [0]

    def read_acks() -> None:  # PUBACKs are 4 bytes each; only their number matters here
        received = 0
        while received < 4 * total:
            chunk = sock.recv(65536)
            if not chunk:
                return
            received += len(chunk)
            acked[0] = received // 4

    reader = threading.Thread(target=read_acks, daemon=True)
    reader.start()
    time.sleep(max(0.0, start_at - time.time()))
    position = 0
    while position < total:
        due = total if not rate else min(total, int((time.time() - start_at) * rate) + 1)
        due = min(due, acked[0] + IN_FLIGHT)
        if due > position:
            sock.sendall(b"".join(packets[position:due]))
            position = due
            sent.value = position
        else:
            time.sleep(0.002)
    reader.join(timeout=120)
    sock.sendall(b"\xe0\x00")  # DISCONNECT
    sock.close()


def start_publisher(port: int, total: int, rate: float, run: str) -> tuple[multiprocessing.Process, float]:
    """The publisher process and the moment its first message is due (after it pre-encodes)."""
    start_at = time.time() + 1.5 + total / 150_000  # pre-encoding runs at > 150,000 messages/s
    sent = multiprocessing.Value("q", 0)
    process = multiprocessing.Process(target=publisher, args=(port, total, rate, start_at, run, sent))
    process.start()
    return process, start_at


def baseline(port: int, total: int) -> float:
    """Events/s of a QoS 1 subscriber that only decodes JSON, offered every message at once."""
    done = threading.Event()
    seen = [0, 0.0]

    def on_message(_client, _userdata, msg) -> None:
        orjson.loads(msg.payload)
        seen[0] += 1
        if seen[0] >= total:
            seen[1] = time.time()
            done.set()

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-baseline")
    client.on_message = on_message
    client.on_connect = lambda c, *_: c.subscribe(TOPIC, qos=1)
    client.connect("127.0.0.1", port)
    client.loop_start()
    time.sleep(0.5)
    process, start_at = start_publisher(port, total, 0, "a")
    done.wait(timeout=900)
    process.join(timeout=60)
    client.loop_stop()
    client.disconnect()
    return total / (seen[1] - start_at)


def listener_run(port: int, total: int, rate: float, batch_size: int, work: Path) -> tuple[float, np.ndarray]:
    """Events/s committed by ``ioc listen mqtt`` and each event's publish → commit delay (s)."""
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.listen.mqtt import MqttConfig, MqttListener

    layer = DataLayer(load_settings(data_dir=work / "data"))
    config = MqttConfig(
        port=port,
        client_id="bench-listener",
        topics={TOPIC: "public_order.frigate_events"},
        batch_seconds=1.0,
        batch_size=batch_size,
    )
    delays: list[np.ndarray] = []
    counted = [0, 0.0]

    def on_batch(report) -> None:
        now = time.time()
        for result in report.results:
            if result.table == "public_order.camera_events" and not result.written.empty:
                seen = pd.to_datetime(result.written["last_seen"], utc=True).dt.tz_localize(None)
                due = seen.astype("datetime64[ns]").astype("int64").to_numpy() / 1e9
                delays.append(now - due)
        counted[0] += report.messages
        if counted[0] >= total:
            counted[1] = now
            listener.stop()

    listener = MqttListener(layer, config, on_batch=on_batch)
    runner = threading.Thread(target=listener.run)
    runner.start()
    listener.connected.wait(10)
    process, start_at = start_publisher(port, total, rate, "b")
    runner.join(timeout=3600)
    process.join(timeout=60)
    stored = int(layer.sql("SELECT count(*) AS n FROM public_order.camera_events")["n"].iloc[0])
    assert stored == total, f"stored {stored} of {total}"
    layer.close()
    return total / (counted[1] - start_at), np.concatenate(delays)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=6000, help="events/s offered to the listener (0: all at once)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the listener is offered --rate")
    parser.add_argument("--events", type=int, help="events offered (default: rate × seconds)")
    parser.add_argument("--baseline-events", type=int, default=100_000)
    # batch_size is also the MQTT 5 receive maximum and messages are acknowledged after their
    # commit: ~1.5 s of messages lets the next batch arrive while one is being committed
    parser.add_argument("--batch-size", type=int, default=10_000, help="the listener's batch_size")
    args = parser.parse_args()
    total = args.events or int((args.rate or 6000) * args.seconds)
    work = Path(tempfile.mkdtemp(prefix="ioc-bench-mqtt-"))
    broker, port = start_broker(work)
    try:
        raw = baseline(port, args.baseline_events)
        cpu = time.process_time()
        ioc, delays = listener_run(port, total, args.rate, args.batch_size, work)
        cpu = time.process_time() - cpu  # every thread of the listener (network loop, batches)
    finally:
        broker.terminate()
        broker.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    offered = f"{args.rate:,.0f}" if args.rate else "all"
    print(
        f"{'events':>8} {'baseline ev/s':>14} {'offered ev/s':>13} {'ioc ev/s':>9} "
        f"{'delay p50 s':>12} {'p95 s':>6} {'max s':>6} {'peak MB':>8} {'ev/CPU-s':>9}"
    )
    print(
        f"{total:>8} {raw:>14,.0f} {offered:>13} {ioc:>9,.0f} {np.percentile(delays, 50):>12.2f} "
        f"{np.percentile(delays, 95):>6.2f} {delays.max():>6.2f} {peak_mb:>8,.0f} {total / cpu:>9,.0f}"
    )
    print(
        "baseline: bare orjson subscriber offered every message at once; ioc ev/s: events / (first publish → "
        "last commit); delays: publish → commit; ev/CPU-s: events per second of the listener's CPU time "
        "(all its threads; the publisher and the broker are other processes)"
    )


if __name__ == "__main__":
    main()
