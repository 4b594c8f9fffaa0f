"""Demo data of the environment domain: stations, air, water quality and water levels.

:func:`generate` yields the station registry, then one batch per table and week:

* **Air** (hourly, µg/m³; °C, %): traffic peaks morning and evening (PM, CO, NO2), an
  afternoon O3 peak, night-time PM build-up, slow weather swings; pollution **episodes**
  around the Phú Mỹ industrial zones (one at 35 % of the span, more every ~9 days) lift
  PM2.5/SO2/NO2 until VN_AQI reaches Kém/Xấu.
* **Water quality**: a sample at 09:00 local every day (Sông Dinh, Thị Vải) or every
  Monday and Thursday (Sông Ray, Hồ Đá Đen); rain raises TSS, turbidity and coliform.
* **Water levels** every 15 minutes: tides (M2 + S2 + K1 + O1) at Vũng Tàu and the tidal
  rivers; rain floods at the inland points — a main storm at 55 % of the span pushes Suối
  Lồ Ô past alarm III, Sông Dinh past II and Sông Ray past I; smaller storms every ~6 days
  cross alarm I.
* **Outages**: Xuyên Mộc (air) is off for up to two days, Sông Ray (level) for up to 12
  hours, a few random hours are missing, and Châu Đức (air) falls silent for the last
  6–24 hours so the staleness rule fires.

Everything is seeded: the same :class:`~ioc.plugins.DemoContext` gives identical frames.
``scale`` clones every site station ``round(scale)`` times (ids ``<station>_x2`` …, coordinates
jittered by up to ~1 km), so rows grow linearly with it while each series keeps its
meaning (air stays hourly, the AQI needs that). The clones are written to
``environment.stations`` first, so the readings' station references resolve.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from geodata.units import admin_units
from ioc.config import site_timezone
from ioc.plugins import DemoContext
from ioc.timestamps import as_utc
from ioc_plugins.environment.registration import locate
from ioc_plugins.environment.stations import stations
from ioc_plugins.environment.tables import MEASURED, MODELLED, STATIONS, WATER_UNITS

CHUNK = pd.Timedelta(days=7)
LEVEL_STEP = pd.Timedelta(minutes=15)
SAMPLE_HOUR_LOCAL = 9
_EPOCH = pd.Timestamp("2000-01-01", tz="UTC")

# --------------------------------------------------------------------------- station profiles


@dataclass(frozen=True)
class AirProfile:
    """Typical levels of a station type (µg/m³; O3: afternoon peak)."""

    pm25: float
    pm10_ratio: float
    co: float
    no2: float
    so2: float
    o3_peak: float


AIR_PROFILES = {
    "urban": AirProfile(pm25=22, pm10_ratio=1.7, co=900, no2=35, so2=12, o3_peak=90),
    "coastal": AirProfile(pm25=14, pm10_ratio=1.9, co=600, no2=18, so2=8, o3_peak=80),
    "industrial": AirProfile(pm25=28, pm10_ratio=1.8, co=1000, no2=45, so2=35, o3_peak=95),
    "port": AirProfile(pm25=24, pm10_ratio=1.8, co=900, no2=50, so2=40, o3_peak=85),
    "rural": AirProfile(pm25=16, pm10_ratio=1.6, co=600, no2=15, so2=6, o3_peak=85),
}
AIR_ROLES = {
    "air_vungtau_baisau": "coastal",
    "air_phumy1": "industrial",
    "air_myxuan_a": "industrial",
    "air_caimep": "port",
    "air_chauduc": "rural",
    "air_xuyenmoc": "rural",
}
#: How strongly each station feels a Phú Mỹ episode (0–1).
EPISODE_REACH = {"air_phumy1": 1.0, "air_myxuan_a": 0.85, "air_caimep": 0.6, "air_baria": 0.3}
AIR_PARAMETERS = ("pm25", "pm10", "o3", "co", "so2", "no2", "temperature", "humidity")


@dataclass(frozen=True)
class LevelProfile:
    """Water-level model of a station (m): mean, tide share and lag, flood response."""

    mean: float
    tide_factor: float = 0.0
    tide_lag_h: float = 0.0
    noise: float = 0.01
    peak_hours: float = 6.0  # rain → peak delay of the flood wave
    main_target: float | None = None  # peak level of the main storm
    minor_target: float | None = None  # peak level of the smaller storms


LEVEL_PROFILES = {
    "wl_vungtau_tide": LevelProfile(mean=0.0, tide_factor=1.0, noise=0.02),
    "wl_song_dinh_baria": LevelProfile(
        mean=0.30, tide_factor=0.5, tide_lag_h=1.5, noise=0.015, peak_hours=6, main_target=2.05, minor_target=1.70
    ),
    "wl_song_ray": LevelProfile(mean=1.20, noise=0.01, peak_hours=12, main_target=3.6, minor_target=2.4),
    "wl_suoi_lo_o": LevelProfile(mean=0.05, noise=0.005, peak_hours=2, main_target=0.95, minor_target=0.38),
    "wl_thi_vai": LevelProfile(mean=0.10, tide_factor=0.9, tide_lag_h=1.0, noise=0.02, peak_hours=8, main_target=1.75),
}

#: Tidal constituents at Vũng Tàu: amplitude (m), speed (°/h), phase (°).
TIDE = {
    "M2": (0.80, 28.9841042, 60.0),
    "S2": (0.32, 30.0, 100.0),
    "K1": (0.55, 15.0410686, 330.0),
    "O1": (0.42, 13.9430356, 300.0),
}

#: Water-quality means and spread (relative SD) by river type; units are the table's.
WATER_QUALITY = {
    "river": {
        "ph": (7.1, 0.03),
        "do": (5.4, 0.12),
        "bod5": (6.0, 0.25),
        "cod": (15.0, 0.2),
        "nh4": (0.30, 0.4),
        "no3": (1.2, 0.3),
        "no2": (0.03, 0.4),
        "po4": (0.15, 0.3),
        "tss": (30.0, 0.3),
        "turbidity": (25.0, 0.3),
        "coliform": (3000.0, 0.5),
        "temperature": (29.0, 0.04),
    },
    "industrial": {
        "ph": (6.9, 0.04),
        "do": (3.6, 0.18),
        "bod5": (14.0, 0.3),
        "cod": (32.0, 0.25),
        "nh4": (1.2, 0.4),
        "no3": (1.8, 0.3),
        "no2": (0.08, 0.4),
        "po4": (0.35, 0.3),
        "tss": (45.0, 0.3),
        "turbidity": (35.0, 0.3),
        "coliform": (8000.0, 0.5),
        "temperature": (30.0, 0.04),
    },
    "reservoir": {
        "ph": (7.2, 0.02),
        "do": (6.4, 0.08),
        "bod5": (3.0, 0.2),
        "cod": (8.0, 0.2),
        "nh4": (0.10, 0.4),
        "no3": (0.6, 0.3),
        "no2": (0.01, 0.4),
        "po4": (0.05, 0.3),
        "tss": (10.0, 0.3),
        "turbidity": (8.0, 0.3),
        "coliform": (500.0, 0.5),
        "temperature": (28.5, 0.03),
    },
}
WATER_ROLES = {"wq_thi_vai": "industrial", "wq_ho_da_den": "reservoir"}
DAILY_SAMPLING = {"wq_song_dinh", "wq_thi_vai"}  # automatic stations; others Monday and Thursday
RAIN_SENSITIVE = {"tss": 2.0, "turbidity": 2.5, "coliform": 3.0}


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Site:
    """One demo station (an original or a clone)."""

    station_id: str
    base_id: str
    kind: str
    copy: int
    number: int  # position of the base station: seeds its random streams


@dataclass(frozen=True)
class Event:
    """A pollution episode or a storm: when it starts, how long it lasts (episodes) and how strong it is."""

    start: pd.Timestamp
    hours: float
    strength: float = 1.0
    main: bool = False


@dataclass
class Plan:
    """Everything decided up front, so that chunks can be generated independently."""

    context: DemoContext
    start: pd.Timestamp
    end: pd.Timestamp
    sites: list[Site]
    episodes: list[Event]
    storms: list[Event]
    gaps: dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]]
    flood_amplitudes: dict[tuple[str, int], float] = field(default_factory=dict)


def copies(scale: float) -> int:
    """How many copies of each station a scale asks for (at least one)."""
    return max(1, round(scale))


def site_stations() -> pd.DataFrame:
    """The demo's own stations: the registry rows that have coordinates (not the HCMC archive)."""
    registry = stations()
    return registry[registry["lon"].notna()].reset_index(drop=True)


