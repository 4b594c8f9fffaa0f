"""VN_WQI, the Vietnam water quality index of Decision 1460/QĐ-TCMT (12/11/2019).

The decision ("Hướng dẫn kỹ thuật tính toán và công bố chỉ số chất lượng nước Việt Nam")
computes one index per surface-water sample from five groups of parameters:

=====  ==============================================  =========================
group  parameters                                      unit
=====  ==============================================  =========================
I      pH                                              –
II     Aldrin, BHC, Dieldrin, DDTs, Heptachlor &        µg/l
       Heptachlorepoxide (thuốc bảo vệ thực vật)
III    As, Cd, Pb, Cr6+, Cu, Zn, Hg (kim loại nặng)     mg/l
IV     DO (% bão hòa), BOD5, COD, TOC, N-NH4, N-NO3,    mg/l (DO: % saturation)
       N-NO2, P-PO4 (hữu cơ và dinh dưỡng)
V      Coliform, E.coli (vi sinh)                       MPN or CFU/100 ml
=====  ==============================================  =========================

Sub-indices (WQI_SI, 10…100) come from the decision's breakpoint tables by linear
interpolation; pH and DO have two-sided tables; group II parameters are 100 at or below
their limit and 10 above it. Group indices: WQI_I = pH; WQI_II and WQI_III = geometric
means; WQI_IV and WQI_V = arithmetic means. The index::

    WQI = WQI_I/100 × WQI_II/100 × WQI_III/100 × (WQI_IV × WQI_V)^(1/2)      (with group V)
    WQI = WQI_I/100 × WQI_II/100 × WQI_III/100 × WQI_IV                      (without group V)
    WQI = WQI_I/100 × WQI_II/100 × WQI_III/100 × (WQI_IV² × WQI_V)^(1/3)     ("weighted")

A group without data is left out of the product. The data must cover at least 3 of the 5
groups, group IV being compulsory with at least 3 parameters. The result is rounded to an
integer.

Sources: the formulas and tables above are as public implementations of Decision 1460
encode them (checked against two independent code bases); the decision's own text was
not at hand. The ``"weighted"`` variant is the one some summaries quote as *the* VN_WQI
formula; :func:`vn_wqi` uses the square-root form unless asked otherwise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ioc_plugins.environment.bands import WQI_BANDS, WQIBand, round_half_up_array, wqi_band, wqi_band_index

__all__ = [
    "GROUPS",
    "WQIResult",
    "do_saturation",
    "saturated_do_mg_l",
    "vn_wqi",
    "wqi_band",
    "wqi_frame",
    "wqi_parameter",
]

#: The parameter keys of each group (QĐ 1460).
GROUPS: dict[str, tuple[str, ...]] = {
    "I": ("ph",),
    "II": ("aldrin", "bhc", "dieldrin", "ddts", "heptachlor"),
    "III": ("as", "cd", "pb", "cr6", "cu", "zn", "hg"),
    "IV": ("do", "bod5", "cod", "toc", "n_nh4", "n_no3", "n_no2", "p_po4"),
    "V": ("coliform", "e_coli"),
}
GROUP_OF = {parameter: group for group, members in GROUPS.items() for parameter in members}
GROUP_NAMES_VI = {
    "I": "nhóm I (pH)",
    "II": "nhóm II (thuốc bảo vệ thực vật)",
    "III": "nhóm III (kim loại nặng)",
    "IV": "nhóm IV (hữu cơ và dinh dưỡng)",
    "V": "nhóm V (vi sinh)",
}
UNITS = {
    "ph": "-",
    **dict.fromkeys(GROUPS["II"], "µg/l"),
    **dict.fromkeys(GROUPS["III"], "mg/l"),
    **dict.fromkeys(GROUPS["IV"], "mg/l"),
    "coliform": "MPN/100ml",
    "e_coli": "MPN/100ml",
}

#: Sub-index of a parameter above its last breakpoint (the tables' lowest q).
Q_ABOVE_TABLE = 10.0

#: (BP_i, q_i) of the decision's tables for parameters whose sub-index falls as the
#: concentration rises. A repeated BP (Cd 0.005 at q 100 and 75) means: below it 100,
#: at it 75. Group II and N-NO2 have a single limit: 100 up to it, 10 above.
DECREASING_TABLES: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    # group II, µg/l
    "aldrin": ((0.1,), (100,)),
    "bhc": ((0.02,), (100,)),
    "dieldrin": ((0.1,), (100,)),
    "ddts": ((1.0,), (100,)),
    "heptachlor": ((0.2,), (100,)),
    # group III, mg/l
    "as": ((0.01, 0.02, 0.05, 0.1), (100, 75, 50, 25)),
    "cd": ((0.005, 0.005, 0.008, 0.01, 0.1), (100, 75, 50, 25, 10)),
    "pb": ((0.02, 0.02, 0.04, 0.05, 0.5), (100, 75, 50, 25, 10)),
    "cr6": ((0.01, 0.02, 0.04, 0.05, 0.1), (100, 75, 50, 25, 10)),
    "cu": ((0.1, 0.2, 0.5, 1.0, 2.0), (100, 75, 50, 25, 10)),
    "zn": ((0.5, 1.0, 1.5, 2.0, 3.0), (100, 75, 50, 25, 10)),
    "hg": ((0.001, 0.001, 0.0015, 0.002, 0.01), (100, 75, 50, 25, 10)),
    # group IV, mg/l
    "bod5": ((4, 6, 15, 25, 50), (100, 75, 50, 25, 10)),
    "cod": ((10, 15, 30, 50, 150), (100, 75, 50, 25, 10)),
    "toc": ((4, 6, 15, 25, 50), (100, 75, 50, 25, 10)),
    "n_nh4": ((0.3, 0.3, 0.6, 0.9, 5), (100, 75, 50, 25, 10)),
    "n_no3": ((2, 5, 10, 15), (100, 75, 50, 25)),
    "n_no2": ((0.05,), (100,)),
    "p_po4": ((0.1, 0.2, 0.3, 0.5, 4), (100, 75, 50, 25, 10)),
    # group V, MPN/100 ml
    "coliform": ((2500, 5000, 7500, 10000), (100, 75, 50, 25)),
    "e_coli": ((20, 50, 100, 200), (100, 75, 50, 25)),
}

#: pH table: 100 for 6 ≤ pH ≤ 8.5, 50 at 5.5 and 9, linear between, 10 outside 5.5…9.
PH_POINTS = ((5.5, 50.0), (6.0, 100.0), (8.5, 100.0), (9.0, 50.0))
#: DO (% saturation) table: 100 for 88…112 %, 10 below 20 % or above 200 %.
DO_POINTS = ((20, 25.0), (50, 50.0), (75, 75.0), (88, 100.0), (112, 100.0), (125, 75.0), (150, 50.0), (200, 25.0))

FORMULAS = ("standard", "weighted")
TEMPERATURE = "temperature"
DO_PERCENT = "do_pct"

_ALIASES = {
    "ph": "ph",
    "aldrin": "aldrin",
    "bhc": "bhc",
    "dieldrin": "dieldrin",
    "ddt": "ddts",
    "ddts": "ddts",
    "heptachlor": "heptachlor",
    "heptachlorheptachlorepoxide": "heptachlor",
    "heptachlorandheptachlorepoxide": "heptachlor",
    "as": "as",
    "asen": "as",
    "arsenic": "as",
    "cd": "cd",
    "pb": "pb",
    "cr6": "cr6",
    "crvi": "cr6",
    "cu": "cu",
    "zn": "zn",
    "hg": "hg",
    "do": "do",
    "dopct": DO_PERCENT,
    "dosaturation": DO_PERCENT,
    "dosaturationpct": DO_PERCENT,
    "dobaohoa": DO_PERCENT,
    "bod5": "bod5",
    "bod": "bod5",
    "cod": "cod",
    "toc": "toc",
    "nnh4": "n_nh4",
    "nh4": "n_nh4",
    "amoni": "n_nh4",
    "nno3": "n_no3",
    "no3": "n_no3",
    "nno2": "n_no2",
    "no2": "n_no2",
    "ppo4": "p_po4",
    "po4": "p_po4",
    "coliform": "coliform",
    "coliforms": "coliform",
    "tongcoliform": "coliform",
    "ecoli": "e_coli",
    "temperature": TEMPERATURE,
    "temperaturec": TEMPERATURE,
    "temp": TEMPERATURE,
    "t": TEMPERATURE,
    "nhietdo": TEMPERATURE,
    "watertemperature": TEMPERATURE,
}


def parameter_key(name: object) -> str | None:
    """The key of a VN_WQI parameter name (``"N-NH4"`` → ``"n_nh4"``), ``None`` if not one."""
    token = re.sub(r"[^0-9a-z]", "", str(name).strip().lower().replace("%", "pct").replace("+", ""))
    return _ALIASES.get(token)


# --------------------------------------------------------------------------- DO saturation


def saturated_do_mg_l(temperature_c: float | np.ndarray) -> float | np.ndarray:
    """Dissolved oxygen at saturation (mg/l) at a water temperature (°C).

    DO_bão hòa = 14.652 − 0.41022·T + 0.0079910·T² − 0.000077774·T³ (the decision's formula).
    """
    t = np.asarray(temperature_c, dtype="float64")
    result = 14.652 - 0.41022 * t + 0.0079910 * t**2 - 0.000077774 * t**3
    return float(result) if result.ndim == 0 else result


def do_saturation(do_mg_l: float, temperature_c: float) -> float:
    """DO as percent of saturation: DO% = DO_hòa tan / DO_bão hòa × 100 (QĐ 1460).

    Parameters
    ----------
    do_mg_l
        Measured dissolved oxygen, mg/l (≥ 0).
    temperature_c
        Water temperature at sampling, °C (0…50, the formula's range of use).

    Raises
    ------
    ValueError
        For missing, non-finite or out-of-range inputs.
    """
    do = _finite(do_mg_l, "DO")
    temperature = _finite(temperature_c, "temperature")
    if do < 0:
        raise ValueError(f"DO must be >= 0 mg/l, got {do_mg_l!r}")
    if not 0 <= temperature <= 50:
        raise ValueError(f"water temperature must be within 0..50 °C, got {temperature_c!r}")
    return do / saturated_do_mg_l(temperature) * 100.0


# --------------------------------------------------------------------------- sub-indices


def _decreasing_index(values: np.ndarray, points: tuple[float, ...], q: tuple[float, ...]) -> np.ndarray:
    """Sub-index for a table whose q falls as the concentration rises (vectorised)."""
    bp = np.asarray(points, dtype="float64")
    qs = np.asarray(q, dtype="float64")
    x = np.asarray(values, dtype="float64")
    # rightmost breakpoint at or below x: at a repeated BP this picks the lower q
    j = np.searchsorted(bp, x, side="right") - 1
    jc = np.clip(j, 0, len(bp) - 1)
    upper = np.clip(jc + 1, 0, len(bp) - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = qs[jc] + (qs[upper] - qs[jc]) * (x - bp[jc]) / (bp[upper] - bp[jc])
    result = np.where(j < 0, qs[0], np.where(x == bp[jc], qs[jc], np.where(jc == len(bp) - 1, Q_ABOVE_TABLE, between)))
    return np.where(np.isnan(x), np.nan, result)


def _two_sided_index(values: np.ndarray, points: tuple[tuple[float, float], ...]) -> np.ndarray:
    x = np.asarray(values, dtype="float64")
    bp = np.array([p for p, _ in points], dtype="float64")
    qs = np.array([q for _, q in points], dtype="float64")
    inside = (x >= bp[0]) & (x <= bp[-1])
    result = np.where(inside, np.interp(x, bp, qs), Q_ABOVE_TABLE)
    return np.where(np.isnan(x), np.nan, result)


def _sub_index(key: str, values: np.ndarray) -> np.ndarray:
    if key == "ph":
        return _two_sided_index(values, PH_POINTS)
    if key == DO_PERCENT:
        return _two_sided_index(values, DO_POINTS)
    return _decreasing_index(values, *DECREASING_TABLES[key])


def wqi_parameter(parameter: str, value: float | None, **ctx: float) -> float | None:
    """Sub-index WQI_SI (10…100, unrounded) of one parameter value (QĐ 1460).

    Parameters
    ----------
    parameter
        A VN_WQI parameter (``"pH"``, ``"BOD5"``, ``"N-NH4"``, ``"Cr6+"``, ``"E.coli"``,
        ``"DO"`` …; see :data:`GROUPS`) or ``"do_pct"`` for DO already in % saturation.
    value
        In the unit of :data:`UNITS` (DO in mg/l). ``None``/NaN → ``None``.
    **ctx
        ``temperature_c`` (°C), required for ``"DO"`` given in mg/l.

    Examples
    --------
    >>> wqi_parameter("pH", 7.2), wqi_parameter("pH", 9.5)
    (100.0, 10.0)
    >>> wqi_parameter("BOD5", 10.5)
    62.5

    Raises
    ------
    ValueError
        Unknown parameter, negative or non-finite value, pH above 14, DO without temperature.
    """
    key = parameter_key(parameter)
    if key is None or key == TEMPERATURE:
        known = ", ".join(p for members in GROUPS.values() for p in members)
        raise ValueError(f"unknown VN_WQI parameter {parameter!r}; expected one of {known} or do_pct")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    number = _finite(value, parameter)
    _check_range(key, np.array([number]), str(parameter))
    if key == "do":
        temperature = ctx.get("temperature_c", ctx.get("temperature"))
        if temperature is None:
            raise ValueError("DO in mg/l needs the water temperature: pass temperature_c=…")
        number, key = do_saturation(number, temperature), DO_PERCENT
    return float(_sub_index(key, np.array([number]))[0])


def _finite(value: object, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def _check_range(key: str, values: np.ndarray, label: str) -> None:
    if (values < 0).any():
        raise ValueError(f"{label}: values must be >= 0 (got {values[values < 0][0]!r})")
    if key == "ph" and (values > 14).any():
        raise ValueError(f"{label}: pH must be within 0..14 (got {values[values > 14][0]!r})")
    if key == TEMPERATURE and ((values > 50).any()):
        raise ValueError(f"{label}: water temperature must be within 0..50 °C (got {values[values > 50][0]!r})")


# --------------------------------------------------------------------------- aggregation


@dataclass(frozen=True)
class WQIResult:
    """VN_WQI of one sample.

    Attributes
    ----------
    value
        The index, rounded half-up (``None`` when the data do not meet the decision's minimum).
    raw
        The unrounded index.
    band
        Its :class:`~ioc_plugins.environment.bands.WQIBand`, or ``None``.
    parameters
        Sub-index of each parameter used (keys of :data:`GROUPS`; DO under ``"do"``).
    groups
        Index of each group that had data (``"I"`` … ``"V"``).
    groups_used
        The groups that entered the formula, in order.
    warnings
        Why the index is missing, or what was left out (Vietnamese, for display).
    formula
        ``"standard"`` or ``"weighted"``.
    """

    value: int | None
    raw: float | None
    band: WQIBand | None
    parameters: Mapping[str, float] = field(default_factory=dict)
    groups: Mapping[str, float] = field(default_factory=dict)
    groups_used: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    formula: str = "standard"


def vn_wqi(sample: Mapping[str, float | None], *, formula: str = "standard") -> WQIResult:
    """VN_WQI of one water sample (QĐ 1460).

    Parameters
    ----------
    sample
        Parameter name → value (names as in :func:`wqi_parameter`; DO in mg/l with a
        ``temperature``/``temperature_c`` entry, or ``do_pct``). Missing or NaN values are
        simply absent. Names that are not VN_WQI parameters are listed in ``warnings``.
    formula
        ``"standard"`` (square root of WQI_IV × WQI_V; WQI_IV alone without group V) or
        ``"weighted"`` ((WQI_IV² × WQI_V)^(1/3); needs group V).

    Returns
    -------
    WQIResult

    Raises
    ------
    ValueError
        Non-numeric, negative or out-of-range values, or an unknown ``formula``.
    """
    row = {}
    ignored = []
    for name, value in sample.items():
        key = parameter_key(name)
        if key is None:
            ignored.append(str(name))
            continue
        row[key] = _finite(value, str(name)) if value is not None and not _is_nan(value) else np.nan
    frame = pd.DataFrame([row]) if row else pd.DataFrame(index=[0])
    evaluated = _evaluate(frame, formula)
    raw = evaluated.raw[0]
    parameters = {
        ("do" if key == DO_PERCENT else key): float(v[0])
        for key, v in evaluated.sub_indices.items()
        if not np.isnan(v[0])
    }
    groups = {g: float(v[0]) for g, v in evaluated.groups.items() if not np.isnan(v[0])}
    warnings = list(evaluated.notes[0])
    if ignored:
        warnings.append("Bỏ qua các chỉ tiêu không thuộc VN_WQI: " + ", ".join(ignored))
    value = None if np.isnan(raw) else int(round_half_up_array(raw))
    return WQIResult(
        value=value,
        raw=None if np.isnan(raw) else float(raw),
        band=None if value is None else wqi_band(value),
        parameters=parameters,
        groups=groups,
        groups_used=tuple(g for g in GROUPS if g in groups) if value is not None else (),
        warnings=tuple(warnings),
        formula=formula,
    )


def _is_nan(value: object) -> bool:
    return (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def wqi_frame(samples: pd.DataFrame, *, formula: str = "standard") -> pd.DataFrame:
    """VN_WQI of many samples at once (vectorised :func:`vn_wqi`).

    Parameters
    ----------
    samples
        One row per sample, one column per parameter (names as in :func:`wqi_parameter`,
        e.g. ``ph``, ``do``, ``bod5``, ``nh4``, ``coliform``; ``temperature`` for DO in mg/l).
        Other columns (``station_id``, ``time``, ``turbidity`` …) are passed through.
    formula
        As in :func:`vn_wqi`.

    Returns
    -------
    pandas.DataFrame
        The input columns plus ``si_<parameter>`` (sub-indices), ``wqi_I`` … ``wqi_V``
        (group indices), ``wqi_raw``, ``wqi`` (Int64), ``band``, ``colour`` and ``note``
        (Vietnamese: why the index is missing or what is incomplete; NA when nothing).

    Raises
    ------
    ValueError
        Non-numeric, negative or out-of-range parameter values, two columns meaning the
        same parameter, or an unknown ``formula``.
    """
    keys: dict[str, str] = {}
    for column in samples.columns:
        key = parameter_key(column)
        if key is None:
            continue
        if key in keys.values():
            other = next(c for c, k in keys.items() if k == key)
            raise ValueError(f"columns {other!r} and {column!r} both mean the parameter {key}")
        keys[column] = key
    numeric = {}
    for column, key in keys.items():
        values = pd.to_numeric(samples[column], errors="coerce")
        bad = values.isna() & samples[column].notna()
        if bad.any():
            raise ValueError(f"column {column!r} has non-numeric values (e.g. {samples.loc[bad, column].iloc[0]!r})")
        numeric[key] = values.to_numpy(dtype="float64", na_value=np.nan)
    frame = pd.DataFrame(numeric, index=range(len(samples)))
    evaluated = _evaluate(frame, formula)
    result = samples.copy()
    for key, values in evaluated.sub_indices.items():
        name = "si_do" if key == DO_PERCENT else f"si_{key}"
        result[name] = pd.array(values, dtype="Float64")
    if evaluated.do_percent is not None and "do_saturation_pct" not in result:
        result["do_saturation_pct"] = pd.array(evaluated.do_percent, dtype="Float64")
    for group, values in evaluated.groups.items():
        result[f"wqi_{group}"] = pd.array(values, dtype="Float64")
    result["wqi_raw"] = pd.array(evaluated.raw, dtype="Float64")
    rounded = round_half_up_array(evaluated.raw)
    result["wqi"] = pd.array(rounded, dtype="Float64").astype("Int64")
    index = wqi_band_index(rounded)
    names = np.array([band.name_vi for band in WQI_BANDS] + [None], dtype=object)
    colours = np.array([band.colour_hex for band in WQI_BANDS] + [None], dtype=object)
    result["band"] = pd.array(names[index], dtype="string")
    result["colour"] = pd.array(colours[index], dtype="string")
    result["note"] = pd.array(["; ".join(notes) if notes else None for notes in evaluated.notes], dtype="string")
    return result


@dataclass
class _Evaluated:
    sub_indices: dict[str, np.ndarray]
    groups: dict[str, np.ndarray]
    raw: np.ndarray
    notes: list[list[str]]
    do_percent: np.ndarray | None


def _evaluate(frame: pd.DataFrame, formula: str) -> _Evaluated:
    """Sub-indices, group indices, WQI and notes for a frame of parameter keys (vectorised)."""
    if formula not in FORMULAS:
        raise ValueError(f"formula must be one of {FORMULAS}, got {formula!r}")
    n = len(frame)
    columns = {key: frame[key].to_numpy(dtype="float64") for key in frame.columns}
    for key, values in columns.items():
        _check_range(key, values[~np.isnan(values)], key)
    notes: list[list[str]] = [[] for _ in range(n)]
    do_percent = _do_percent(columns, notes)
    sub_indices: dict[str, np.ndarray] = {}
    for _group, members in GROUPS.items():
        for key in members:
            values = do_percent if key == "do" else columns.get(key)
            if values is not None:
                sub_indices[DO_PERCENT if key == "do" else key] = _sub_index(DO_PERCENT if key == "do" else key, values)
    groups, counts = _group_indices(sub_indices, n)
    raw = _combine_groups(groups, counts, formula, notes)
    return _Evaluated(sub_indices, groups, raw, notes, do_percent)


def _do_percent(columns: dict[str, np.ndarray], notes: list[list[str]]) -> np.ndarray | None:
    """DO % saturation: given directly (``do_pct``) or from DO mg/l and temperature."""
    given = columns.get(DO_PERCENT)
    mg_l = columns.get("do")
    if mg_l is None:
        return given
    temperature = columns.get(TEMPERATURE, np.full(len(mg_l), np.nan))
    computed = mg_l / saturated_do_mg_l(temperature) * 100.0
    result = computed if given is None else np.where(np.isnan(given), computed, given)
    lacking = ~np.isnan(mg_l) & np.isnan(result)
    for row in np.flatnonzero(lacking):
        notes[row].append("DO không có nhiệt độ nước nên không tính được DO % bão hòa")
    return result


def _group_indices(sub_indices: dict[str, np.ndarray], n: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    groups, counts = {}, {}
    for group, members in GROUPS.items():
        keys = [DO_PERCENT if key == "do" else key for key in members]
        stacked = np.column_stack([sub_indices[k] for k in keys if k in sub_indices] or [np.full(n, np.nan)])
        present = ~np.isnan(stacked)
        count = present.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            if group in ("II", "III"):  # geometric mean: one toxic parameter pulls the group down hard
                value = np.exp(np.where(present, np.log(np.where(present, stacked, 1.0)), 0.0).sum(axis=1) / count)
            else:
                value = np.where(present, stacked, 0.0).sum(axis=1) / count
        groups[group] = np.where(count > 0, value, np.nan)
        counts[group] = count
    return groups, counts


def _combine_groups(
    groups: dict[str, np.ndarray], counts: dict[str, np.ndarray], formula: str, notes: list[list[str]]
) -> np.ndarray:
    has = {group: counts[group] > 0 for group in GROUPS}
    n_groups = sum(has[group].astype(int) for group in GROUPS)
    enough_iv = counts["IV"] >= 3
    enough_groups = n_groups >= 3
    factor = np.ones(len(n_groups))
    for group in ("I", "II", "III"):
        factor = factor * np.where(has[group], groups[group] / 100.0, 1.0)
    iv, v = groups["IV"], groups["V"]
    with np.errstate(invalid="ignore"):
        if formula == "standard":
            organic = np.where(has["V"], np.sqrt(iv * v), iv)
        else:
            organic = np.where(has["V"], np.cbrt(iv**2 * v), np.nan)
    valid = enough_iv & enough_groups & (has["V"] | (formula == "standard"))
    raw = np.where(valid, factor * organic, np.nan)
    for row in range(len(raw)):
        row_notes = notes[row]
        if not enough_iv[row]:
            row_notes.append(
                f"Nhóm IV (hữu cơ và dinh dưỡng) chỉ có {int(counts['IV'][row])} thông số, cần tối thiểu 3"
            )
        if not enough_groups[row]:
            row_notes.append(f"Chỉ có {int(n_groups[row])}/5 nhóm thông số, cần tối thiểu 3 nhóm (bắt buộc có nhóm IV)")
        if formula == "weighted" and not has["V"][row]:
            row_notes.append("Công thức có trọng số cần số liệu nhóm V (vi sinh)")
        missing = [GROUP_NAMES_VI[g] for g in GROUPS if not has[g][row]]
        if missing:
            row_notes.append("Không có số liệu " + ", ".join(missing) + "; nhóm thiếu không được tính")
    return raw
