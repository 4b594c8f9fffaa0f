"""Queries and services of the feedback domain for the dashboards and notebooks.

Citizen reports live in the state store as incidents with a tracking code. Views read and
change them only through these functions and the desk's incident service (which checks
the user's roles, masks personal data and audits every step); the ORM queries and the
photo files stay here, so a dashboard only renders what comes back.

Functions take a :class:`~ioc.datalayer.DataLayer` (its settings and state store) or a
:class:`~ioc_plugins.feedback.desk.CitizenDesk` opened from one with :func:`open_desk`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from ioc.alerts import open_alerts
from ioc.auth import Principal, get_principal
from ioc.datalayer import DataLayer
from ioc.incidents.audit import AuditEntry
from ioc.incidents.models import FINISHED_STATES, Incident
from ioc.incidents.service import AccessDenied
from ioc.overview import Figure, Tile
from ioc.timestamps import as_utc
from ioc_plugins.feedback.desk import CitizenDesk, CitizenReport, SubmitResult
from ioc_plugins.feedback.media import MediaError, photo_path, save_photo
from ioc_plugins.feedback.stats import HEADERS_VI, export_bytes, report_statistics

__all__ = [
    "HEADERS_VI",
    "STATE_GROUPS",
    "MediaError",
    "change_marker",
    "high_alerts",
    "hot_incidents",
    "latest_report_time",
    "open_desk",
    "overview_tile",
    "principal",
    "report_photo",
    "reports",
    "statistics",
    "statistics_export",
    "submit_report",
]

#: Groups of incident states a queue shows: the IOC's own, at the agency, finished.
STATE_GROUPS = {
    "ioc": ("received", "verifying", "verified", "approved", "reopened"),
    "agency": ("forwarded", "in_progress"),
    "done": ("resolved", "closed", "dismissed"),
}
#: Alert severities the leadership command view lists.
HIGH_SEVERITIES = ("high", "critical")
#: The tile's unit in English.
REPORTS = {"en": "reports"}
#: Where stored report photos are published (see :func:`ioc_plugins.feedback.media.save_photo`).
PHOTO_PREFIX = "/media/feedback/"


def open_desk(datalayer: DataLayer) -> CitizenDesk:
    """The citizen-report desk of a deployment (its incident service does every step).

    Parameters
    ----------
    datalayer : DataLayer
        Gives the settings (``plugins.feedback``: routing, SLA, duplicates) and the state store.

    Returns
    -------
    CitizenDesk
        A desk on the data layer's state store.
    """
    return CitizenDesk.from_settings(datalayer.settings, datalayer.store)


def principal(datalayer: DataLayer, username: str | None) -> Principal | None:
    """The active user ``username`` with their roles and scope, or ``None`` (also for a guest).

    Parameters
    ----------
    datalayer : DataLayer
        Whose state store holds the users.
    username : str or None
        Login name; empty, ``None`` and ``"guest"`` give ``None``.

    Returns
    -------
    Principal or None
        The user, or ``None`` when unknown, inactive or a guest.
    """
    if not username or username == "guest":
        return None
    return get_principal(datalayer.store, username)


def latest_report_time(datalayer: DataLayer) -> pd.Timestamp | None:
    """When the newest citizen report was received, on any channel.

    Parameters
    ----------
    datalayer : DataLayer
        Whose state store holds the reports.

    Returns
    -------
    pandas.Timestamp or None
        The newest ``received_at`` (UTC) of incidents with a tracking code; ``None`` without any.
    """
    with datalayer.store.session() as session:
        latest = session.scalar(select(func.max(Incident.received_at)).where(Incident.tracking_code.is_not(None)))
    if latest is None:
        return None
    return as_utc(latest)


def change_marker(datalayer: DataLayer) -> int | None:
    """A number that grows with every new report and every step taken on one.

    The audit log is append-only and every change of an incident writes to it, so its
    newest id changes exactly when a view of the reports may need redrawing.

    Parameters
    ----------
    datalayer : DataLayer
        Whose state store holds the audit log.

    Returns
    -------
    int or None
        The newest audit-log id; ``None`` while the log is empty.
    """
    with datalayer.store.session() as session:
        return session.scalar(select(func.max(AuditEntry.id)))


def reports(
    desk: CitizenDesk, viewer: Principal | None, group: str = "ioc", category: str | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """The citizen reports of one state group that ``viewer`` may see, newest first.

    Parameters
    ----------
    desk : CitizenDesk
        The desk (see :func:`open_desk`).
    viewer : Principal or None
        Who is looking; a guest (``None``) sees no report.
    group : {"ioc", "agency", "done"}
        Which states (see :data:`STATE_GROUPS`).
    category : str, optional
        Only this category code (``None`` or ``""`` for all).
    limit : int, optional
        At most this many reports.

    Returns
    -------
    list of dict
        Incident records (personal data masked unless the viewer has the right); duplicates
        of another report are left out.
    """
    if viewer is None:
        return []
    return desk.service.list(
        viewer,
        state=STATE_GROUPS[group],
        citizen_reports=True,
        category=category or None,
        include_duplicates=False,
        limit=limit,
    )


def statistics(datalayer: DataLayer, viewer: Principal | None, by: str = "category") -> pd.DataFrame:
    """Report counts per group, as far as ``viewer`` may see them.

    An agency's focal point (without a wider role) gets its own agency's figures only;
    everyone else, guests included, the whole site's.

    Parameters
    ----------
    datalayer : DataLayer
        The deployment (state store, agency names).
    viewer : Principal or None
        Who is looking.
    by : {"category", "unit_code", "agency_code", "channel", "month"}
        The grouping.

    Returns
    -------
    pandas.DataFrame
        The grouping key, a Vietnamese ``label``, the counts (``received``, ``processed``,
        ``on_time``, ``late``, ``overdue``, ``pending``, ``duplicates``) and ``on_time_rate``.
    """
    agency = None
    if (
        viewer is not None
        and viewer.has("focal_point")
        and not viewer.has("ioc_lead", "ioc_deputy", "leader", "sysadmin", "domain_staff")
    ):
        agency = viewer.agency_code
    names = {a.code: a.name for a in datalayer.settings.site.agencies}
    return report_statistics(datalayer.store, by=by, agency=agency, agency_names=names)


def statistics_export(frame: pd.DataFrame, fmt: str) -> bytes:
    """The statistics as a downloadable file, with Vietnamese headers.

    Parameters
    ----------
    frame : pandas.DataFrame
        What :func:`statistics` returned.
    fmt : {"csv", "xlsx"}
        CSV (UTF-8 with BOM, opens in Excel) or an Excel workbook.

    Returns
    -------
    bytes
        The file's content.
    """
    return export_bytes(frame, fmt)[0]


def report_photo(datalayer: DataLayer, media_url: str | None) -> bytes | None:
    """The JPEG of a report's photo, if it has one.

    Parameters
    ----------
    datalayer : DataLayer
        The deployment whose media folder holds the photos.
    media_url : str or None
        The report's ``media_url`` (``/media/feedback/<id>.jpg``); anything else (an
        outside link, a path trick) gives ``None``.

    Returns
    -------
    bytes or None
        The stored JPEG, or ``None``.
    """
    if not media_url or not media_url.startswith(PHOTO_PREFIX):
        return None
    path = photo_path(datalayer.settings, media_url[len(PHOTO_PREFIX) :])
    return None if path is None else path.read_bytes()


def submit_report(
    datalayer: DataLayer, desk: CitizenDesk, *, photo: bytes | None = None, channel: str = "web", **fields: Any
) -> SubmitResult:
    """Send one citizen report through the desk, with its photo.

    The report is checked first, so a refused report stores no photo; the photo is
    re-encoded (which drops its EXIF block, often holding the citizen's home position).

    Parameters
    ----------
    datalayer : DataLayer
        The deployment (where the photo is stored).
    desk : CitizenDesk
        The desk (see :func:`open_desk`).
    photo : bytes, optional
        The uploaded image (JPEG, PNG, WEBP …).
    channel : str, optional
        The intake channel (``"web"`` for the public form).
    **fields
        :class:`~ioc_plugins.feedback.desk.CitizenReport` fields: ``category``,
        ``description``, ``address``, ``lat``, ``lon``, ``name``, ``phone``, ``email`` …

    Returns
    -------
    SubmitResult
        The tracking code and what the citizen is told.

    Raises
    ------
    ioc.incidents.service.IncidentInputError
        When the report is refused (the message says why, in Vietnamese).
    ioc_plugins.feedback.media.MediaError
        When the photo is not an acceptable image.
    """
    report = desk.check(CitizenReport(channel=channel, **fields))
    if photo:
        report.media_url = save_photo(datalayer.settings, photo)
    return desk.submit(report)


def hot_incidents(desk: CitizenDesk, viewer: Principal | None) -> list[dict[str, Any]] | None:
    """Open hot and sensitive incidents of every domain, for the leadership command view.

    Parameters
    ----------
    desk : CitizenDesk
        The desk whose incident service is asked.
    viewer : Principal or None
        Who is looking.

    Returns
    -------
    list of dict or None
        The incidents; ``None`` when ``viewer`` is not a leader or IOC lead/deputy.
    """
    if viewer is None:
        return None
    try:
        return desk.service.command_incidents(viewer)
    except AccessDenied:
        return None


def high_alerts(datalayer: DataLayer, severities: Iterable[str] = HIGH_SEVERITIES, limit: int = 200) -> pd.DataFrame:
    """Open alerts of every domain with a high severity, newest first.

    Parameters
    ----------
    datalayer : DataLayer
        Whose state store holds the alerts.
    severities : iterable of str, optional
        Which severities count as high (``"high"`` and ``"critical"``).
    limit : int, optional
        Look at this many newest open alerts.

    Returns
    -------
    pandas.DataFrame
        The alert rows (``severity``, ``domain``, ``title``, ``observed_at`` …).
    """
    alerts = open_alerts(datalayer.store, limit=limit)
    return alerts[alerts["severity"].isin(tuple(severities))].reset_index(drop=True)


# --------------------------------------------------------------------------- overview tile
def _report_frame(datalayer: DataLayer, now: pd.Timestamp) -> pd.DataFrame:
    """Citizen reports received up to ``now`` (not duplicates): times, state, deadline, outcome."""
    columns = ("received_at", "state", "deadline", "resolved_at", "on_time", "hot")
    query = select(*(getattr(Incident, c) for c in columns)).where(
        Incident.tracking_code.is_not(None), Incident.duplicate_of.is_(None), Incident.received_at <= now
    )
    with datalayer.store.session() as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in ("received_at", "deadline", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def overview_tile(datalayer: DataLayer, now: Any) -> Tile:
    """The feedback domain's tile for the overview, the video wall and the reports.

    Figures as of ``now``: reports received in the last 24 hours (change against the 24
    hours before), reports still being handled, those past their deadline, and the share
    resolved on time among those resolved in the last 30 days. Status: ``alert`` with an
    open hot report, ``watch`` with an overdue one, ``ok`` otherwise; ``unknown`` with no
    report at all. The sparkline counts reports per day over 14 days.

    Parameters
    ----------
    datalayer : DataLayer
        Whose state store holds the reports.
    now : timestamp-like
        The time the tile is drawn for.

    Returns
    -------
    ioc.overview.Tile
    """
    now = as_utc(now)
    frame = _report_frame(datalayer, now.to_pydatetime())
    day = pd.Timedelta(hours=24)
    received = int((frame["received_at"] > now - day).sum())
    before = int(((frame["received_at"] > now - 2 * day) & (frame["received_at"] <= now - day)).sum())
    unfinished = ~frame["state"].isin(FINISHED_STATES)
    pending = int(unfinished.sum())
    overdue = int((unfinished & frame["deadline"].notna() & (frame["deadline"] < now)).sum())
    recent = frame[frame["resolved_at"].notna() & (frame["resolved_at"] > now - 30 * day)]
    on_time = round(100 * float(recent["on_time"].fillna(False).astype(bool).mean()), 1) if len(recent) else None
    if frame.empty:
        status = "unknown"
    elif bool((unfinished & frame["hot"].fillna(False).astype(bool)).any()):
        status = "alert"
    else:
        status = "watch" if overdue else "ok"
    days = frame[frame["received_at"] > now - 14 * day]["received_at"].dt.floor("D")
    spark = days.value_counts().sort_index().astype("float64") if len(days) else None
    return Tile(
        domain="feedback",
        title="Phản ánh hiện trường",
        figures=(
            Figure(
                "Phản ánh 24 giờ",
                received,
                "phản ánh",
                change=None if not before else (received - before) / before,
                key="received_24h",
                labels={"en": "Reports (24 h)"},
                units={"en": "reports"},
            ),
            Figure(
                "Đang xử lý",
                pending,
                "phản ánh",
                better="down",
                key="pending",
                labels={"en": "In progress"},
                units=REPORTS,
            ),
            Figure(
                "Quá hạn", overdue, "phản ánh", better="down", key="overdue", labels={"en": "Overdue"}, units=REPORTS
            ),
            Figure("Đúng hạn (30 ngày)", on_time, "%", key="on_time_30d", labels={"en": "On time (30 days)"}),
        ),
        status=status,
        sparkline=spark,
        sparkline_label="Phản ánh mỗi ngày (14 ngày)",
        as_of=frame["received_at"].max() if len(frame) else None,
        page="feedback",
    )