def make_plan(context: DemoContext) -> Plan:
    """Fix episodes, storms, outages and flood amplitudes for a demo run."""
    # floor, not ceil: the last readings must never lie after the context's end (future check)
    start = as_utc(context.start).floor("h")
    end = start + pd.Timedelta(days=context.days)
    base = site_stations()
    sites = [
        Site(f"{row.station_id}_x{k}" if k > 1 else row.station_id, row.station_id, row.kind, k, number)
        for k in range(1, copies(context.scale) + 1)
        for number, row in enumerate(base.itertuples())
    ]
    rng = np.random.default_rng([context.seed, 0])
    span = end - start
    plan = Plan(context, start, end, sites, _episodes(rng, start, span), _storms(rng, start, span), _gaps(start, end))
    plan.flood_amplitudes = _flood_amplitudes(plan)
    return plan


def _clamp_hours(value: float, low: float, high: float) -> pd.Timedelta:
    return pd.Timedelta(hours=float(np.clip(value, low, high)))


def _episodes(rng: np.random.Generator, start: pd.Timestamp, span: pd.Timedelta) -> list[Event]:
    hours = span / pd.Timedelta(hours=1)
    events = [Event(start + 0.35 * span, float(np.clip(0.25 * hours, 12, 60)), 1.0, main=True)]
    for _ in range(rng.poisson(hours / 24 / 9)):
        when = start + float(rng.uniform(0.05, 0.9)) * span
        events.append(Event(when, float(rng.uniform(18, 48)), float(rng.uniform(0.7, 1.0))))
    return events


