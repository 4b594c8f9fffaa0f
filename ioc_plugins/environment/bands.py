"""The bands (khoảng giá trị) of VN_AQI and VN_WQI: names, colours, advice.

VN_AQI bands, colours and health advice are Bảng 1, Bảng 4 and Bảng 5 of Decision
1459/QĐ-TCMT (12/11/2019); VN_WQI bands, colours and uses are the rating table of
Decision 1460/QĐ-TCMT (12/11/2019). User-facing text is the decisions' Vietnamese.

Both decisions round the index to an integer before it is rated; :func:`round_half_up`
does that the way the published examples do (x.5 goes up, not to the even neighbour).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def round_half_up(value: float) -> int:
    """Round an index value to an integer, halves upwards (42.5 → 43).

    Python's :func:`round` rounds halves to the even neighbour (42.5 → 42), which is
    not what Vietnamese publications of the index do.
    """
    return math.floor(float(value) + 0.5)


def round_half_up_array(values: np.ndarray) -> np.ndarray:
    """Vectorised :func:`round_half_up`; NaN stays NaN (result is float)."""
    return np.floor(np.asarray(values, dtype="float64") + 0.5)


@dataclass(frozen=True)
class Band:
    """One VN_AQI band (QĐ 1459, Bảng 1, 4 and 5).

    Attributes
    ----------
    key
        Stable English identifier (``"good"`` … ``"hazardous"``).
    name_vi, name_en
        Air-quality rating as published (``"Tốt"``) and its English name.
    lower, upper
        Inclusive integer AQI range.
    colour_hex, rgb
        Display colour; ``rgb`` is the decision's "Mã màu RGB".
    advice_general, advice_sensitive
        Recommended activities for ordinary people and for sensitive groups (Bảng 5).
    health_effect
        Effect on health (Bảng 4).
    colour_name_vi
        The colour's name in the decision (``"Xanh"``, ``"Vàng"`` …).
    """

    key: str
    name_vi: str
    name_en: str
    lower: int
    upper: int
    colour_hex: str
    rgb: tuple[int, int, int]
    advice_general: str
    advice_sensitive: str
    health_effect: str = ""
    colour_name_vi: str = ""


_SENSITIVE = "(người già, trẻ em, người mắc các bệnh hô hấp, tim mạch…)"

#: The six VN_AQI bands, best first (QĐ 1459/QĐ-TCMT, Bảng 1, 4, 5).
BANDS: tuple[Band, ...] = (
    Band(
        "good",
        "Tốt",
        "Good",
        0,
        50,
        "#00e400",
        (0, 228, 0),
        advice_general="Tự do thực hiện các hoạt động ngoài trời.",
        advice_sensitive="Tự do thực hiện các hoạt động ngoài trời.",
        health_effect="Chất lượng không khí tốt, không ảnh hưởng tới sức khỏe.",
        colour_name_vi="Xanh",
    ),
    Band(
        "moderate",
        "Trung bình",
        "Moderate",
        51,
        100,
        "#ffff00",
        (255, 255, 0),
        advice_general="Tự do thực hiện các hoạt động ngoài trời.",
        advice_sensitive="Nên theo dõi các triệu chứng như ho hoặc khó thở, nhưng vẫn có thể hoạt động bên ngoài.",
        health_effect=(
            "Chất lượng không khí ở mức chấp nhận được. Tuy nhiên, đối với những người nhạy cảm "
            f"{_SENSITIVE} có thể chịu những tác động nhất định tới sức khỏe."
        ),
        colour_name_vi="Vàng",
    ),
    Band(
        "poor",
        "Kém",
        "Poor",
        101,
        150,
        "#ff7e00",
        (255, 126, 0),
        advice_general=(
            "Những người thấy có triệu chứng đau mắt, ho hoặc đau họng… nên cân nhắc giảm các "
            "hoạt động ngoài trời. Đối với học sinh, có thể hoạt động bên ngoài, nhưng nên giảm "
            "bớt việc tập thể dục kéo dài."
        ),
        advice_sensitive=(
            "Nên giảm các hoạt động mạnh và giảm thời gian hoạt động ngoài trời. Những người "
            "mắc bệnh hen suyễn có thể cần sử dụng thuốc thường xuyên hơn."
        ),
        health_effect="Những người nhạy cảm gặp phải các vấn đề về sức khỏe, những người bình thường ít ảnh hưởng.",
        colour_name_vi="Da cam",
    ),
    Band(
        "bad",
        "Xấu",
        "Bad",
        151,
        200,
        "#ff0000",
        (255, 0, 0),
        advice_general=(
            "Mọi người nên giảm các hoạt động mạnh khi ở ngoài trời, tránh tập thể dục kéo dài "
            "và nghỉ ngơi nhiều hơn trong nhà."
        ),
        advice_sensitive=(
            "Nên ở trong nhà và giảm hoạt động mạnh. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn."
        ),
        health_effect=(
            "Những người bình thường bắt đầu có các ảnh hưởng tới sức khỏe, nhóm người nhạy cảm "
            "có thể gặp những vấn đề sức khỏe nghiêm trọng hơn."
        ),
        colour_name_vi="Đỏ",
    ),
    Band(
        "very_bad",
        "Rất xấu",
        "Very bad",
        201,
        300,
        "#8f3f97",
        (143, 63, 151),
        advice_general=(
            "Mọi người hạn chế tối đa các hoạt động ngoài trời và chuyển tất cả các hoạt động "
            "vào trong nhà. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn."
        ),
        advice_sensitive="Nên ở trong nhà và giảm hoạt động mạnh.",
        health_effect="Cảnh báo hưởng tới sức khỏe: mọi người bị ảnh hưởng tới sức khỏe nghiêm trọng hơn.",
        colour_name_vi="Tím",
    ),
    Band(
        # the decision merges both advice cells of this row into one
        "hazardous",
        "Nguy hại",
        "Hazardous",
        301,
        500,
        "#7e0023",
        (126, 0, 35),
        advice_general=(
            "Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ. Nếu cần thiết phải ra ngoài, "
            "hãy đeo khẩu trang đạt tiêu chuẩn."
        ),
        advice_sensitive=(
            "Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ. Nếu cần thiết phải ra ngoài, "
            "hãy đeo khẩu trang đạt tiêu chuẩn."
        ),
        health_effect=("Cảnh báo khẩn cấp về sức khỏe: Toàn bộ dân số bị ảnh hưởng tới sức khỏe tới mức nghiêm trọng."),
        colour_name_vi="Nâu",
    ),
)

_AQI_UPPERS = np.array([band.upper for band in BANDS[:-1]], dtype="float64")


def aqi_band(aqi: float) -> Band:
    """The VN_AQI band of an AQI value.

    The value is first rounded half-up to an integer, as the decision publishes
    integers (so 50.4 is "Tốt" and 50.5 is "Trung bình"). Values above 500 — which the
    calculation here never produces — are rated "Nguy hại".

    Raises
    ------
    ValueError
        If ``aqi`` is missing, not finite or negative.
    """
    value = _checked_index(aqi, "AQI")
    index = int(np.searchsorted(_AQI_UPPERS, round_half_up(value), side="left"))
    return BANDS[index]


def aqi_band_index(aqi: np.ndarray) -> np.ndarray:
    """Vectorised band lookup: position in :data:`BANDS` of rounded AQI values (−1 for NaN)."""
    values = np.asarray(aqi, dtype="float64")
    index = np.searchsorted(_AQI_UPPERS, round_half_up_array(values), side="left")
    return np.where(np.isnan(values), -1, index)


@dataclass(frozen=True)
class WQIBand:
    """One VN_WQI band (QĐ 1460/QĐ-TCMT rating table).

    Attributes
    ----------
    key, name_vi, name_en
        Identifier, water-quality rating as published, English name.
    lower, upper
        Inclusive integer WQI range.
    colour_hex, rgb, colour_name_vi
        Display colour as published.
    usage_vi
        The uses the water is fit for ("Phù hợp với mục đích sử dụng").
    """

    key: str
    name_vi: str
    name_en: str
    lower: int
    upper: int
    colour_hex: str
    rgb: tuple[int, int, int]
    colour_name_vi: str
    usage_vi: str


#: The six VN_WQI bands, best first (QĐ 1460/QĐ-TCMT).
WQI_BANDS: tuple[WQIBand, ...] = (
    WQIBand(
        "very_good",
        "Rất tốt",
        "Very good",
        91,
        100,
        "#3333ff",
        (51, 51, 255),
        "Xanh nước biển",
        "Sử dụng tốt cho mục đích cấp nước sinh hoạt",
    ),
    WQIBand(
        "good",
        "Tốt",
        "Good",
        76,
        90,
        "#00e400",
        (0, 228, 0),
        "Xanh lá cây",
        "Sử dụng cho mục đích cấp nước sinh hoạt nhưng cần các biện pháp xử lý phù hợp",
    ),
    WQIBand(
        "medium",
        "Trung bình",
        "Medium",
        51,
        75,
        "#ffff00",
        (255, 255, 0),
        "Vàng",
        "Sử dụng cho mục đích tưới tiêu và các mục đích tương đương khác",
    ),
    WQIBand(
        "bad",
        "Xấu",
        "Bad",
        26,
        50,
        "#ff7e00",
        (255, 126, 0),
        "Da cam",
        "Sử dụng cho giao thông thủy và các mục đích tương đương khác",
    ),
    WQIBand(
        "poor",
        "Kém",
        "Poor",
        10,
        25,
        "#ff0000",
        (255, 0, 0),
        "Đỏ",
        "Nước ô nhiễm nặng, cần các biện pháp xử lý trong tương lai",
    ),
    WQIBand(
        "very_polluted",
        "Ô nhiễm rất nặng",
        "Very heavily polluted",
        0,
        9,
        "#7e0023",
        (126, 0, 35),
        "Nâu",
        "Nước nhiễm độc, cần có biện pháp khắc phục, xử lý",
    ),
)

# lower bounds, worst band first, for searchsorted
_WQI_LOWERS = np.array([band.lower for band in reversed(WQI_BANDS)][1:], dtype="float64")


def wqi_band(value: float) -> WQIBand:
    """The VN_WQI band of a WQI value (rounded half-up to an integer first).

    Raises
    ------
    ValueError
        If ``value`` is missing, not finite, negative or above 100.
    """
    number = _checked_index(value, "WQI")
    if number > 100:
        raise ValueError(f"WQI must be between 0 and 100, got {value!r}")
    return WQI_BANDS[int(wqi_band_index(np.array([number]))[0])]


def wqi_band_index(values: np.ndarray) -> np.ndarray:
    """Vectorised band lookup: position in :data:`WQI_BANDS` of rounded WQI values (−1 for NaN)."""
    numbers = np.asarray(values, dtype="float64")
    worst_first = np.searchsorted(_WQI_LOWERS, round_half_up_array(numbers), side="right")
    return np.where(np.isnan(numbers), -1, len(WQI_BANDS) - 1 - worst_first)


def _checked_index(value: float, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number
