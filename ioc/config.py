"""Deployment configuration: ``ioc.yaml`` plus ``IOC_*`` environment variables.

One file describes a deployment (Datasette-style): the site profile, where data lives,
the state-store URL and one section per plugin. Secrets and machine-specific values come
from environment variables, which override the file:

``IOC_DATA_DIR``, ``IOC_DATABASE_URL``, ``IOC_SITE`` (a built-in profile name),
``IOC_CONFIG`` (path of the YAML file), ``IOC_PORT``, ``IOC_LANGUAGE``.

Validation errors name the offending key and suggest the nearest valid one.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PACKAGE_DIR = Path(__file__).resolve().parent
SITES_DIR = PACKAGE_DIR / "sites"


class ConfigError(ValueError):
    """A configuration value is missing, unknown or invalid."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Agency(_Strict):
    """A provincial agency (sở, ban, ngành) or body that receives forwarded work."""

    code: str
    name: str
    name_en: str = ""
    email: str | None = None
    domains: list[str] = Field(default_factory=list)


class Site(_Strict):
    """The site profile: who runs the IOC, where, and with which agencies."""

    key: str
    name: str
    province_code: str
    timezone: str
    center: tuple[float, float] = (107.2, 10.5)
    bbox: tuple[float, float, float, float] = (106.4, 8.5, 107.7, 10.85)
    admin_period: str = "current"
    agencies: list[Agency] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:

        try:
            ZoneInfo(value)
        except ZoneInfoNotFoundError as exc:  # pragma: no branch - message matters
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    def agency(self, code: str) -> Agency:
        """Return the agency with ``code``; the error suggests the nearest code."""
        for agency in self.agencies:
            if agency.code == code:
                return agency
        raise ConfigError(f"unknown agency {code!r}{suggest(code, [a.code for a in self.agencies])}")


@dataclass(frozen=True)
class Paths:
    """Every folder of a deployment's data directory, in one place.

    Nothing else builds paths under the data directory: plugins, the NLP registry and the
    dashboards ask ``settings.paths`` (so a deployment that moves one folder moves it for
    everybody).
    """

    data: Path

    @property
    def lake(self) -> Path:
        """Delta tables, one folder per ``<plugin>/<table>``."""
        return self.data / "lake"

    @property
    def quarantine(self) -> Path:
        """Rejected rows, one CSV per ingested file, with the reason."""
        return self.data / "quarantine"

    @property
    def state(self) -> Path:
        """The default SQLite state store."""
        return self.data / "state.db"

    @property
    def models(self) -> Path:
        """The NLP model registry."""
        return self.data / "models"

    @property
    def geodata(self) -> Path:
        """Imported official boundaries."""
        return self.data / "geodata"

    @property
    def reports(self) -> Path:
        """Rendered reports."""
        return self.data / "reports"

    @property
    def spill(self) -> Path:
        """Where DuckDB writes what a query cannot hold within ``lake.query_memory``."""
        return self.data / "tmp" / "duckdb"

    def media(self, domain: str) -> Path:
        """Files attached to a domain's records (e.g. photos of citizen reports)."""
        return self.data / "media" / domain


class NotifySettings(_Strict):
    """Outgoing e-mail (SMTP); the password only ever comes from ``IOC_SMTP_PASSWORD``."""

    smtp_host: str | None = None
    smtp_port: int = 25
    sender: str = "IOC <ioc@localhost.localdomain>"
    smtp_user: str | None = None
    starttls: bool = False


class MappingProfile(_Strict):
    """A saved column mapping for ``ioc ingest --profile NAME`` (``ingest_profiles:`` in ``ioc.yaml``).

    The same three things as the command-line options: ``map`` (file column → adapter
    column, ``--map``), ``set`` (a constant column, ``--set``) and ``tz`` (the zone of naive
    times, ``--tz``); ``source`` optionally names the adapter the profile is meant for.
    """

    source: str | None = None
    map: dict[str, str] = Field(default_factory=dict)
    set: dict[str, str] = Field(default_factory=dict)
    tz: str | None = None

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r} (IANA name, e.g. Asia/Bangkok)") from None
        return value


