"""The HTTP API: Open311 GeoReport v2 (``/open311/v2``) and the internal incident API (``/api``).

``create_app(settings) -> FastAPI``; served by uvicorn (``ioc api serve``).
"""

from ioc.api.app import create_app

__all__ = ["create_app"]
