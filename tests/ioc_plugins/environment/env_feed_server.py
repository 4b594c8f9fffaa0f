"""A loopback HTTP server that plays Open-Meteo and OpenAQ v3 from saved responses.

The saved answers (``responses/``) follow the APIs' documented formats. The server slices
them the way the real APIs do (Open-Meteo by ``start_hour``/``end_hour``; OpenAQ by
``datetime_from``/``datetime_to`` with ``limit``/``page``), and a test can queue faults for a
path: an HTML error page, a 429 with ``Retry-After``, a JSON error, a truncated body, or a hang.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RESPONSES = Path(__file__).resolve().parent / "responses"
API_KEY = "test-key"


@dataclass
class Fault:
    """One scripted answer instead of the normal one."""

    status: int = 500
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    truncate: bool = False
    hang: float = 0.0


def error_page() -> Fault:
    return Fault(502, (RESPONSES / "error_page_502.html").read_bytes(), "text/html")


def rate_limited(seconds: str = "2") -> Fault:
    return Fault(429, b'{"message": "Too many requests"}', headers={"Retry-After": seconds})


def truncated() -> Fault:
    body = (RESPONSES / "open_meteo_air_quality.json").read_bytes()
    return Fault(200, body[: len(body) // 3], truncate=True)


def open_meteo_error() -> Fault:
    return Fault(400, (RESPONSES / "open_meteo_error_400.json").read_bytes())


class FeedServer:
    """``with FeedServer() as server: server.url`` — records every request in ``server.requests``."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.faults: dict[str, deque[Fault]] = defaultdict(deque)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def fail(self, path_prefix: str, *faults: Fault) -> None:
        """Answer the next requests whose path starts with ``path_prefix`` with ``faults``, in order."""
        self.faults[path_prefix].extend(faults)

    def paths(self, prefix: str = "/") -> list[str]:
        return [path for path, _, _ in self.requests if path.startswith(prefix)]

    def queries(self, prefix: str) -> list[dict[str, str]]:
        return [query for path, query, _ in self.requests if path.startswith(prefix)]

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------------ answers
    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Fault:
        for prefix, queue in self.faults.items():
            if path.startswith(prefix) and queue:
                return queue.popleft()
        if path == "/v1/air-quality":
            return Fault(200, json.dumps(open_meteo(query), ensure_ascii=False).encode())
        if path.startswith("/v3/"):
            if headers.get("x-api-key") != API_KEY:
                return Fault(
                    401, b'{"detail": "Unauthorized. A valid API key must be provided in the X-API-Key header."}'
                )
            if path == "/v3/locations":
                return Fault(200, (RESPONSES / "openaq_v3_locations.json").read_bytes())
            parts = path.strip("/").split("/")
            if len(parts) == 4 and parts[1] == "sensors" and parts[3] == "hours":
                return Fault(200, json.dumps(openaq_hours(parts[2], query)).encode())
        return Fault(404, b'{"detail": "Not Found"}')

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parts.query))
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append((parts.path, query, headers))
                answer = server.answer(parts.path, query, headers)
                if answer.hang:
                    time.sleep(answer.hang)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                length = len(answer.body) * (2 if answer.truncate else 1)
                self.send_header("Content-Length", str(length))
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(answer.body)
                if answer.truncate:
                    self.close_connection = True

        return Handler


def open_meteo(query: dict[str, str]) -> dict[str, Any]:
    """The saved answer cut to the asked hours, at the grid point nearest the asked coordinates."""
    document = json.loads((RESPONSES / "open_meteo_air_quality.json").read_text(encoding="utf-8"))
    times = document["hourly"]["time"]
    start, end = query.get("start_hour", times[0]), query.get("end_hour", times[-1])
    keep = [i for i, t in enumerate(times) if start <= t <= end]
    asked = [v for v in query.get("hourly", "").split(",") if v]
    hourly = {"time": [times[i] for i in keep]}
    for variable in asked:
        if variable in document["hourly"]:
            hourly[variable] = [document["hourly"][variable][i] for i in keep]
    document["hourly"] = hourly
    document["hourly_units"] = {k: v for k, v in document["hourly_units"].items() if k in hourly}
    document["latitude"] = round(float(query.get("latitude", 10.4)) * 10) / 10  # the model's grid
    document["longitude"] = round(float(query.get("longitude", 107.1)) * 10) / 10
    return document


def openaq_hours(sensor: str, query: dict[str, str]) -> dict[str, Any]:
    """A sensor's saved hours in ``[datetime_from, datetime_to]``, one page."""
    path = RESPONSES / f"openaq_v3_sensor_{sensor}_hours.json"
    if not path.exists():
        return {"meta": {"name": "openaq-api", "website": "/", "page": 1, "limit": 100, "found": 0}, "results": []}
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    low, high = query.get("datetime_from", ""), query.get("datetime_to", "9999")
    results = [r for r in results if low <= r["period"]["datetimeFrom"]["utc"] <= high]
    limit, page = int(query.get("limit", 100)), int(query.get("page", 1))
    chunk = results[(page - 1) * limit : page * limit]
    found = len(results) if len(results) <= 1000 else ">1000"
    return {
        "meta": {"name": "openaq-api", "website": "/", "page": page, "limit": limit, "found": found},
        "results": chunk,
    }