class LakeSettings(_Strict):
    """Where the lake lives (``lake:`` in ioc.yaml). Local disk by default; an object store
    (S3, MinIO, Ceph) when ``uri`` is ``s3://bucket/prefix`` (or ``IOC_LAKE_URI``).

    The keys come from ``IOC_LAKE_ACCESS_KEY_ID`` / ``IOC_LAKE_SECRET_ACCESS_KEY`` when not
    in the file (a secret belongs in the environment, not in a versioned file).
    """

    uri: str | None = None
    endpoint: str | None = None
    region: str = "us-east-1"
    access_key_id: str | None = None
    secret_access_key: str | None = Field(None, repr=False)
    allow_http: bool = False
    options: dict[str, str] = Field(default_factory=dict)
    #: The memory DuckDB may use for the lake's queries in one process (its ``memory_limit``,
    #: or ``IOC_QUERY_MEMORY``, e.g. ``2GB``); beyond it a query spills to ``paths.spill``
    #: instead of growing the process. Unset: DuckDB's own default (80 % of the machine).
    #: Not bounded by default (project choice, measured): at 1GB the social stories' spread
    #: query failed with "Out of Memory" at 44 % of a province-year, where a window cannot spill.
    query_memory: str | None = None

    @field_validator("query_memory")
    @classmethod
    def _a_size(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", value, re.IGNORECASE):
            raise ValueError(f"query_memory {value!r}: a size such as '512MB' or '2GB'")
        return value.strip()

    def storage_options(self) -> dict[str, str] | None:
        """deltalake's storage options for the object store (``None`` on local disk)."""
        if not self.uri or "://" not in self.uri or self.uri.startswith("file://"):
            return None
        options = {"AWS_REGION": self.region}
        key = self.access_key_id or os.environ.get("IOC_LAKE_ACCESS_KEY_ID")
        secret = self.secret_access_key or os.environ.get("IOC_LAKE_SECRET_ACCESS_KEY")
        if self.endpoint:
            options["AWS_ENDPOINT_URL"] = self.endpoint
        if key:
            options["AWS_ACCESS_KEY_ID"] = key
        if secret:
            options["AWS_SECRET_ACCESS_KEY"] = secret
        if self.allow_http:
            options["AWS_ALLOW_HTTP"] = "true"
        # S3 before conditional writes had no atomic rename; the lake has one writer per
        # table (the data layer's lock), so the unsafe rename is safe here (project choice)
        options["AWS_S3_ALLOW_UNSAFE_RENAME"] = "true"
        options.update(self.options)
        return options


class ReportSettings(_Strict):
    """The monthly and quarterly reports (Điều 11.3, Điều 16): who receives them, in which language.

    ``targets`` are the deployment's targets of the plugins' headline figures, keyed
    ``"<plugin>.<figure key>"`` (``{"feedback.on_time_30d": 95}``), in the figure's unit; the
    keys are checked against the installed plugins (``Registry.check_targets``).
    """

    recipients: list[str] = Field(default_factory=list)
    kinds: list[Literal["monthly", "quarterly"]] = Field(default_factory=lambda: ["monthly", "quarterly"])
    language: Literal["vi", "en"] = "vi"
    unit: str | None = None
    targets: dict[str, float] = Field(default_factory=dict)


class WallPage(_Strict):
    """One page of a video-wall playlist: a dashboard name and how long it stays (seconds)."""

    page: str
    dwell: int = Field(default=30, ge=5)


class WallScreen(_Strict):
    """One screen of the wall and its playlist (each screen has its own URL)."""

    name: str = ""
    playlist: list[WallPage] = Field(default_factory=list)


class WallSettings(_Strict):
    """The video wall: screens with playlists, live refresh, takeover by hot incidents.

    ``account`` is the wall's own read-only user (role ``leader`` to see hot incidents, no
    password: the wall never shows a login prompt); ``token`` (or ``IOC_WALL_TOKEN``) is the
    secret in the wall's URLs when the server requires logins.
    """

    screens: list[WallScreen] = Field(default_factory=list)
    refresh_seconds: int = Field(default=30, ge=1)
    takeover: bool = True
    account: str = "wall"
    token: str | None = None


class Settings(_Strict):
    """The whole deployment configuration."""

    site: Site
    data_dir: Path = Path("data")
    database_url: str | None = None
    language: str = "vi"
    host: str = "127.0.0.1"
    port: int = 5006
    future_tolerance_minutes: int = 15
    notify: NotifySettings = Field(default_factory=NotifySettings)
    lake: LakeSettings = Field(default_factory=LakeSettings)
    dask_scheduler: str | None = None
    # anonymous (public) API requests per client address and minute; 0 turns the limit off
    # (project choice: generous for a citizen app behind one NAT, low enough to stop a flood)
    api_rate_limit_per_minute: int = 300
    reports: ReportSettings = Field(default_factory=ReportSettings)
    wall: WallSettings = Field(default_factory=WallSettings)
    plugins: dict[str, dict[str, Any]] = Field(default_factory=dict)
    ingest_profiles: dict[str, MappingProfile] = Field(default_factory=dict)
    #: Live listeners' sections (``listen.mqtt`` …), validated by each listener's own model.
    listen: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in {"vi", "en"}:
            raise ValueError("language must be 'vi' or 'en'")
        return value

    @property
    def paths(self) -> Paths:
        """The folders of the data directory (see :class:`Paths`)."""
        return Paths(self.data_dir)

    @property
    def lake_dir(self) -> Path:
        return self.paths.lake

    @property
    def lake_root(self) -> str:
        """The lake's location: ``lake.uri`` (an object store) or the local lake folder."""
        return self.lake.uri or str(self.lake_dir)

    @property
    def quarantine_dir(self) -> Path:
        return self.paths.quarantine

    @property
    def state_url(self) -> str:
        """The SQLAlchemy URL of the state store (SQLite in the data dir by default)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.paths.state.resolve()}"

    def plugin_config(self, name: str) -> dict[str, Any]:
        """The raw section of ``plugins:`` for one plugin (empty when absent).

        Plugins read their section validated, through ``Plugin.options(settings)``.
        """
        return dict(self.plugins.get(name, {}))


def validate_section(model: type[BaseModel], values: dict[str, Any], where: str) -> BaseModel:
    """Validate a configuration section against ``model``; errors name the key and suggest.

    Parameters
    ----------
    model
        A pydantic model (``extra="forbid"`` so that a misspelt key is an error).
    values
        The section as read from ``ioc.yaml``.
    where
        The section's path for messages, e.g. ``"plugins.environment"``.
    """
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise ConfigError(_explain(error, model, where)) from None


def suggest(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return ``"; did you mean 'x'?"`` for the nearest choice, or a list of choices."""
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.5)
    if close:
        return f"; did you mean {close[0]!r}?"
    if choices:
        return f"; valid: {', '.join(sorted(map(str, choices)))}"
    return ""


