"""Users, password hashing, API tokens and personal-data masking."""

from __future__ import annotations

import pytest

from ioc import auth
from ioc.auth import AuthError, Principal
from ioc.incidents import audit


@pytest.fixture
def store(settings):
    from ioc.store import open_store

    return open_store(settings.state_url)


def test_passwords_are_hashed_and_checked(store):
    auth.create_user(store, "lan.tran", "mật-khẩu-dài", ["ioc_lead"], full_name="Trần Thị Lan")
    with store.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
    assert stored.startswith("scrypt$") and "mật-khẩu-dài" not in stored
    assert auth.authenticate(store, "lan.tran", "mật-khẩu-dài").roles == ("ioc_lead",)
    assert auth.authenticate(store, "lan.tran", "sai-mat-khau") is None
    assert auth.authenticate(store, "nobody", "mật-khẩu-dài") is None
    assert "mật-khẩu-dài" not in str([e.after for e in audit.entries(store)])


def test_two_hashes_of_one_password_differ():
    one, two = auth.hash_password("12345678x"), auth.hash_password("12345678x")
    assert one != two and auth.verify_password("12345678x", one) and auth.verify_password("12345678x", two)
    assert not auth.verify_password("12345678x", "plain-text") and not auth.verify_password("x", None)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(username="Bad Name", roles=["ioc_lead"]), "Tên đăng nhập"),
        (dict(username="a.b", roles=["boss"]), "Vai trò"),
        (dict(username="a.b", roles=["focal_point"]), "agency_code"),
        (dict(username="a.b", roles=["focal_point"], agency_code="SGTVX", agencies=["SGTVT"]), "SGTVT"),
        (dict(username="a.b", roles=["domain_staff"]), "domains"),
    ],
    ids=["username", "role", "focal-no-agency", "unknown-agency", "staff-no-domain"],
)
def test_bad_users_are_refused(store, kwargs, match):
    with pytest.raises(AuthError, match=match):
        auth.create_user(store, password=None, **kwargs)


def test_short_password_and_duplicate_user(store):
    with pytest.raises(AuthError, match="8"):
        auth.create_user(store, "x.y", "short", ["leader"])
    auth.create_user(store, "x.y", None, ["leader"])
    with pytest.raises(AuthError, match="tồn tại"):
        auth.create_user(store, "x.y", None, ["leader"])


def test_tokens_work_until_revoked_or_user_disabled(store):
    auth.create_user(store, "sgtvt.focal", None, ["focal_point"], agency_code="SGTVT")
    token = auth.issue_token(store, "sgtvt.focal", "máy chủ SGTVT")
    principal = auth.principal_for_token(store, token)
    assert principal == Principal("sgtvt.focal", ("focal_point",), "SGTVT", ())
    with store.engine.connect() as connection:
        assert token not in str(connection.exec_driver_sql("SELECT * FROM api_tokens").all())
    assert auth.principal_for_token(store, token + "x") is None
    assert auth.revoke_token(store, token) and not auth.revoke_token(store, token)
    assert auth.principal_for_token(store, token) is None
    second = auth.issue_token(store, "sgtvt.focal")
    auth.deactivate_user(store, "sgtvt.focal")
    assert auth.principal_for_token(store, second) is None
    assert audit.verify_chain(store) == []


@pytest.mark.parametrize(
    ("masker", "raw", "expected"),
    [
        (auth.mask_phone, "0912 345 678", "091*****78"),
        (auth.mask_email, "an.nguyen@example.vn", "a********@example.vn"),
        (auth.mask_national_id, "077123456789", "*********789"),
        (auth.mask_name, "Nguyễn Văn An", "N. V. A."),
        (auth.mask_address, "12/3 Lê Lợi, Phường Vũng Tàu", "*** Lê Lợi, Phường Vũng Tàu"),
        (auth.mask_address, "Số 45 đường 30/4, phường Rạch Dừa", "*** đường ***, phường Rạch Dừa"),
        (
            auth.scrub_text,
            "Gọi 0912345678 hoặc +84 912 345 678, mail an@x.vn, CCCD 077123456789",
            "Gọi 091*****78 hoặc 849******78, mail a*@x.vn, CCCD *********789",
        ),
    ],
    ids=["phone", "email", "national-id", "name", "address", "address-street-number", "free-text"],
)
def test_masking(masker, raw, expected):
    assert masker(raw) == expected


def test_mask_frame_keeps_missing_cells_of_nullable_columns():
    # pd.NA (nullable "string" columns, what DataLayer.read returns) used to raise
    # "boolean value of NA is ambiguous"; None, NaN and NaT must stay missing too.
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame(
        {
            "applicant_name": pd.array(["Nguyễn Văn An", pd.NA, None], dtype="string"),
            "applicant_phone": ["0912345678", np.nan, pd.NaT],
            "count": [1, 2, 3],
        }
    )
    masked = auth.mask_frame(frame, ["applicant_name", "applicant_phone"])
    assert masked["applicant_name"].iloc[0] == "N. V. A."
    assert masked["applicant_phone"].iloc[0] == "091*****78"
    assert masked["applicant_name"].iloc[1:].isna().all()
    assert masked["applicant_phone"].iloc[1:].isna().all()
    assert masked["count"].tolist() == [1, 2, 3]
    assert frame["applicant_name"].iloc[0] == "Nguyễn Văn An"  # a copy: the input is untouched


def test_visibility_rules():
    incident = {"domain": "feedback", "agency_code": "SGTVT"}
    assert auth.can_view_incident(Principal("a", ("focal_point",), "SGTVT"), incident)
    assert not auth.can_view_incident(Principal("b", ("focal_point",), "SXD"), incident)
    assert auth.can_view_incident(Principal("c", ("domain_staff",), domains=("feedback",)), incident)
    assert not auth.can_view_incident(Principal("d", ("domain_staff",), domains=("environment",)), incident)
    assert not auth.can_see_pii(Principal("e", ("sysadmin",)), incident)
    assert auth.can_see_pii(Principal("f", ("ioc_deputy",)), incident)
    assert not auth.can_view_incident(Principal("g", ("intake_client",)), incident)