def _storms(rng: np.random.Generator, start: pd.Timestamp, span: pd.Timedelta) -> list[Event]:
    main = start + 0.55 * span
    events = [Event(main, 0.0, 1.0, main=True)]
    for _ in range(rng.poisson(span / pd.Timedelta(days=6))):
        when = start + float(rng.uniform(0.05, 0.95)) * span
        if abs(when - main) > pd.Timedelta(days=3):  # keep the main flood's peak at its target
            events.append(Event(when, 0.0, float(rng.uniform(0.8, 1.0))))
    return events


def _gaps(start: pd.Timestamp, end: pd.Timestamp) -> dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]]:
    span = end - start
    hours = span / pd.Timedelta(hours=1)
    outage = start + 0.2 * span
    level_outage = start + 0.78 * span
    return {
        "air_xuyenmoc": [(outage, outage + _clamp_hours(0.15 * hours, 6, 48))],
        "wl_song_ray": [(level_outage, level_outage + _clamp_hours(0.05 * hours, 3, 12))],
        "air_chauduc": [(end - _clamp_hours(0.1 * hours, 6, 24), end)],  # silent at the end
    }


# --------------------------------------------------------------------------- shapes


def hours_of(times: pd.DatetimeIndex | pd.Timestamp) -> np.ndarray | float:
    """Hours since 2000-01-01 UTC: the demo's models work on plain numbers (fast)."""
    if isinstance(times, pd.Timestamp):
        return (times - _EPOCH) / pd.Timedelta(hours=1)
    return (pd.DatetimeIndex(times).as_unit("ns").asi8 - _EPOCH.as_unit("ns").value) / 3.6e12


def tide(hours: np.ndarray, lag_hours: float = 0.0) -> np.ndarray:
    """Astronomical tide at Vũng Tàu (m around mean sea level) at ``hours`` (see :func:`hours_of`)."""
    hours = hours - lag_hours
    total = np.zeros(len(hours))
    for amplitude, speed, phase in TIDE.values():
        total += amplitude * np.cos(np.radians(speed * hours - phase))
    return total


def flood_wave(hours: np.ndarray, storm: pd.Timestamp, peak_hours: float) -> np.ndarray:
    """Unit flood hydrograph x·e^(1−x), x = hours since the storm / time to peak (peak 1)."""
    x = (hours - hours_of(storm)) / peak_hours
    return np.where(x > 0, x * np.exp(1 - np.clip(x, 0, None)), 0.0)


def episode_window(hours: np.ndarray, episode: Event, ramp_hours: float = 6.0) -> np.ndarray:
    """0 → 1 → 0 over an episode, with half-cosine ramps of ``ramp_hours``."""
    since = hours - hours_of(episode.start)
    rise = np.clip(since / ramp_hours, 0, 1)
    fall = np.clip((episode.hours - since) / ramp_hours, 0, 1)
    return episode.strength * 0.5 * (1 - np.cos(np.pi * np.minimum(rise, fall)))


