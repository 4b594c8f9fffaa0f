"""Default rules of the public-order domain (Điều 6.5 of the IOC regulation).

- **Crowd** (``public_order.crowd``): people counted in one camera's view (a zone) at or
  above the crowd threshold in every minute of the last ``crowd_minutes`` → alert to the
  police (CA) and a warning to the citizens of the area; twice the threshold is critical
  and opens a hot incident (``mass_gathering``, the command view).
- **Congestion** (``public_order.congestion``): vehicles in view at or above the vehicle
  threshold with a mean dwell of at least ``congestion_dwell_s`` (slow, not just busy
  traffic) for ``congestion_minutes`` → alert to the transport department (SGTVT) and the
  police, and a warning to citizens.
- **Intrusion** (``public_order.intrusion``): a person in a camera's restricted zone
  outside its allowed hours (site local time) → alert to the police.
- **Fire / smoke** (``public_order.fire``): a fire or smoke detection at or above
  ``fire_min_score`` → a critical alert at once, to the police (fire service), and an
  immediate-procedure incident (opened by :mod:`.derive`).
- **Silent camera** (``public_order.camera_silent``, scheduled): an active camera with no
  message for three times its expected interval.

Thresholds come from ``plugins.public_order`` and each camera's registry row; every number
is a project choice (see :mod:`.config`). Citizen warnings carry the area (the camera's
administrative unit) and how long they are valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from ioc.config import site_timezone
from ioc.rules import AlertDraft, Audience, Rule
from ioc_plugins.public_order.cameras import camera_info, parse_hours, within
from ioc_plugins.public_order.config import PublicOrderConfig, public_order_config
from ioc_plugins.public_order.tables import CAMERA_EVENTS, COUNTS, HAZARDS, PEOPLE, VEHICLES

DOMAIN = "public_order"
MINUTE_NS = 60_000_000_000
POLICE = Audience("agency", "CA")
TRANSPORT = Audience("agency", "SGTVT")
CITIZENS = Audience("citizens")


def _settings(datalayer: Any) -> Any:
    return datalayer.settings if datalayer is not None else None


def _local(moment: pd.Timestamp, datalayer: Any) -> pd.Timestamp:
    return pd.Timestamp(moment).tz_convert(site_timezone(_settings(datalayer)))


def _draft(
    rule: Any, *, severity: str, title: str, message: str, when: Any, entity: str, value: float | None, camera: dict
) -> AlertDraft:
    return AlertDraft(
        rule_id=rule.id,
        domain=DOMAIN,
        category=rule.category,
        severity=severity,
        title=title,
        message=message,
        observed_at=pd.Timestamp(when),
        table_name=rule.table,
        entity_id=entity,
        value=value,
        unit_code=camera.get("unit_code"),
        lon=camera.get("lon"),
        lat=camera.get("lat"),
        source_rows=[{"entity": entity, "value": value, "time": pd.Timestamp(when).isoformat()}],
        audiences=rule.audiences,
        dedupe_window=rule.dedupe_window,
    )


@dataclass(frozen=True)
class SustainedCountRule:
    """Counts of some labels in one place at or above a threshold for N whole minutes.

    A :class:`ioc.rules.BatchRule` on ``public_order.counts``: the written minutes plus the
    stored ones before them make the window; a minute without a count is a zero, so a gap
    in the feed never holds a crowd.
    """

    id: str
    category: str
    labels: tuple[str, ...]
    threshold_key: str
    minutes_key: str
    title: str
    message: str
    audiences: tuple[Audience, ...]
    dwell_key: str | None = None
    table: str = COUNTS.name
    domain: str = DOMAIN
    dedupe_window: timedelta = field(default=timedelta(hours=2))

    def evaluate(self, batch: pd.DataFrame, datalayer: Any = None) -> list[AlertDraft]:
        rows = batch[batch["label"].isin(self.labels)]
        if rows.empty:
            return []
        config = public_order_config(_settings(datalayer))
        minutes = int(getattr(config, self.minutes_key))
        history = self._history(rows, datalayer, minutes)
        cameras = camera_info(datalayer)
        default = float(getattr(config, self.threshold_key))
        thresholds = {
            c: float(cameras.get(c, {}).get(self.threshold_key) or default) for c in history["camera_id"].unique()
        }
        history["threshold"] = history["camera_id"].map(thresholds).astype("float64")
        history["ns"] = _nanoseconds(history["time"])
        over = history.loc[history["count"] >= history["threshold"], "place"].unique()
        if len(over) == 0:
            return []  # the usual case: nowhere near a crowd or a jam
        written = {
            place: set(times.astype("int64").tolist())
            for place, times in _nanoseconds(rows["time"]).groupby(rows["place"].to_numpy())
        }
        drafts = []
        for place, group in history[history["place"].isin(over)].groupby("place"):
            camera_id = str(group["camera_id"].iloc[0])
            threshold = thresholds[camera_id]
            hit = self._held(group, written.get(place, set()), minutes, threshold, config)
            if hit is None:
                continue
            when, count, dwell = hit
            drafts.append(
                self._alert(
                    place,
                    camera_id,
                    cameras.get(camera_id, {}),
                    when,
                    count,
                    dwell,
                    threshold,
                    minutes,
                    config,
                    datalayer,
                )
            )
        return drafts

    def _history(self, rows: pd.DataFrame, datalayer: Any, minutes: int) -> pd.DataFrame:
        frame = rows
        if datalayer is not None and datalayer.version(self.table) is not None:
            places = ", ".join("'" + str(p).replace("'", "''") + "'" for p in rows["place"].unique())
            labels = ", ".join(f"'{label}'" for label in self.labels)
            stored = datalayer.read(
                self.table,
                start=rows["time"].min() - pd.Timedelta(minutes=minutes),
                end=rows["time"].max() + pd.Timedelta(minutes=minutes),
                where=f"place IN ({places}) AND label IN ({labels})",
            )
            frame = pd.concat([stored, rows]).drop_duplicates(subset=list(COUNTS.key), keep="last")
        frame = frame.assign(
            count=frame["count"].astype("float64"),
            weighted=frame["count"].astype("float64") * frame["dwell_s"].astype("float64").fillna(0),
        )
        per_minute = frame.groupby(["place", "camera_id", "time"], as_index=False)[["count", "weighted"]].sum()
        per_minute["dwell_s"] = per_minute["weighted"] / per_minute["count"].where(per_minute["count"] > 0)
        return per_minute

    def _held(
        self, group: pd.DataFrame, new_times: set[int], minutes: int, threshold: float, config: PublicOrderConfig
    ) -> tuple[pd.Timestamp, float, float | None] | None:
        """The newest window of ``minutes`` over the threshold that contains a written minute.

        Times are integer nanoseconds here: the loop runs for every crowded place on every
        batch of a live stream, where Timestamp arithmetic would dominate.
        """
        times = group["ns"].to_numpy()
        counts = group["count"].to_numpy(dtype="float64")
        dwells = group["dwell_s"].to_numpy(dtype="float64")
        ok = counts >= threshold
        if self.dwell_key:
            ok &= np.nan_to_num(dwells, nan=0.0) >= float(getattr(config, self.dwell_key))
        good = set(times[ok].tolist())
        position = {t: i for i, t in enumerate(times.tolist())}
        step = MINUTE_NS
        # a written minute (new, or a correction) may close any window that contains it
        ends = {t + m * step for t in new_times for m in range(minutes)} & good
        for when in sorted(ends, reverse=True):
            window = [when - m * step for m in range(minutes)]
            if all(moment in good for moment in window):
                peak = max(counts[position[moment]] for moment in window)
                return pd.Timestamp(when, unit="ns", tz="UTC"), float(peak), _float(dwells[position[when]])
        return None

    def _alert(
        self,
        place: str,
        camera_id: str,
        camera: dict,
        when: pd.Timestamp,
        count: float,
        dwell: float | None,
        threshold: float,
        minutes: int,
        config: PublicOrderConfig,
        datalayer: Any,
    ) -> AlertDraft:
        severity = "critical" if count >= 2 * threshold else "high"
        until = _local(when + pd.Timedelta(hours=config.warning_validity_h), datalayer)
        context = {
            "name": camera.get("name") or camera_id,
            "place": place,
            "zone": place.split("/", 1)[-1],
            "count": int(count),
            "threshold": int(threshold),
            "minutes": minutes,
            "dwell": "—" if dwell is None else f"{dwell:.0f}",
            "until": f"{until:%H:%M %d/%m/%Y}",
        }
        return _draft(
            self,
            severity=severity,
            title=self.title.format(**context),
            message=self.message.format(**context),
            when=when,
            entity=place,
            value=count,
            camera=camera,
        )


def _nanoseconds(times: pd.Series) -> pd.Series:
    """UTC times as int64 nanoseconds since the epoch."""
    stamps = pd.to_datetime(times, utc=True).dt.tz_localize(None).astype("datetime64[ns]")
    return stamps.astype("int64")


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


@dataclass(frozen=True)
class IntrusionRule:
    """A person in a camera's restricted zone outside its allowed hours (a batch rule)."""

    id: str = "public_order.intrusion"
    table: str = CAMERA_EVENTS.name
    domain: str = DOMAIN
    category: str = "intrusion"
    labels: tuple[str, ...] = PEOPLE
    audiences: tuple[Audience, ...] = (POLICE,)
    dedupe_window: timedelta = timedelta(hours=1)

    def evaluate(self, batch: pd.DataFrame, datalayer: Any = None) -> list[AlertDraft]:
        rows = batch[batch["label"].isin(self.labels)]
        if rows.empty:
            return []
        cameras = camera_info(datalayer)
        watched = {c for c, info in cameras.items() if info.get("restricted_zone") and info.get("allowed_hours")}
        rows = rows[rows["camera_id"].astype(str).isin(watched)]
        drafts = []
        for _, row in rows.sort_values("time").iterrows():
            camera = cameras[str(row["camera_id"])]
            window = parse_hours(camera.get("allowed_hours"))
            zone = camera.get("restricted_zone")
            if window is None:
                continue
            zones = {str(row["zone"])} | set(str(row["zones"]).split(",") if pd.notna(row["zones"]) else ())
            if zone != "*" and zone not in zones:
                continue
            local = _local(row["time"], datalayer)
            if within(local.time(), window):
                continue
            name = camera.get("name") or row["camera_id"]
            drafts.append(
                _draft(
                    self,
                    severity="high",
                    title=f"Xâm nhập khu vực hạn chế tại {name} ({zone})",
                    message=(
                        f"Phát hiện người trong vùng {zone} lúc {local:%H:%M %d/%m/%Y}, ngoài giờ cho phép "
                        f"{camera.get('allowed_hours')}. Đề nghị lực lượng công an kiểm tra."
                    ),
                    when=row["time"],
                    entity=str(row["camera_id"]),
                    value=_float(row["score"]),
                    camera=camera,
                )
            )
        return drafts


