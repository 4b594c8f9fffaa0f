"""Fixtures for the incident tests: a migrated store, the service and one user per role."""

from __future__ import annotations

import pytest


@pytest.fixture
def store(settings):
    from ioc.store import open_store

    return open_store(settings.state_url)


@pytest.fixture
def service(store, settings):
    from ioc.incidents.service import IncidentService

    return IncidentService(store, settings=settings)


@pytest.fixture
def people(store):
    """One principal per role, created in the store (passwords are never used here)."""
    from ioc.auth import create_user

    specs = {
        "lead": dict(roles=["ioc_lead"]),
        "deputy": dict(roles=["ioc_deputy"]),
        "staff": dict(roles=["domain_staff"], domains=["feedback"]),
        "env_staff": dict(roles=["domain_staff"], domains=["environment"]),
        "sgtvt": dict(roles=["focal_point"], agency_code="SGTVT"),
        "sxd": dict(roles=["focal_point"], agency_code="SXD"),
        "leader": dict(roles=["leader"]),
        "admin": dict(roles=["sysadmin"]),
    }
    return {name: create_user(store, name, None, **spec) for name, spec in specs.items()}


@pytest.fixture
def citizen_draft():
    """A factory of realistic citizen-report drafts (keyword overrides)."""
    return make_citizen_draft


def make_citizen_draft(**overrides):
    from ioc.incidents.service import IncidentDraft

    values = dict(
        domain="feedback",
        category="road_damage",
        title="Ổ gà lớn trên đường Lê Lợi",
        description="Ổ gà sâu gần 20cm, xe máy đã té ngã. Liên hệ 0912345678.",
        origin="citizen_report",
        channel="web",
        lon=107.0843,
        lat=10.3460,
        address="12/3 Lê Lợi, Phường Vũng Tàu",
        reporter_name="Nguyễn Văn An",
        reporter_phone="0912345678",
        reporter_email="an.nguyen@example.vn",
        reporter_national_id="077123456789",
        suggested_agency="SGTVT",
    )
    values.update(overrides)
    return IncidentDraft(**values)