def _level_base(hours: np.ndarray, profile: LevelProfile) -> np.ndarray:
    return profile.mean + profile.tide_factor * tide(hours, profile.tide_lag_h)


def _flood_amplitudes(plan: Plan) -> dict[tuple[str, int], float]:
    """Storm amplitudes so that each flood peaks at its target level (tide included)."""
    amplitudes = {}
    order = sorted(range(len(plan.storms)), key=lambda i: plan.storms[i].start)
    for base_id, profile in LEVEL_PROFILES.items():
        for number in order:
            storm = plan.storms[number]
            target = profile.main_target if storm.main else profile.minor_target
            if target is None:
                continue
            hours = hours_of(
                pd.date_range(storm.start, storm.start + pd.Timedelta(hours=6 * profile.peak_hours), freq=LEVEL_STEP)
            )
            base = _level_base(hours, profile)
            for earlier, amplitude in ((n, a) for (b, n), a in amplitudes.items() if b == base_id):
                base = base + amplitude * flood_wave(hours, plan.storms[earlier].start, profile.peak_hours)
            wave = flood_wave(hours, storm.start, profile.peak_hours)
            amplitudes[(base_id, number)] = _solve_amplitude(
                base, wave, target if storm.main else target * storm.strength
            )
    return amplitudes


def _solve_amplitude(base: np.ndarray, wave: np.ndarray, target: float) -> float:
    """The amplitude A with max(base + A·wave) = target (bisection; max grows with A)."""
    low, high = 0.0, 20.0
    if (base + low * wave).max() >= target:
        return 0.0
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (middle, high) if (base + middle * wave).max() < target else (low, middle)
    return high


# --------------------------------------------------------------------------- generation


