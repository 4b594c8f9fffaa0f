"""Geography of the site: administrative units, their boundaries and point-in-area joins.

Modules
-------
units
    The catalogue of units before and after the 2025 reorganisation, and the lineage between
    them (pandas only).
approximate, outline
    The approximate default boundaries generated in code, and the coarse outline that clips
    them.
boundary_files, boundaries
    Importing official GeoJSON, Shapefile and GeoPackage files; loading the best set available.
lookup
    ``assign_units``: the unit containing each point of any table.

The geometry modules import GeoPandas, so this package imports only the catalogue eagerly.
"""

from geodata.units import admin_units, current_unit_for, lineage

__all__ = ["admin_units", "current_unit_for", "lineage"]