@dataclass(frozen=True)
class FireRule:
    """Fire or smoke seen by a camera: a critical alert at once (a batch rule)."""

    id: str = "public_order.fire"
    table: str = CAMERA_EVENTS.name
    domain: str = DOMAIN
    category: str = "fire"
    audiences: tuple[Audience, ...] = (POLICE, CITIZENS)
    dedupe_window: timedelta = timedelta(hours=1)

    def evaluate(self, batch: pd.DataFrame, datalayer: Any = None) -> list[AlertDraft]:
        config = public_order_config(_settings(datalayer))
        score = batch["score"].astype("Float64")
        rows = batch[batch["label"].isin(HAZARDS) & (score.isna() | (score >= config.fire_min_score)).fillna(True)]
        if rows.empty:
            return []
        cameras = camera_info(datalayer)
        drafts = []
        for camera_id, group in rows.sort_values("time").groupby("camera_id", sort=False):
            first = group.iloc[0]
            camera = cameras.get(str(camera_id), {})
            name = camera.get("name") or camera_id
            what = "cháy" if (group["label"] == "fire").any() else "khói"
            local = _local(first["time"], datalayer)
            drafts.append(
                _draft(
                    self,
                    severity="critical",
                    title=f"Phát hiện {what} tại {name}",
                    message=(
                        f"Camera {camera_id} phát hiện {what} lúc {local:%H:%M %d/%m/%Y}"
                        f"{' (độ tin cậy ' + format(float(first['score']), '.0%') + ')' if pd.notna(first['score']) else ''}. "
                        "Người dân tránh xa khu vực, gọi 114 khi cần."
                    ),
                    when=first["time"],
                    entity=str(camera_id),
                    value=_float(group["score"].astype("Float64").max()),
                    camera=camera,
                )
            )
        return drafts