def generate(ctx: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """Yield ``(table, frame)`` demo batches: the stations, then weekly air/water batches."""
    plan = make_plan(ctx)
    registry = station_frame(plan)
    # the registry (clones included) is written first: readings refer to it
    yield "environment.stations", registry
    yield "environment.stations", model_points()
    states: dict[str, np.ndarray] = {}
    chunk_start = plan.start
    while chunk_start < plan.end:
        chunk_end = min(chunk_start + CHUNK, plan.end)
        measured = air_readings(plan, chunk_start, chunk_end, states).assign(origin=MEASURED)
        modelled = modelled_air(plan, chunk_start, chunk_end, states)
        yield "environment.air_readings", pd.concat([measured, modelled], ignore_index=True)
        samples = water_quality(plan, chunk_start, chunk_end)
        if len(samples):
            yield "environment.water_quality", samples
        yield "environment.water_levels", water_levels(plan, chunk_start, chunk_end)
        chunk_start = chunk_end


def station_frame(plan: Plan) -> pd.DataFrame:
    """The registry plus the clones of the site stations (table columns only)."""
    registry = stations()
    columns = STATIONS.column_names
    clones = []
    base = site_stations().set_index("station_id")
    for site in plan.sites:
        if site.copy == 1:
            continue
        row = base.loc[site.base_id].copy()
        jitter = np.random.default_rng([plan.context.seed, 9, site.number, site.copy]).uniform(-0.01, 0.01, 2)
        row["lon"], row["lat"] = row["lon"] + jitter[0], row["lat"] + jitter[1]
        row["name"] = f"{row['name']} (bản sao {site.copy})"
        clones.append(row.rename(site.station_id))
    frame = registry[columns]
    if clones:
        frame = pd.concat([frame, pd.DataFrame(clones).rename_axis("station_id").reset_index()[columns]])
    return frame.reset_index(drop=True)


def _rng(plan: Plan, stream: int, site: Site, chunk_start: pd.Timestamp) -> np.random.Generator:
    chunk = int((chunk_start - plan.start) / CHUNK)
    return np.random.default_rng([plan.context.seed, stream, site.number, site.copy, chunk])


def _in_gaps(plan: Plan, site: Site, times: pd.DatetimeIndex) -> np.ndarray:
    missing = np.zeros(len(times), dtype=bool)
    for low, high in plan.gaps.get(site.base_id, []):
        missing |= np.asarray((times >= low) & (times < high))
    return missing


def _long(
    site: Site, times: pd.DatetimeIndex, values: dict[str, np.ndarray], keep: np.ndarray, units: dict[str, str]
) -> pd.DataFrame:
    parameters = list(values)
    n = int(keep.sum())
    return pd.DataFrame(
        {
            "station_id": site.station_id,
            "time": np.tile(times[keep].to_numpy(), len(parameters)),
            "parameter": np.repeat(parameters, n),
            "value": np.concatenate([np.round(values[p][keep], 2) for p in parameters]),
            "unit": np.repeat([units[p] for p in parameters], n),
            "flag": None,
        }
    )


def _finish(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(pieces, ignore_index=True)
    frame["time"] = pd.to_datetime(frame["time"], utc=True).astype("datetime64[us, UTC]")
    return frame.astype({"station_id": "string", "parameter": "string", "unit": "string", "flag": "string"})


# --------------------------------------------------------------------------- air

#: AR(1) noise of the air model: weather (shared), six pollutants, temperature (°C), humidity (%).
_AR_PHI = np.array([0.96, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.9, 0.9])
_AR_SIGMA = np.array([0.06, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.25, 1.5])
MISSING_HOUR_SHARE = 0.01


def _around(hour: np.ndarray, centre: float, width: float) -> np.ndarray:
    """A daily bump centred at ``centre`` o'clock (circular in the 24-hour day)."""
    distance = (hour - centre + 12) % 24 - 12
    return np.exp(-((distance / width) ** 2))


def traffic_profile(hour: np.ndarray, weekend: np.ndarray) -> np.ndarray:
    """Relative traffic by local hour: peaks at 07:30 and 18:30, lower at weekends (mean ≈ 1)."""
    shape = 0.55 + 0.75 * _around(hour, 7.5, 1.6) + 0.9 * _around(hour, 18.5, 2.0)
    return shape / 0.93 * np.where(weekend, 0.85, 1.0)


def sunlight(hour: np.ndarray) -> np.ndarray:
    """Photochemistry driver: 0 at night, peaking at 14:00 local (O3 afternoon maximum)."""
    return np.clip(np.sin(np.pi * (hour - 7.5) / 13), 0, None) ** 1.5


def _ar_noise(rng: np.random.Generator, n: int, states: dict[str, np.ndarray], key: str) -> np.ndarray:
    """Continue the station's AR(1) noise for ``n`` hours (the state carries over between weeks)."""
    state = states.get(key)
    if state is None:
        state = rng.normal(0, _AR_SIGMA / np.sqrt(1 - _AR_PHI**2))
    innovations = rng.normal(0, 1, (n, len(_AR_PHI))) * _AR_SIGMA
    out = np.empty_like(innovations)
    for i in range(n):
        state = _AR_PHI * state + innovations[i]
        out[i] = state
    states[key] = state
    return out


def air_values(
    profile: AirProfile, hour: np.ndarray, traffic: np.ndarray, noise: np.ndarray, episode: np.ndarray
) -> dict[str, np.ndarray]:
    """Hourly values of one station (table units) from its profile, the clock, noise and episodes."""
    weather, e = noise[:, 0], noise[:, 1:7]
    night = 1 + 0.3 * _around(hour, 3, 3)  # a shallow night-time mixing layer keeps particles near ground
    pm25 = profile.pm25 * (0.45 + 0.55 * traffic) * night * np.exp(weather + e[:, 0]) * (1 + 2.6 * episode)
    daily = np.sin(2 * np.pi * (hour - 9) / 24)
    temperature = 27.5 + 3.2 * daily + noise[:, 7]
    return {
        "pm25": pm25,
        "pm10": pm25 * profile.pm10_ratio * np.exp(0.5 * e[:, 1]),
        "o3": 10 + profile.o3_peak * sunlight(hour) * np.exp(e[:, 2] - 0.3 * weather),
        "co": profile.co * (0.4 + 0.6 * traffic) * np.exp(weather + e[:, 3]) * (1 + 1.0 * episode),
        "so2": profile.so2 * (0.8 + 0.2 * traffic) * np.exp(0.5 * weather + e[:, 4]) * (1 + 6 * episode),
        "no2": profile.no2 * (0.35 + 0.65 * traffic) * np.exp(weather + e[:, 5]) * (1 + 2.5 * episode),
        "temperature": temperature,
        "humidity": np.clip(77 - 14 * daily + noise[:, 8], 35, 98),
    }


def site_offset(plan: Plan) -> pd.Timedelta:
    """The site's offset from UTC at the plan's start (project choice: one offset for the
    whole demo span, exact for zones without daylight saving such as Việt Nam's)."""
    zone = ZoneInfo(site_timezone(plan.context.settings))
    return pd.Timedelta(zone.utcoffset(pd.Timestamp(plan.start).tz_localize(None).to_pydatetime()))


def air_readings(
    plan: Plan, chunk_start: pd.Timestamp, chunk_end: pd.Timestamp, states: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Hourly air readings of every air station in ``[chunk_start, chunk_end)``."""
    times = pd.date_range(chunk_start, chunk_end, freq="h", inclusive="left")
    local = times + site_offset(plan)
    hour = local.hour.to_numpy(dtype="float64")
    traffic = traffic_profile(hour, np.asarray(local.day_of_week >= 5))
    clock = hours_of(times)
    overlapping = sum((episode_window(clock, e) for e in plan.episodes), np.zeros(len(times)))
    episodes = np.clip(overlapping, 0, 1)  # two episodes at once are one bad spell, not double
    units = {p: {"temperature": "°C", "humidity": "%"}.get(p, "µg/m³") for p in AIR_PARAMETERS}
    pieces = []
    for site in (s for s in plan.sites if s.kind == "air"):
        rng = _rng(plan, 1, site, chunk_start)
        noise = _ar_noise(rng, len(times), states, site.station_id)
        episode = EPISODE_REACH.get(site.base_id, 0.0) * episodes
        profile = AIR_PROFILES[AIR_ROLES.get(site.base_id, "urban")]
        values = air_values(profile, hour, traffic, noise, episode)
        keep = ~_in_gaps(plan, site, times) & (rng.random(len(times)) >= MISSING_HOUR_SHARE)
        pieces.append(_long(site, times, values, keep, units))
    return _finish(pieces)


# --------------------------------------------------------------------------- modelled points

#: Wards (from July 2025) that get a demo Open-Meteo point, as ``ioc collect open-meteo`` would
#: give them: Tam Thắng, Bà Rịa, Phú Mỹ, Hồ Tràm.
MODEL_WARDS = ("26526", "26560", "26704", "26620")
#: A model smooths: its noise is a fraction of a station's, and it sees half an episode's peak.
MODEL_NOISE, MODEL_EPISODE = 0.3, 0.5


def model_points() -> pd.DataFrame:
    """The demo's modelled points (``om_<ward code>``), placed in their district and ward."""
    units = admin_units("post2025", "commune").set_index("unit_code").loc[list(MODEL_WARDS)]
    points = pd.DataFrame(
        {
            "station_id": [f"om_{code}" for code in units.index],
            "name": [f"{name} (Open-Meteo, mô hình)" for name in units["name"]],
            "kind": "air",
            "lon": units["lon"].to_numpy(dtype=float),
            "lat": units["lat"].to_numpy(dtype=float),
            "origin": MODELLED,
            "source": "open-meteo",
        }
    )
    return locate(points)


def modelled_air(
    plan: Plan, chunk_start: pd.Timestamp, chunk_end: pd.Timestamp, states: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Hourly modelled PM2.5, PM10, CO, NO2, O3, SO2 of the demo's model points (no gaps: a model has none)."""
    times = pd.date_range(chunk_start, chunk_end, freq="h", inclusive="left")
    local = times + site_offset(plan)
    hour = local.hour.to_numpy(dtype="float64")
    traffic = traffic_profile(hour, np.asarray(local.day_of_week >= 5))
    clock = hours_of(times)
    episodes = np.clip(sum((episode_window(clock, e) for e in plan.episodes), np.zeros(len(times))), 0, 1)
    chunk = int((chunk_start - plan.start) / CHUNK)
    pieces = []
    for number, code in enumerate(MODEL_WARDS):
        rng = np.random.default_rng([plan.context.seed, 21, number, chunk])
        noise = MODEL_NOISE * _ar_noise(rng, len(times), states, f"om_{code}")
        values = air_values(AIR_PROFILES["urban"], hour, traffic, noise, MODEL_EPISODE * episodes)
        pollutants = {p: values[p] for p in ("pm25", "pm10", "o3", "co", "so2", "no2")}
        site = Site(station_id=f"om_{code}", base_id=f"om_{code}", kind="air", copy=1, number=100 + number)
        keep = np.ones(len(times), dtype=bool)
        pieces.append(_long(site, times, pollutants, keep, dict.fromkeys(pollutants, "µg/m³")))
    return _finish(pieces).assign(origin=MODELLED)


# --------------------------------------------------------------------------- water


def wetness(plan: Plan, times: pd.DatetimeIndex) -> np.ndarray:
    """How wet the catchments are (0 dry, ~1 after the main storm), lasting a few days."""
    total = np.zeros(len(times))
    hours = hours_of(times)
    for storm in plan.storms:
        total += (1.0 if storm.main else 0.5 * storm.strength) * flood_wave(hours, storm.start, 24.0)
    return total


def _sample_times(plan: Plan, site: Site, chunk_start: pd.Timestamp, chunk_end: pd.Timestamp) -> pd.DatetimeIndex:
    days = pd.date_range(chunk_start.floor("D"), chunk_end.ceil("D"), freq="D")
    times = days + pd.Timedelta(hours=SAMPLE_HOUR_LOCAL) - site_offset(plan)
    times = times[(times >= chunk_start) & (times < chunk_end)]
    if site.base_id in DAILY_SAMPLING:
        return times
    weekday = (times + site_offset(plan)).day_of_week
    return times[np.isin(weekday, (0, 3))]  # Monday and Thursday, like the agencies' templates


def water_quality(plan: Plan, chunk_start: pd.Timestamp, chunk_end: pd.Timestamp) -> pd.DataFrame:
    """Water-quality samples of every water-quality station in the chunk."""
    pieces = []
    for site in (s for s in plan.sites if s.kind == "water_quality"):
        times = _sample_times(plan, site, chunk_start, chunk_end)
        if not len(times):
            continue
        rng = _rng(plan, 2, site, chunk_start)
        rain = wetness(plan, times)
        values = {}
        for parameter, (mean, spread) in WATER_QUALITY[WATER_ROLES.get(site.base_id, "river")].items():
            if parameter in {"ph", "temperature"}:
                value = mean * (1 + spread * rng.normal(0, 1, len(times)))
            else:
                value = mean * np.exp(rng.normal(0, spread, len(times)) - spread**2 / 2)
            if parameter == "do":
                value = value * (1 - 0.15 * np.clip(rain, 0, 1))
            values[parameter] = value * (1 + RAIN_SENSITIVE.get(parameter, 0.0) * rain)
        units = {p: WATER_UNITS.get(p, "mg/l") for p in values}
        pieces.append(_long(site, times, values, np.ones(len(times), dtype=bool), units))
    return _finish(pieces) if pieces else pd.DataFrame()


MISSING_LEVEL_SHARE = 0.005


def water_levels(plan: Plan, chunk_start: pd.Timestamp, chunk_end: pd.Timestamp) -> pd.DataFrame:
    """Water levels (m) every 15 minutes at every water-level station, with alarm levels."""
    times = pd.date_range(chunk_start.ceil(LEVEL_STEP), chunk_end, freq=LEVEL_STEP, inclusive="left")
    clock = hours_of(times)
    alarms = stations().set_index("station_id")[["alarm_1", "alarm_2", "alarm_3"]]
    pieces = []
    for site in (s for s in plan.sites if s.kind == "water_level"):
        profile = LEVEL_PROFILES.get(site.base_id, LevelProfile(mean=1.0))
        rng = _rng(plan, 3, site, chunk_start)
        level = _level_base(clock, profile) + rng.normal(0, profile.noise, len(times))
        for number, storm in enumerate(plan.storms):
            amplitude = plan.flood_amplitudes.get((site.base_id, number), 0.0)
            if amplitude:
                level += amplitude * flood_wave(clock, storm.start, profile.peak_hours)
        keep = ~_in_gaps(plan, site, times) & (rng.random(len(times)) >= MISSING_LEVEL_SHARE)
        frame = pd.DataFrame({"station_id": site.station_id, "time": times[keep], "level_m": np.round(level[keep], 3)})
        for column in alarms.columns:
            frame[column] = alarms.at[site.base_id, column]
        pieces.append(frame.assign(flag=None))
    frame = pd.concat(pieces, ignore_index=True)
    frame["time"] = frame["time"].astype("datetime64[us, UTC]")
    return frame.astype({"station_id": "string", "flag": "string"})
