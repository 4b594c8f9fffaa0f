"""Reading boundary files (GeoJSON, Shapefile, GeoPackage) and making their content uniform.

These helpers take a file as officials hand it over: any of the three formats, any coordinate
reference system, a code column with one of several usual names, codes stored as numbers, and
geometries that are not always valid. They turn it into polygons in EPSG:4326 with text codes.
Storing and choosing between boundary sets is :mod:`geodata.boundaries`' job.
"""

from __future__ import annotations

import unicodedata
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

SUPPORTED_SUFFIXES = (".geojson", ".json", ".shp", ".zip", ".gpkg")
# Usual names of the unit-code column, most specific first; compared after fold_column_name().
CODE_COLUMN_NAMES = {
    "district": ["ma_huyen", "mahuyen", "ma_qh", "district_code", "dist_code"],
    "commune": ["ma_xa", "maxa", "ma_px", "commune_code", "ward_code"],
    "any": ["unit_code", "gso_code", "ma_dvhc", "madvhc", "ma", "code", "id_dvhc"],
}
NAME_COLUMN_NAMES = {
    "district": ["ten_huyen", "tenhuyen", "district_name", "district"],
    "commune": ["ten_xa", "tenxa", "commune_name", "ward_name", "ward"],
    "any": ["name", "ten", "ten_dvhc", "tendvhc", "unit_name"],
}
CODE_WIDTH = {"district": 3, "commune": 5}


def fold_column_name(column: str) -> str:
    """A column name in lower-case ASCII with ``_`` for spaces, so "Mã huyện" matches ``ma_huyen``."""
    text = str(column).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return "_".join(text.lower().replace("-", " ").split())


def _find_column(columns, level: str, known: dict) -> str | None:
    folded = {fold_column_name(column): column for column in columns if column != "geometry"}
    for candidate in known[level] + known["any"]:
        if candidate in folded:
            return folded[candidate]
    return None


def find_code_column(columns, level: str, code_column: str | None = None) -> str:
    """Name of the column that holds the unit codes.

    Parameters
    ----------
    columns : iterable of str
        The columns of the file.
    level : {"district", "commune"}
        Names specific to the level (``ma_huyen``, ``ma_xa`` …) are tried before the general
        ones (``unit_code``, ``gso_code``, ``ma``, ``code`` …). Case and Vietnamese diacritics
        are ignored.
    code_column : str, optional
        An explicit choice, checked to exist.

    Raises
    ------
    ValueError
        When no column fits; the message lists the columns of the file.
    """
    columns = list(columns)
    listed = ", ".join(str(column) for column in columns if column != "geometry") or "(không có)"
    if code_column is not None:
        if code_column not in columns:
            raise ValueError(f"Tệp không có cột {code_column!r}. Các cột có trong tệp: {listed}.")
        return code_column
    found = _find_column(columns, level, CODE_COLUMN_NAMES)
    if found is None:
        expected = ", ".join(CODE_COLUMN_NAMES[level] + CODE_COLUMN_NAMES["any"])
        raise ValueError(
            "Không tìm thấy cột mã đơn vị hành chính trong tệp. "
            f"Các cột có trong tệp: {listed}. Tên cột được nhận: {expected} "
            "(không phân biệt hoa thường), hoặc truyền code_column='...'."
        )
    return found


def find_name_column(columns, level: str) -> str | None:
    """Name of the column with unit names, or ``None`` when the file has none."""
    return _find_column(list(columns), level, NAME_COLUMN_NAMES)


def normalise_codes(values: pd.Series, level: str) -> pd.Series:
    """Unit codes as text: ``747.0`` → ``"747"``, and ``26506`` stays ``"26506"``.

    Numeric codes shorter than the GSO width (3 digits for districts, 5 for communes) get their
    leading zeros back, because Shapefiles and spreadsheets often store codes as numbers.
    Empty cells become ``NA``.
    """
    text = values.astype("string").str.strip()
    text = text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    digits = text.str.fullmatch(r"\d+").fillna(False)
    text = text.where(~digits, text.str.zfill(CODE_WIDTH[level]))
    return text.replace("", pd.NA)