@dataclass(frozen=True)
class CameraSilenceRule:
    """An active camera with no event and no count for three times its expected interval."""

    id: str = "public_order.camera_silent"
    table: str = CAMERA_EVENTS.name
    domain: str = DOMAIN
    category: str = "camera_silent"
    tolerance: float = 3.0
    audiences: tuple[Audience, ...] = (POLICE,)
    dedupe_window: timedelta = timedelta(hours=24)

    def evaluate_at(self, datalayer: Any, now: pd.Timestamp) -> list[AlertDraft]:
        config = public_order_config(_settings(datalayer))
        cameras = camera_info(datalayer)
        seen = last_seen(datalayer)
        drafts = []
        for camera_id in sorted(set(cameras) | set(seen)):
            camera = cameras.get(camera_id, {})
            if camera.get("status") in ("maintenance", "retired"):
                continue
            interval = timedelta(minutes=int(camera.get("expected_interval_min") or config.camera_silence_min))
            last = seen.get(camera_id)
            if last is not None and now - last <= interval * self.tolerance:
                continue
            name = camera.get("name") or camera_id
            since = "chưa từng gửi dữ liệu" if last is None else f"lần cuối {_local(last, datalayer):%H:%M %d/%m/%Y}"
            hours = None if last is None else round((now - last).total_seconds() / 3600, 1)
            drafts.append(
                _draft(
                    self,
                    severity="warning",
                    title=f"Camera {name} mất tín hiệu",
                    message=f"Không nhận được dữ liệu từ camera {camera_id} ({since}).",
                    when=now,
                    entity=camera_id,
                    value=hours,
                    camera=camera,
                )
            )
        return drafts


