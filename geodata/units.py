"""Administrative units of the site before and after the 2025 reorganisation.

The catalogue is read from the CSV tables in ``geodata/data`` (see ``SOURCES.md`` there). Three
snapshots ("periods") are known:

``pre2025``
    the province of Bà Rịa - Vũng Tàu on 31/12/2024: 8 district-level units, 82 communes.
``2025h1``
    the state on 30/06/2025, after Long Điền and Đất Đỏ merged into Long Đất (district level
    only: 7 units).
``post2025``
    from 01/07/2025 the area belongs to Ho Chi Minh City and has no district level: 30
    commune-level units (wards, communes and the special zone Côn Đảo).

Historical data keeps its old codes; :func:`lineage` and :func:`current_unit_for` join them to
the current units.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).with_name("data")
PERIODS = ("pre2025", "2025h1", "post2025")
# The site profile (ioc/sites/*.yaml) says "current" for the catalogue in force today.
PERIOD_ALIASES = {"current": "post2025"}
LEVELS = ("district", "commune")
UNIT_COLUMNS = [
    "unit_code",
    "name",
    "name_ascii",
    "unit_type",
    "level",
    "parent_code",
    "lon",
    "lat",
    "valid_from",
    "valid_to",
    "notes",
]
LINEAGE_COLUMNS = [
    "old_code",
    "old_name",
    "new_code",
    "new_name",
    "relation",
    "old_level",
    "old_period",
    "new_level",
    "new_period",
    "effective_date",
    "source",
    "notes",
]


def check_period(period: str) -> str:
    """Return the canonical name of ``period`` ("current" means "post2025").

    Raises a ``ValueError`` listing the known periods when ``period`` is not one of them.
    """
    period = PERIOD_ALIASES.get(period, period)
    if period not in PERIODS:
        raise ValueError(f"Giai đoạn không hợp lệ: {period!r}. Chọn một trong: {', '.join(PERIODS)}.")
    return period


def check_level(level: str) -> str:
    """Return ``level`` if it is a known administrative level, else raise a ``ValueError``."""
    if level not in LEVELS:
        raise ValueError(f"Cấp không hợp lệ: {level!r}. Chọn một trong: {', '.join(LEVELS)}.")
    return level


def read_table(file_name: str) -> pd.DataFrame:
    """Read one catalogue CSV as text columns, skipping its leading ``#`` comment lines.

    ``pandas.read_csv(comment="#")`` would also cut values that contain ``#``; the comment lines
    only ever open the file, so they are dropped here instead.
    """
    lines = (DATA_DIR / file_name).read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(line for line in lines if not line.startswith("#"))
    return pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)


def _typed_units(raw: pd.DataFrame) -> pd.DataFrame:
    """Give a raw unit table its column types: floats for coordinates, dates for validity."""
    units = raw[UNIT_COLUMNS].copy()
    units["lon"] = units["lon"].astype(float)
    units["lat"] = units["lat"].astype(float)
    for column in ("valid_from", "valid_to"):
        # An empty cell means "date not known", kept as NaT rather than invented.
        dates = pd.to_datetime(units[column].replace("", None), format="%Y-%m-%d")
        units[column] = dates.astype("datetime64[s]")
    return units.reset_index(drop=True)


@cache
def _units(period: str, level: str) -> pd.DataFrame:
    if level == "district":
        if period == "post2025":
            raise ValueError("Từ 01/07/2025 không còn cấp huyện; dùng level='commune' với period='post2025'.")
        raw = read_table("districts.csv")
        raw = raw[raw["periods"].str.split(";").apply(lambda periods: period in periods)]
    elif period == "pre2025":
        raw = read_table("communes_pre2025.csv")
    elif period == "post2025":
        raw = read_table("communes_post2025.csv")
    else:
        raise ValueError(
            "Chưa có danh mục cấp xã cho giai đoạn 01/01–30/06/2025; dùng period='pre2025' "
            "(mã cũ) hoặc period='post2025' (mã mới)."
        )
    return _typed_units(raw)


def admin_units(period: str = "pre2025", level: str = "district") -> pd.DataFrame:
    """Administrative units of the site for one period and level.

    Parameters
    ----------
    period : {"pre2025", "2025h1", "post2025"}
        Which snapshot of the catalogue (see the module docstring).
    level : {"district", "commune"}
        District level (huyện, thị xã, thành phố thuộc tỉnh) or commune level (phường, xã, thị
        trấn, đặc khu).

    Returns
    -------
    pandas.DataFrame
        One row per unit with ``unit_code`` (GSO code as text), ``name`` (Vietnamese),
        ``name_ascii``, ``unit_type``, ``level``, ``parent_code``, approximate ``lon``/``lat``,
        ``valid_from``/``valid_to`` (NaT where the date is not known) and ``notes``.

    Raises
    ------
    ValueError
        For an unknown period or level, or a combination that does not exist (no district
        level after 01/07/2025; no commune table for the first half of 2025).
    """
    return _units(check_period(period), check_level(level)).copy()


@cache
def _lineage() -> pd.DataFrame:
    table = read_table("lineage.csv")[LINEAGE_COLUMNS]
    dates = pd.to_datetime(table["effective_date"].replace("", None), format="%Y-%m-%d")
    table["effective_date"] = dates.astype("datetime64[s]")  # NaT: date not verified
    return table


def lineage() -> pd.DataFrame:
    """Which old administrative unit became which new one.

    Returns
    -------
    pandas.DataFrame
        Columns ``old_code``, ``old_name``, ``new_code``, ``new_name``, ``relation``, then
        ``old_level``, ``old_period``, ``new_level``, ``new_period``, ``effective_date``,
        ``source`` (the resolution and clause) and ``notes``. ``relation`` is ``same_area``
        (same territory, maybe a new name or type), ``merged_into`` (the whole old unit is part
        of the new one) or ``split_into`` (part of the old unit; does not occur on this site).
        Commune rows go straight from 31/12/2024 (``pre2025``) to 01/07/2025 (``post2025``);
        district rows describe the 01/01/2025 change to ``2025h1``; Côn Đảo, which had no
        communes, has a district row into the special zone.
    """
    return _lineage().copy()


def current_unit_for(old_code: str | int, period: str = "pre2025") -> list[str]:
    """Codes of the current (from 01/07/2025) units that cover an old unit.

    Parameters
    ----------
    old_code : str or int
        A commune code (5 digits) or district code (3 digits) of ``period``. Communes that were
        merged on 01/01/2025 kept one of their 2024 codes, so a code used in the first half of
        2025 resolves like its 2024 code.
    period : {"pre2025", "2025h1", "post2025"}
        Which catalogue ``old_code`` belongs to. It matters only for district code 753, which
        is Đất Đỏ in ``pre2025`` and Long Đất in ``2025h1``.

    Returns
    -------
    list of str
        Sorted new commune-level codes; one for a commune, several for a district.

    Raises
    ------
    ValueError
        When the code is not in the catalogue of that period.
    """
    code = str(old_code).strip()
    period = check_period(period)
    if period == "post2025":
        if code in set(admin_units("post2025", "commune")["unit_code"]):
            return [code]
        raise ValueError(f"Không có đơn vị mã {code!r} trong danh mục từ 01/07/2025.")
    links = _lineage()
    to_current = links[links["new_period"] == "post2025"]
    direct = to_current[to_current["old_code"] == code]
    if not direct.empty and direct["old_level"].iloc[0] == "commune":
        return sorted(direct["new_code"].unique())
    districts = _predecessor_districts(code, period)
    communes = admin_units("pre2025", "commune")
    commune_codes = communes.loc[communes["parent_code"].isin(districts), "unit_code"]
    covered = to_current[to_current["old_code"].isin(set(commune_codes) | set(districts))]
    return sorted(covered["new_code"].unique())


def _predecessor_districts(code: str, period: str) -> list[str]:
    """The 2024 district codes whose territory makes up district ``code`` of ``period``."""
    if code not in set(admin_units(period, "district")["unit_code"]):
        raise ValueError(
            f"Không tìm thấy mã đơn vị {code!r} trong danh mục giai đoạn {period!r} "
            "(mã xã 5 chữ số hoặc mã huyện 3 chữ số)."
        )
    if period == "pre2025":
        return [code]
    links = _lineage()
    into = links[(links["new_period"] == period) & (links["new_code"] == code)]
    return sorted(into["old_code"].unique())
