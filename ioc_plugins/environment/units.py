"""Unit names and conversions for environmental measurements.

Tables store one unit per parameter (``environment.air_readings``: µg/m³ for pollutants,
°C, %; ``environment.water_quality``: mg/l, pH, MPN/100ml, NTU, °C). Sources spell units
in many ways (``ug/m3``, ``μg/m³``, ``mg/L``, ``ppb`` …): :func:`canonical_unit` maps a
spelling to one canonical name and :func:`convert` turns values into the table's unit.

Gas mixing ratios become mass concentrations at 25 °C and 1 atm, where one mole of an
ideal gas fills 24.45 litres (the convention of US EPA and of QCVN 05:2013/BTNMT)::

    µg/m³ = ppb × M / 24.45          (M: molecular weight in g/mol)
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

#: The mass-concentration unit of air pollutants (U+00B5 micro sign, as the tables declare it).
MICROGRAMS_PER_M3 = "µg/m³"
#: Litres per mole of an ideal gas at 25 °C and 1 atm.
MOLAR_VOLUME_L = 24.45
#: Molecular weights (g/mol) of the gases whose mixing ratios are converted.
MOLECULAR_WEIGHTS = {"so2": 64.066, "no2": 46.0055, "o3": 47.9982, "co": 28.0101}

#: Canonical unit → how it is spelled in real files (after :func:`_squash`).
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "µg/m³": ("ug/m3", "ugm3", "ugm-3", "microgram/m3", "micrograms/m3", "mcg/m3"),
    "mg/m³": ("mg/m3", "mgm3", "mgm-3", "milligram/m3"),
    "ng/m³": ("ng/m3", "ngm3"),
    "ppb": ("ppb", "ppbv"),
    "ppm": ("ppm", "ppmv"),
    "°C": ("°c", "c", "degc", "oc", "celsius", "deg_c"),
    "°F": ("°f", "f", "degf", "fahrenheit"),
    "K": ("k", "kelvin"),
    "%": ("%", "pct", "percent", "%rh", "rh%"),
    "mg/l": ("mg/l", "mgl", "mgl-1", "mg/litre", "mg/liter"),
    "µg/l": ("ug/l", "ugl", "ugl-1"),
    "g/l": ("g/l",),
    "MPN/100ml": ("mpn/100ml", "mpn100ml"),
    "CFU/100ml": ("cfu/100ml", "cfu100ml"),
    "NTU": ("ntu", "fnu"),
    "pH": ("ph",),
    "m": ("m", "metre", "meter", "mét"),
    "cm": ("cm",),
}
_LOOKUP = {spelling: unit for unit, spellings in _SPELLINGS.items() for spelling in spellings}

#: Factors to µg/m³ of mass-concentration units.
_MASS_PER_M3 = {"µg/m³": 1.0, "mg/m³": 1000.0, "ng/m³": 0.001}
#: Factors to mg/l of mass-per-volume units in water.
_MASS_PER_L = {"mg/l": 1.0, "µg/l": 0.001, "g/l": 1000.0}


class UnitError(ValueError):
    """Values cannot be converted from one unit to another."""


def _squash(text: str) -> str:
    """Lower-case, micro signs and superscripts folded, spaces dropped: ``'μg / m³'`` → ``'ug/m3'``."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    text = text.replace("µ", "u").replace("μ", "u").replace("³", "3").replace("^", "")
    return re.sub(r"\s+", "", text)


def canonical_unit(text: object) -> str | None:
    """The canonical name of a unit spelling, or ``None`` when it is not known.

    Examples
    --------
    >>> canonical_unit("ug/m3"), canonical_unit("μg/m³"), canonical_unit("mg/L")
    ('µg/m³', 'µg/m³', 'mg/l')
    """
    if text is None:
        return None
    return _LOOKUP.get(_squash(text))


def header_unit(suffix: str) -> str | None:
    """The unit a column-name suffix stands for (``ug_m3`` → µg/m³, ``pct`` → %)."""
    squashed = _squash(suffix)
    return _LOOKUP.get(squashed) or _LOOKUP.get(squashed.replace("_", "/", 1)) or _LOOKUP.get(squashed.replace("_", ""))


def convert(values: np.ndarray, unit: str, target: str, parameter: str) -> np.ndarray:
    """Convert ``values`` of ``parameter`` from canonical ``unit`` to canonical ``target``.

    Raises
    ------
    UnitError
        No conversion exists (e.g. ppb of PM2.5, MPN to CFU, % to °C).
    """
    values = np.asarray(values, dtype="float64")
    if unit == target:
        return values
    if target in _MASS_PER_M3:
        to_micrograms = _to_micrograms_per_m3(values, unit, parameter)
        return to_micrograms / _MASS_PER_M3[target]
    if target in _MASS_PER_L and unit in _MASS_PER_L:
        return values * _MASS_PER_L[unit] / _MASS_PER_L[target]
    if target == "°C" and unit == "°F":
        return (values - 32.0) * 5.0 / 9.0
    if target == "°C" and unit == "K":
        return values - 273.15
    if target == "m" and unit == "cm":
        return values / 100.0
    raise UnitError(f"không đổi được {unit} sang {target} cho {parameter} (no conversion from {unit} to {target})")


def _to_micrograms_per_m3(values: np.ndarray, unit: str, parameter: str) -> np.ndarray:
    if unit in _MASS_PER_M3:
        return values * _MASS_PER_M3[unit]
    if unit in {"ppb", "ppm"}:
        weight = MOLECULAR_WEIGHTS.get(parameter)
        if weight is None:
            raise UnitError(
                f"{parameter} không phải chất khí có khối lượng mol đã biết; không đổi được {unit} "
                f"sang µg/m³ (no molecular weight for {parameter})"
            )
        ppb = values * (1000.0 if unit == "ppm" else 1.0)
        return ppb * weight / MOLAR_VOLUME_L
    raise UnitError(f"không đổi được {unit} sang µg/m³ cho {parameter} (no conversion from {unit} to µg/m³)")


def ppb_to_micrograms(parameter: str, ppb: float | np.ndarray) -> float | np.ndarray:
    """Mixing ratio (ppb) of a gas → µg/m³ at 25 °C, 1 atm."""
    return np.asarray(ppb, dtype="float64") * MOLECULAR_WEIGHTS[parameter] / MOLAR_VOLUME_L