def last_seen(datalayer: Any) -> dict[str, pd.Timestamp]:
    """The newest message time of each camera, over its events and its counts."""
    parts = []
    for table, column in ((CAMERA_EVENTS.name, "coalesce(last_seen, time)"), (COUNTS.name, "time")):
        if datalayer.version(table) is not None:
            parts.append(f"SELECT camera_id, max({column}) AS seen FROM {table} GROUP BY 1")
    if not parts:
        return {}
    frame = datalayer.sql(f"SELECT camera_id, max(seen) AS seen FROM ({' UNION ALL '.join(parts)}) GROUP BY 1")
    return {str(c): pd.Timestamp(s).tz_convert("UTC") for c, s in zip(frame["camera_id"], frame["seen"]) if pd.notna(s)}


CROWD_RULE = SustainedCountRule(
    id="public_order.crowd",
    category="crowding",
    labels=PEOPLE,
    threshold_key="crowd_threshold",
    minutes_key="crowd_minutes",
    title="Tập trung đông người tại {name} ({zone}): {count} người",
    message=(
        "Camera ghi nhận {count} người (ngưỡng {threshold}) liên tục {minutes} phút tại {name}, khu vực {zone}. "
        "Người dân hạn chế đến khu vực, chú ý tài sản và hướng dẫn của lực lượng chức năng. Hiệu lực đến {until}."
    ),
    audiences=(POLICE, CITIZENS),
)

CONGESTION_RULE = SustainedCountRule(
    id="public_order.congestion",
    category="congestion",
    labels=VEHICLES,
    threshold_key="vehicle_threshold",
    minutes_key="congestion_minutes",
    dwell_key="congestion_dwell_s",
    title="Ùn tắc giao thông tại {name} ({zone}): {count} phương tiện",
    message=(
        "Camera ghi nhận {count} phương tiện (ngưỡng {threshold}), thời gian dừng trung bình {dwell} giây, "
        "liên tục {minutes} phút tại {name}, khu vực {zone}. Người dân chọn tuyến đường khác. Hiệu lực đến {until}."
    ),
    audiences=(TRANSPORT, POLICE, CITIZENS),
)


def default_rules() -> tuple[Rule, ...]:
    """The public-order domain's rules."""
    return (CROWD_RULE, CONGESTION_RULE, IntrusionRule(), FireRule(), CameraSilenceRule())