def builtin_sites() -> list[str]:
    """Names of the site profiles shipped with the workbench."""
    return sorted(p.stem for p in SITES_DIR.glob("*.yaml"))


def load_site(name: str) -> dict[str, Any]:
    """Load a built-in site profile by name."""
    path = SITES_DIR / f"{name}.yaml"
    if not path.exists():
        raise ConfigError(f"unknown site profile {name!r}{suggest(name, builtin_sites())}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


_ENV_KEYS = {
    "IOC_DATA_DIR": "data_dir",
    "IOC_DATABASE_URL": "database_url",
    "IOC_LANGUAGE": "language",
    "IOC_PORT": "port",
    "IOC_HOST": "host",
    "IOC_DASK_SCHEDULER": "dask_scheduler",
}


def _explain(error: ValidationError, model: type[BaseModel], where: str = "") -> str:
    """The errors of validating against ``model``, one line each; a misspelt key gets the
    nearest valid key of the (possibly nested) model it belongs to."""
    lines = []
    for item in error.errors():
        key = ".".join([where, *(str(p) for p in item["loc"])] if where else [str(p) for p in item["loc"]])
        hint = ""
        if item["type"] == "extra_forbidden":
            owner = model
            for part in item["loc"][:-1]:
                field = owner.model_fields.get(str(part))
                annotation = getattr(field, "annotation", None) if field else None
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    owner = annotation
            hint = suggest(str(item["loc"][-1]), list(owner.model_fields))
        lines.append(f"{key}: {item['msg']}{hint}")
    return "invalid configuration:\n  " + "\n  ".join(lines)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Read the deployment configuration.

    Parameters
    ----------
    path
        YAML file; defaults to ``$IOC_CONFIG`` or ``./ioc.yaml`` when present.
    **overrides
        Values that win over both the file and the environment (used by tests).
    """
    path = Path(path or os.environ.get("IOC_CONFIG", "ioc.yaml"))
    raw: dict[str, Any] = {}
    if path.exists():
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: the top level must be a mapping")
    for env, key in _ENV_KEYS.items():
        if os.environ.get(env):
            raw[key] = os.environ[env]
    for env, key in (("IOC_LAKE_URI", "uri"), ("IOC_QUERY_MEMORY", "query_memory")):
        if os.environ.get(env):
            raw["lake"] = {**(raw.get("lake") or {}), key: os.environ[env]}
    raw.update(overrides)
    site = os.environ.get("IOC_SITE") or raw.get("site") or "ba_ria_vung_tau"
    if isinstance(site, str):
        raw["site"] = load_site(site)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, Settings)) from None


def site_timezone(config: Settings | None = None) -> str:
    """The site's IANA time zone (from the site profile) of ``config`` or of the deployment."""
    return (config or settings()).site.timezone


def site_zone(config: Settings | None = None) -> ZoneInfo:
    """:func:`site_timezone` as a :class:`zoneinfo.ZoneInfo`."""
    return ZoneInfo(site_timezone(config))


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process-wide settings (cached; tests clear it with ``settings.cache_clear()``)."""
    return load_settings()
