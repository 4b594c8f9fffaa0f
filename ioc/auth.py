"""Users, roles, API tokens and personal-data masking (Điều 9, Điều 4.3).

Roles are those of the regulation (:class:`ioc.incidents.workflow.Role`) plus
``intake_client``, the service account of an application that submits citizen reports
(the Open311 ``api_key``), ``security``, the information-security officers (Điều 6.7),
the only role shown the raw records of security tools (they may hold user names, mail
addresses, URLs with tokens), and ``police``, the public-security officers watching the
camera network (Điều 6.5), the only role shown licence plates and recognised names from
camera analytics. What each role may see:

* ``ioc_lead``, ``ioc_deputy``, ``leader``: every incident;
* ``sysadmin``: every incident, but never personal data;
* ``domain_staff``: incidents of their domains (``domains``; ``"*"`` for all);
* ``focal_point``: only incidents forwarded to their agency (``agency_code``).

Personal data (phone, e-mail, national ID, name, exact address) is shown only to
``ioc_lead``, ``ioc_deputy`` and the ``domain_staff`` of the incident's domain; every
other view gets it masked (:func:`mask_incident`).

Passwords are hashed with scrypt (standard library); API tokens are random, shown once,
and stored as their SHA-256. Signing in to the dashboards (Panel's login page, checked
against these users) is :mod:`dashboards.login`; this module knows nothing of Panel.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ioc.config import suggest
from ioc.incidents import audit
from ioc.incidents.workflow import Role
from ioc.store import Base, Store, utcnow

#: Every role a user can hold.
ROLES = (*tuple(r.value for r in Role), "intake_client", "security", "police")
ROLE_LABELS_VI = {
    "ioc_lead": "Tổ trưởng IOC",
    "ioc_deputy": "Tổ phó IOC",
    "sysadmin": "Quản trị hệ thống",
    "domain_staff": "Cán bộ theo dõi lĩnh vực",
    "focal_point": "Đầu mối cơ quan, đơn vị",
    "leader": "Lãnh đạo",
    "intake_client": "Ứng dụng tiếp nhận phản ánh",
    "security": "Cán bộ an toàn thông tin",
    "police": "Cán bộ công an",
}

#: Roles that see every incident.
SEE_ALL_ROLES = frozenset({"ioc_lead", "ioc_deputy", "leader", "sysadmin"})
#: Roles that see personal data (domain staff only within their domains).
PII_ROLES = frozenset({"ioc_lead", "ioc_deputy", "domain_staff"})

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
TOKEN_PREFIX = "ioc_"


class AuthError(ValueError):
    """A user or token operation that cannot be done (unknown user, bad role …)."""


class User(Base):
    """A person (or service account) who signs in to the workbench or calls the API."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(Text)
    roles: Mapped[list[Any]] = mapped_column(JSON, default=list)
    agency_code: Mapped[str | None] = mapped_column(String(40), index=True)
    domains: Mapped[list[Any]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiToken(Base):
    """An API token of a user; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user with roles and scope (agency, domains)."""

    username: str
    roles: tuple[str, ...]
    agency_code: str | None = None
    domains: tuple[str, ...] = ()
    full_name: str = ""

    @classmethod
    def system(cls) -> Principal:
        """The workbench itself (rules, escalation, imports): an IOC lead with full scope."""
        return cls("system", ("ioc_lead",), domains=("*",))

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def covers_domain(self, domain: str) -> bool:
        return "*" in self.domains or domain in self.domains


# --------------------------------------------------------------------------- passwords
def hash_password(password: str) -> str:
    """Hash a password with scrypt and a random salt (``scrypt$n$r$p$salt$hash``)."""
    if not isinstance(password, str) or len(password) < 8:
        raise AuthError("Mật khẩu phải có ít nhất 8 ký tự (password must have at least 8 characters)")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    encode = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${encode(salt)}${encode(digest)}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches the stored scrypt hash (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# --------------------------------------------------------------------------- users
def _check_user_fields(
    username: str, roles: Iterable[str], agency_code: str | None, domains: Iterable[str], agencies: Iterable[str] | None
) -> tuple[list[str], list[str]]:
    if not _USERNAME.match(username or ""):
        raise AuthError(f"Tên đăng nhập không hợp lệ: {username!r} (lowercase letters, digits, . _ -)")
    roles, domains = list(dict.fromkeys(roles)), list(dict.fromkeys(domains))
    unknown = [r for r in roles if r not in ROLES]
    if not roles or unknown:
        raise AuthError(f"Vai trò không hợp lệ: {unknown or roles} (valid roles: {', '.join(ROLES)})")
    if "focal_point" in roles and not agency_code:
        raise AuthError("Đầu mối (focal_point) phải thuộc một cơ quan: cần agency_code")
    if agency_code and agencies is not None and agency_code not in set(agencies):
        raise AuthError(f"Cơ quan không có trong cấu hình: {agency_code!r}{suggest(agency_code, list(agencies))}")
    if "domain_staff" in roles and not domains:
        raise AuthError("Cán bộ theo dõi lĩnh vực (domain_staff) cần ít nhất một lĩnh vực: domains")
    return roles, domains


def create_user(
    store: Store,
    username: str,
    password: str | None,
    roles: Iterable[str],
    *,
    full_name: str = "",
    email: str | None = None,
    agency_code: str | None = None,
    domains: Iterable[str] = (),
    agencies: Iterable[str] | None = None,
    actor: str = "system",
) -> Principal:
    """Create a user (audited; the password is never logged).

    ``agencies`` (the site's agency codes) validates ``agency_code`` when given.
    ``password=None`` makes an account that can only use API tokens.
    """
    roles, domains = _check_user_fields(username, roles, agency_code, domains, agencies)
    password_hash = None if password is None else hash_password(password)
    with store.session() as session, audit.chain_lock(session):
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise AuthError(f"Tên đăng nhập đã tồn tại: {username!r} (user exists)")
        user = User(
            username=username,
            full_name=full_name,
            email=email,
            password_hash=password_hash,
            roles=roles,
            agency_code=agency_code,
            domains=domains,
            active=True,
        )
        session.add(user)
        session.flush()
        audit.append(
            session,
            actor=actor,
            action="user.create",
            entity=f"user:{username}",
            after={"roles": roles, "agency_code": agency_code, "domains": domains},
        )
        session.commit()
    return _principal(user)


def _principal(user: User) -> Principal:
    return Principal(
        user.username, tuple(user.roles or ()), user.agency_code, tuple(user.domains or ()), user.full_name or ""
    )


def get_principal(store: Store, username: str) -> Principal | None:
    """The principal of an active user, or ``None``."""
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
        return None if user is None else _principal(user)


def authenticate(store: Store, username: str, password: str) -> Principal | None:
    """The principal when ``username``/``password`` match an active user, else ``None``."""
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
        if user is None or not verify_password(password, user.password_hash):
            return None
        return _principal(user)


def deactivate_user(store: Store, username: str, actor: str = "system") -> None:
    """Disable an account (kept for the audit trail); its tokens stop working."""
    with store.session() as session, audit.chain_lock(session):
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise AuthError(f"Không có người dùng {username!r} (unknown user)")
        user.active = False
        audit.append(
            session,
            actor=actor,
            action="user.deactivate",
            entity=f"user:{username}",
            before={"active": True},
            after={"active": False},
        )
        session.commit()


def set_password(store: Store, username: str, password: str, actor: str = "system") -> None:
    """Set or replace a user's password (audited; the password itself is never logged)."""
    with store.session() as session, audit.chain_lock(session):
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise AuthError(f"Không có người dùng {username!r} (unknown user)")
        user.password_hash = hash_password(password)
        audit.append(session, actor=actor, action="user.set_password", entity=f"user:{username}")
        session.commit()


# --------------------------------------------------------------------------- tokens
def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(
    store: Store, username: str, name: str = "", *, expires_in_days: int | None = None, actor: str = "system"
) -> str:
    """Create an API token for ``username``; returns the plain token (shown only once)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.session() as session, audit.chain_lock(session):
        user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
        if user is None:
            raise AuthError(f"Không có người dùng đang hoạt động {username!r} (unknown or inactive user)")
        expires = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
        row = ApiToken(user_id=user.id, name=name, token_hash=_token_hash(token), expires_at=expires)
        session.add(row)
        session.flush()
        audit.append(
            session,
            actor=actor,
            action="token.issue",
            entity=f"user:{username}",
            after={"token_id": row.id, "name": name, "expires_at": expires},
        )
        session.commit()
    return token


def principal_for_token(store: Store, token: str | None) -> Principal | None:
    """The principal owning a valid (not revoked, not expired) token, else ``None``."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return None
    with store.session() as session:
        row = session.execute(
            select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == _token_hash(token))
        ).first()
        if row is None:
            return None
        api_token, user = row
        expires = api_token.expires_at
        if expires is not None and audit.iso_utc(expires) <= audit.iso_utc(utcnow()):
            return None
        if api_token.revoked_at is not None or not user.active:
            return None
        return _principal(user)


def revoke_token(store: Store, token: str, actor: str = "system") -> bool:
    """Revoke a token; ``False`` when it is unknown or already revoked."""
    with store.session() as session, audit.chain_lock(session):
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utcnow()
        audit.append(
            session, actor=actor, action="token.revoke", entity=f"token:{row.id}", after={"revoked_at": row.revoked_at}
        )
        session.commit()
        return True


# --------------------------------------------------------------------------- access
def can_view_incident(principal: Principal, incident: Any) -> bool:
    """Whether ``principal`` may see ``incident`` (an ORM object or a mapping)."""
    get = incident.get if isinstance(incident, Mapping) else lambda k: getattr(incident, k)
    if principal.has(*SEE_ALL_ROLES):
        return True
    if principal.has("domain_staff") and principal.covers_domain(get("domain")):
        return True
    return bool(principal.has("focal_point") and principal.agency_code and get("agency_code") == principal.agency_code)


def can_see_pii(principal: Principal, incident: Any) -> bool:
    """Whether ``principal`` may read the reporter's personal data of ``incident``."""
    get = incident.get if isinstance(incident, Mapping) else lambda k: getattr(incident, k)
    if principal.has("ioc_lead", "ioc_deputy"):
        return True
    return principal.has("domain_staff") and principal.covers_domain(get("domain"))


# --------------------------------------------------------------------------- masking
_PHONE = re.compile(r"(?<![\d])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NATIONAL_ID = re.compile(r"(?<![\d])\d{12}(?![\d])|(?<![\d])\d{9}(?![\d])")
_HOUSE_NUMBER = re.compile(
    r"(?i)(?:^|(?<=[\s,]))(?:số\s*|so\s*|nhà\s*|hẻm\s*|hem\s*|ngõ\s*|kiệt\s*)?"
    r"\d+[\w/-]*(?=\s|,|$)"
)


def mask_phone(value: str | None) -> str | None:
    """``0912345678`` → ``091*****78``: keeps the carrier prefix and the last two digits."""
    if not value:
        return value
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]


def mask_email(value: str | None) -> str | None:
    """``nguyenvana@gmail.com`` → ``n*********@gmail.com``."""
    if not value:
        return value
    local, at, domain = value.partition("@")
    if not at:
        return "*" * len(value)
    return local[:1] + "*" * max(len(local) - 1, 1) + "@" + domain


def mask_national_id(value: str | None) -> str | None:
    """A CCCD/CMND number keeps only its last three digits."""
    if not value:
        return value
    return "*" * max(len(value) - 3, 0) + value[-3:]


def mask_name(value: str | None) -> str | None:
    """``Nguyễn Văn An`` → ``N. V. A.`` (initials only)."""
    if not value:
        return value
    return " ".join(part[0] + "." for part in value.split())


def mask_address(value: str | None) -> str | None:
    """Drop house numbers and alleys: ``12/3 Lê Lợi, P. 1`` → ``*** Lê Lợi, P. 1``.

    The street and ward stay, so an agency can still find the place; the exact
    address (which is often the reporter's home) does not leave the IOC.
    """
    if not value:
        return value
    return _HOUSE_NUMBER.sub("***", value)


def mask_plate(value: str | None) -> str | None:
    """A vehicle plate keeps its province/series part only: ``72A-123.45`` → ``72A-***.**``."""
    if not value:
        return value
    head, sep, tail = value.partition("-")
    if not sep:
        return value[:3] + re.sub(r"[0-9A-Za-z]", "*", value[3:])
    return head + sep + re.sub(r"[0-9A-Za-z]", "*", tail)


def scrub_text(value: str | None) -> str | None:
    """Mask phone numbers, e-mail addresses and ID numbers written inside free text."""
    if not value:
        return value
    value = _EMAIL.sub(lambda m: mask_email(m.group()), value)
    value = _PHONE.sub(lambda m: mask_phone(m.group()), value)
    return _NATIONAL_ID.sub(lambda m: mask_national_id(m.group()), value)


_MASKERS = {
    "reporter_name": mask_name,
    "reporter_phone": mask_phone,
    "reporter_email": mask_email,
    "reporter_national_id": mask_national_id,
    "address": mask_address,
}


def mask_record(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of an incident mapping with personal data masked (also inside the text)."""
    masked = dict(record)
    for name, mask in _MASKERS.items():
        if name in masked:
            masked[name] = mask(masked[name])
    for name in ("description", "title"):
        if name in masked:
            masked[name] = scrub_text(masked[name])
    return masked


def _masker_for(column: str):
    """The masking function for a PII column, chosen by what its name says it holds."""
    name = column.lower()
    for hint, mask in (
        ("phone", mask_phone),
        ("email", mask_email),
        ("national_id", mask_national_id),
        ("address", mask_address),
        ("plate", mask_plate),
        ("name", mask_name),
    ):
        if hint in name:
            return mask
    return scrub_text


def _missing(value: Any) -> bool:
    """Whether ``value`` is a missing cell: None, NaN, NaT or ``pd.NA`` (kept as is, never masked).

    ``pd.NA != pd.NA`` is ``pd.NA`` itself, whose truth value raises ``TypeError``: that is
    how it is recognised here without importing pandas into the auth module.
    """
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:
        return True


def mask_frame(frame: Any, pii_columns: Iterable[str]) -> Any:
    """A copy of a table's frame with its declared PII columns masked (display and export).

    Missing cells (None, NaN, NaT, ``pd.NA`` of nullable string columns) stay missing.
    """
    masked = frame.copy()
    for column in pii_columns:
        if column in masked:
            mask = _masker_for(column)
            masked[column] = masked[column].map(lambda v, m=mask: v if _missing(v) else m(str(v)))
    return masked


def mask_incident(record: dict[str, Any], principal: Principal) -> dict[str, Any]:
    """``record`` as ``principal`` may see it: unchanged with the PII right, masked otherwise."""
    return dict(record) if can_see_pii(principal, record) else mask_record(record)


# --------------------------------------------------------------------------- dashboards
#: Roles that may open the staff dashboards.
DASHBOARD_ROLES = frozenset(
    {"ioc_lead", "ioc_deputy", "sysadmin", "domain_staff", "focal_point", "leader", "security", "police"}
)
#: Roles shown the raw records of security tools (the infosec dashboard).
RAW_SECURITY_ROLES = frozenset({"security"})
#: Roles shown licence plates and recognised names of camera events (public order, Điều 6.5):
#: identifying a vehicle or a person from the cameras is police work, so not even the IOC's
#: own leads see them unmasked (project choice, after the issue's "masked outside the police role").
CAMERA_IDENTITY_ROLES = frozenset({"police"})


def login_configured(store: Store) -> bool:
    """Whether any active user can sign in with a password (then dashboards require login)."""
    with store.session() as session:
        return (
            session.scalar(select(User.id).where(User.active.is_(True), User.password_hash.is_not(None)).limit(1))
            is not None
        )
