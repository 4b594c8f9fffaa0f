"""Sustained MQTT intake: ``ioc listen mqtt`` vs a subscriber that only decodes JSON.

A throw-away Mosquitto on loopback receives ``N`` Frigate ``end`` messages (QoS 1) while
each subscriber runs; the listener parses, validates, writes micro-batches atomically,
derives the per-minute counts, evaluates the rules and acknowledges after each commit. The
baseline subscribes the same way (QoS 1) and only decodes each payload with orjson. Printed:
events/s of both and their ratio, and the listener's end-to-end delay (publish → commit) at
the median and the 95th percentile. The issue's target is ≥ 5,000 events/s with p95 ≤ 5 s on
2 cores; the numbers depend on the machine, the ratio less so.

Usage: ``python bench/bench_mqtt.py [N]`` (default 20,000).
"""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import orjson
import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

TOPIC = "frigate/events"


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


def message(number: int, cameras: int = 40) -> bytes:
    """A Frigate ``end`` message whose ``frame_time`` is its publish time (for the delay)."""
    now = time.time()
    after = {
        "id": f"{now:.6f}-b{number:07d}",
        "camera": f"cam_{number % cameras:02d}",
        "label": "person" if number % 3 else "car",
        "start_time": now - 4,
        "end_time": now,
        "frame_time": now,
        "score": 0.8,
        "top_score": 0.9,
        "box": [10, 20, 110, 220],
        "current_zones": ["z1"],
        "entered_zones": ["z1"],
    }
    return orjson.dumps({"type": "end", "before": after, "after": after})


def publish(port: int, total: int) -> float:
    """Publish ``total`` messages with QoS 1; seconds it took."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{time.monotonic_ns()}")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    started = time.perf_counter()
    infos = [client.publish(TOPIC, message(n), qos=1) for n in range(total)]
    for info in infos:
        info.wait_for_publish(timeout=60)
    elapsed = time.perf_counter() - started
    client.loop_stop()
    client.disconnect()
    return elapsed


def baseline(port: int, total: int) -> float:
    """Events/s of a QoS 1 subscriber that only decodes JSON."""
    done = threading.Event()
    seen = [0, 0.0]

    def on_message(_client, _userdata, msg) -> None:
        orjson.loads(msg.payload)
        if seen[0] == 0:
            seen[1] = time.perf_counter()
        seen[0] += 1
        if seen[0] >= total:
            done.set()

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-baseline")
    client.on_message = on_message
    client.on_connect = lambda c, *_: c.subscribe(TOPIC, qos=1)
    client.connect("127.0.0.1", port)
    client.loop_start()
    time.sleep(0.5)
    publisher = threading.Thread(target=publish, args=(port, total))
    publisher.start()
    done.wait(timeout=600)
    elapsed = time.perf_counter() - seen[1]
    publisher.join()
    client.loop_stop()
    client.disconnect()
    return total / elapsed


def listener_run(port: int, total: int, work: Path) -> tuple[float, np.ndarray]:
    """Events/s of ``ioc listen mqtt`` and the per-batch end-to-end delays (s)."""
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.listen.mqtt import MqttConfig, MqttListener

    layer = DataLayer(load_settings(data_dir=work / "data"))
    config = MqttConfig(
        port=port,
        client_id="bench-listener",
        topics={TOPIC: "public_order.frigate_events"},
        batch_seconds=1.0,
        batch_size=5000,
    )
    delays: list[float] = []
    counted = [0, 0.0]

    def on_batch(report) -> None:
        if counted[0] == 0:
            counted[1] = time.perf_counter() - report.delay_s
        counted[0] += report.messages
        delays.extend([report.delay_s] * report.messages)
        if counted[0] >= total:
            listener.stop()

    listener = MqttListener(layer, config, on_batch=on_batch)
    runner = threading.Thread(target=listener.run)
    runner.start()
    listener.connected.wait(10)
    publisher = threading.Thread(target=publish, args=(port, total))
    publisher.start()
    runner.join(timeout=900)
    elapsed = time.perf_counter() - counted[1]
    publisher.join()
    stored = int(layer.sql("SELECT count(*) AS n FROM public_order.camera_events")["n"].iloc[0])
    assert stored == total, f"stored {stored} of {total}"
    layer.close()
    return total / elapsed, np.array(delays)


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    work = Path(tempfile.mkdtemp(prefix="ioc-bench-mqtt-"))
    broker, port = start_broker(work)
    try:
        raw = baseline(port, total)
        ioc, delays = listener_run(port, total, work)
    finally:
        broker.terminate()
        broker.wait(timeout=10)
    print(f"{'events':>8} {'baseline ev/s':>14} {'ioc ev/s':>10} {'ratio':>7} {'delay p50 s':>12} {'delay p95 s':>12}")
    print(
        f"{total:>8} {raw:>14,.0f} {ioc:>10,.0f} {raw / ioc:>7.2f} "
        f"{np.percentile(delays, 50):>12.2f} {np.percentile(delays, 95):>12.2f}"
    )
    print("ratio = baseline throughput / listener throughput (lower is better); delays: publish → commit")


if __name__ == "__main__":
    main()