def _zip_member(path: Path, layer: str | None) -> str:
    """The GDAL path of the Shapefile inside a zip archive."""
    with zipfile.ZipFile(path) as archive:
        shapefiles = [name for name in archive.namelist() if name.lower().endswith(".shp")]
    if layer is not None:
        shapefiles = [name for name in shapefiles if Path(name).stem == layer]
    if len(shapefiles) != 1:
        found = ", ".join(Path(name).stem for name in shapefiles) or "không có"
        raise ValueError(
            f"Tệp zip {path.name} cần chứa đúng một Shapefile (.shp); tìm thấy: {found}. Chọn một bằng layer='tên'."
        )
    return f"/vsizip/{path.resolve()}/{shapefiles[0]}"


def _gpkg_layer(path: Path, layer: str | None) -> str:
    layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    if layer is not None:
        if layer not in layers:
            raise ValueError(f"GeoPackage {path.name} không có lớp {layer!r}; các lớp: {', '.join(layers)}.")
        return layer
    if len(layers) != 1:
        raise ValueError(
            f"GeoPackage {path.name} có {len(layers)} lớp ({', '.join(layers)}); chọn một bằng layer='tên'."
        )
    return layers[0]


def read_boundary_file(path: str | Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a boundary file and return its features in EPSG:4326.

    Parameters
    ----------
    path : str or Path
        A GeoJSON (``.geojson``/``.json``), a Shapefile (``.shp`` or a ``.zip`` holding one) or a
        GeoPackage (``.gpkg``).
    layer : str, optional
        The layer of a GeoPackage, or the Shapefile's name inside a zip holding several.

    Raises
    ------
    FileNotFoundError
        When the file does not exist.
    ValueError
        For an unsupported format, an unreadable or empty file, or a file without a coordinate
        reference system whose coordinates are not longitude/latitude.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"Không tìm thấy tệp ranh giới: {path}")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValueError(
            f"Định dạng {suffix or '(không đuôi)'} chưa được hỗ trợ; dùng GeoJSON, Shapefile "
            "(.shp hoặc .zip) hoặc GeoPackage (.gpkg)."
        )
    source, read_layer = str(path), None
    if suffix == ".zip":
        source = _zip_member(path, layer)
    elif suffix == ".gpkg":
        read_layer = _gpkg_layer(path, layer)
    try:
        frame = gpd.read_file(source, layer=read_layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as error:
        raise ValueError(f"Không đọc được tệp ranh giới {path.name}: {error}") from error
    if frame.empty:
        raise ValueError(f"Tệp ranh giới {path.name} không có đối tượng nào.")
    return _to_wgs84(frame, path.name)


def _to_wgs84(frame: gpd.GeoDataFrame, file_name: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        west, south, east, north = frame.total_bounds
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValueError(
                f"Tệp {file_name} không khai báo hệ tọa độ và tọa độ không phải kinh độ/vĩ độ "
                "(có thể là VN-2000). Hãy kèm tệp .prj hoặc chuyển sang EPSG:4326."
            )
        warnings.warn(f"Tệp {file_name} không khai báo hệ tọa độ; coi là WGS 84 (EPSG:4326).", stacklevel=3)
        return frame.set_crs("EPSG:4326")
    return frame.to_crs("EPSG:4326")


def polygonal_parts(geometries: gpd.GeoSeries) -> gpd.GeoSeries:
    """Valid polygonal geometries: ``make_valid`` applied, stray lines and points dropped.

    A bow-tie polygon becomes a multipolygon; a geometry with no area left becomes empty.
    """
    repaired = shapely.make_valid(geometries.to_numpy())
    areal = [
        shapely.union_all([part for part in shapely.get_parts(shape) if part.area > 0]) if shape is not None else None
        for shape in repaired
    ]
    return gpd.GeoSeries(areal, index=geometries.index, crs=geometries.crs)
