"""A coarse, hand-drawn outline of the site, used to clip the approximate default boundaries.

The vertices were typed in by hand (longitude, latitude; WGS 84): the mainland with the Vũng Tàu
peninsula and Long Sơn island, and the two largest islands of Côn Đảo. The outline is good for
a map on a fresh machine with no boundary file. It is **not** a boundary: near the coast and the
Thị Vải river it can be about a kilometre off.
"""

from __future__ import annotations

from functools import lru_cache

import shapely

# Clockwise from Cape Nghinh Phong (the tip of the Vũng Tàu peninsula) along the coast to the
# east, then along the land border back west, and down the Thị Vải and Cái Mép rivers.
MAINLAND = (
    (107.070, 10.322),
    (107.087, 10.326),
    (107.110, 10.348),
    (107.140, 10.372),
    (107.165, 10.395),
    (107.200, 10.392),
    (107.235, 10.380),
    (107.258, 10.382),
    (107.290, 10.410),
    (107.340, 10.445),
    (107.420, 10.465),
    (107.470, 10.480),
    (107.515, 10.505),
    (107.555, 10.550),
    (107.572, 10.598),
    (107.540, 10.680),
    (107.505, 10.772),
    (107.445, 10.803),
    (107.400, 10.770),
    (107.360, 10.720),
    (107.318, 10.672),
    (107.305, 10.750),
    (107.250, 10.768),
    (107.188, 10.772),
    (107.136, 10.745),
    (107.133, 10.688),
    (107.096, 10.652),
    (107.050, 10.658),
    (107.000, 10.634),
    (107.015, 10.600),
    (107.027, 10.570),
    (107.010, 10.530),
    (107.002, 10.500),
    (107.017, 10.480),
    (107.040, 10.455),
    (107.073, 10.433),
    (107.110, 10.432),
    (107.105, 10.400),
    (107.080, 10.390),
    (107.058, 10.386),
    (107.060, 10.350),
)
# Côn Sơn, the main island of Côn Đảo, and Bảy Cạnh to its east.
CON_SON = (
    (106.560, 8.680),
    (106.578, 8.643),
    (106.615, 8.638),
    (106.603, 8.672),
    (106.636, 8.697),
    (106.662, 8.690),
    (106.642, 8.716),
    (106.666, 8.734),
    (106.668, 8.761),
    (106.592, 8.724),
)
BAY_CANH = ((106.662, 8.680), (106.678, 8.655), (106.712, 8.666), (106.696, 8.680))


@lru_cache(maxsize=1)
def site_outline() -> shapely.MultiPolygon:
    """The coarse outline of the whole site (mainland and Côn Đảo) as one multipolygon."""
    return shapely.MultiPolygon([shapely.Polygon(MAINLAND), shapely.Polygon(CON_SON), shapely.Polygon(BAY_CANH)])
