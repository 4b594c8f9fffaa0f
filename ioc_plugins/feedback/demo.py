"""Demo data of the feedback domain: realistic Vietnamese citizen reports with photos.

:func:`generate` yields ``feedback.submissions`` batches (web form, mobile app, hotline,
e-mail) spread over the demo period, placed around the site's communes, some typed
without diacritics or in teencode, a few describing the same problem twice (to show
duplicate detection), and drawn photos for many web/app reports (Pillow).

Each batch is written (and opened as citizen reports by the plugin's ``derive`` hook)
before the generator resumes; the generator then walks the batch's older reports through
the procedure as demo users (:func:`advance_demo_reports`) (verify, approve, forward, accept, resolve, close), some late, so the queue,
agency and statistics dashboards have something to show.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from geodata.units import admin_units
from ioc.auth import AuthError, create_user, get_principal
from ioc.incidents.models import Incident
from ioc.plugins import DemoContext
from ioc.store import Alert, Store
from ioc_plugins.feedback.desk import CitizenDesk
from ioc_plugins.feedback.media import media_root
from ioc_plugins.feedback.tables import SUBMISSIONS

DEMO_PREFIX = "demo-"
REPORTS_PER_DAY = 12

STREETS = {
    "26506": ["Lê Lợi", "Trần Hưng Đạo", "Quang Trung", "Bà Triệu", "Hoàng Hoa Thám", "Thùy Vân", "Trưng Trắc"],
    "26526": ["Nam Kỳ Khởi Nghĩa", "Lê Hồng Phong", "Võ Thị Sáu", "Lưu Chí Hiếu"],
    "26536": ["30 Tháng 4", "Nguyễn An Ninh", "Bình Giã", "Đô Lương"],
    "26542": ["Nguyễn Hữu Cảnh", "Võ Nguyên Giáp", "Phước Thắng"],
    "26560": ["Cách Mạng Tháng Tám", "Nguyễn Thanh Đằng", "Hùng Vương", "Bạch Đằng"],
    "26566": ["Quốc lộ 51", "Hương lộ 2", "Huỳnh Minh Thạnh"],
    "26704": ["Độc Lập", "Trường Chinh", "Quốc lộ 51"],
    "26659": ["Võ Thị Sáu", "Tỉnh lộ 44A"],
    "26662": ["Tỉnh lộ 44A", "Đường ven biển Long Hải"],
    "26575": ["Hùng Vương", "Tỉnh lộ 56"],
    "26632": ["Quốc lộ 55", "Tỉnh lộ 328"],
}

# (category, weight, templates). {street} and {place} are filled in; some are written the
# way people really type: without diacritics, with abbreviations.
TEMPLATES: list[tuple[str, float, list[str]]] = [
    (
        "road_damage",
        0.18,
        [
            "Ổ gà lớn giữa đường {street} gần {place}, trời mưa đọng nước không thấy, đã có người đi xe máy bị té.",
            "Mặt đường {street} bị sụt lún, nứt toác một đoạn dài khoảng 10m trước {place}, rất nguy hiểm ban đêm.",
            "Nắp hố ga trên đường {street} bị vỡ, hở một lỗ lớn ngay lòng đường, đề nghị xử lý gấp.",
            "duong {street} doan gan {place} co nhieu o ga, xe may di rat nguy hiem, mong co quan chuc nang sua som",
        ],
    ),
    (
        "street_lighting",
        0.12,
        [
            "Đèn đường trên {street} đoạn gần {place} không sáng đã hơn một tuần, buổi tối rất tối và mất an toàn.",
            "Cột đèn chiếu sáng trước {place} đường {street} bị nghiêng, dây điện lòng thòng, nguy cơ đổ.",
            "den duong {street} cu chap chon sang tat lien tuc, kho chiu lam",
        ],
    ),
    (
        "waste",
        0.14,
        [
            "Rác thải tồn đọng nhiều ngày tại góc đường {street} gần {place}, bốc mùi hôi thối, ruồi muỗi nhiều.",
            "Có người đổ trộm xà bần, rác xây dựng ra lề đường {street}, đề nghị kiểm tra xử phạt.",
            "Xe thu gom rác không đến khu vực {place} đường {street} 3 ngày nay rồi.",
        ],
    ),
    (
        "drainage_flooding",
        0.1,
        [
            "Sau cơn mưa chiều nay đường {street} đoạn trước {place} ngập sâu khoảng 40cm, xe chết máy hàng loạt.",
            "Cống thoát nước trên đường {street} bị tắc, nước thải tràn lên mặt đường bốc mùi.",
            "mua xong la duong {street} ngap, cong nghet rac, nho ktra giup",
        ],
    ),
    (
        "traffic_order",
        0.09,
        [
            "Hàng quán lấn chiếm vỉa hè, lòng đường {street} gần {place}, người đi bộ phải đi xuống lòng đường.",
            "Xe tải đậu đỗ hai bên đường {street} cả ngày gây ùn tắc vào giờ cao điểm.",
        ],
    ),
    (
        "trees",
        0.07,
        [
            "Cây xanh trước {place} đường {street} bị nghiêng nhiều, gốc bị mục, sợ mưa bão đổ xuống nhà dân.",
            "Cành cây lớn gãy treo lơ lửng trên đường {street}, rất nguy hiểm cho người qua lại.",
        ],
    ),
    (
        "noise",
        0.07,
        [
            "Quán karaoke gần {place} trên đường {street} hát đến 1-2 giờ sáng, người dân không ngủ được.",
            "Công trình xây dựng trên đường {street} thi công ồn ào ban đêm, quá 22 giờ vẫn đổ bê tông.",
        ],
    ),
    (
        "pollution",
        0.06,
        [
            "Cơ sở sản xuất gần {place} xả khói đen và mùi hắc vào khu dân cư đường {street}, nhiều người bị ho.",
            "Có hiện tượng xả nước thải màu đen ra kênh gần đường {street}, cá chết nổi trắng.",
        ],
    ),
    (
        "water_supply",
        0.05,
        [
            "Khu vực đường {street} gần {place} mất nước sinh hoạt từ sáng đến giờ mà không có thông báo.",
            "Đường ống nước bị vỡ trên đường {street}, nước chảy lênh láng ra đường cả đêm.",
        ],
    ),
    (
        "illegal_construction",
        0.05,
        [
            "Có nhà đang xây dựng lấn ra hành lang đường {street} gần {place}, không thấy treo giấy phép.",
        ],
    ),
    (
        "traffic_signal",
        0.03,
        [
            "Đèn tín hiệu giao thông ở ngã tư {street} gần {place} bị hỏng, chỉ nháy vàng, xe cộ lộn xộn.",
        ],
    ),
    (
        "public_order",
        0.02,
        [
            "Nhóm thanh niên tụ tập đua xe, nẹt pô trên đường {street} lúc nửa đêm.",
        ],
    ),
    (
        "food_safety",
        0.02,
        [
            "Quán ăn gần {place} đường {street} chế biến thực phẩm mất vệ sinh, gia đình tôi ăn xong bị đau bụng.",
        ],
    ),
]
PLACES = [
    "chợ",
    "trường tiểu học",
    "trạm y tế",
    "nhà văn hóa khu phố",
    "cây xăng",
    "ngã ba",
    "công viên",
    "UBND phường",
    "bến xe",
    "siêu thị",
    "nhà thờ",
    "chùa",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quân",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
]
CHANNELS = (("web", 0.35), ("app", 0.25), ("hotline", 0.25), ("email", 0.15))


def _units() -> pd.DataFrame:

    units = admin_units("post2025", "commune")
    return units[units["unit_code"].isin(list(STREETS))].reset_index(drop=True)


def _person(rng: random.Random) -> dict[str, Any]:
    family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
    plain = "".join(c for c in f"{given}{family}".lower() if c.isascii())
    return {
        "reporter_name": f"{family} {middle} {given}",
        "reporter_phone": "0" + rng.choice("389") + "".join(rng.choice("0123456789") for _ in range(8)),
        "reporter_email": f"{plain}{rng.randint(1, 99)}@gmail.com" if rng.random() < 0.5 else None,
        "reporter_national_id": "077" + "".join(rng.choice("0123456789") for _ in range(9))
        if rng.random() < 0.2
        else None,
    }


def generate(context: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: demo submissions (one batch per day), photos written to the data dir."""
    rng = random.Random(context.seed)
    units = _units()
    media = media_root(context.settings) if context.settings is not None else None
    desk: CitizenDesk | None = None  # built on the first written batch, used for every batch
    categories = [t[0] for t in TEMPLATES]
    weights = [t[1] for t in TEMPLATES]
    count = 0
    for day in range(context.days):
        rows = []
        for _ in range(max(1, round(REPORTS_PER_DAY * context.scale * rng.uniform(0.6, 1.4)))):
            received = context.start + timedelta(days=day, hours=rng.uniform(6, 22))
            category = rng.choices(categories, weights)[0]
            rows.append(_submission(rng, count, received, category, units, media, context.seed))
            count += 1
            if rows[-1]["lon"] is not None and rng.random() < 0.08:
                # a second citizen reports the same problem a little later, a few metres away
                first = rows[-1]
                rows.append(
                    dict(
                        first,
                        **_person(rng),
                        source_id=f"{DEMO_PREFIX}{context.seed}-{count}",
                        channel=rng.choice(["web", "app"]),
                        media_url=None,
                        attachments=0,
                        received_at=received + timedelta(hours=rng.uniform(1, 20)),
                        description="Tôi cũng muốn phản ánh: " + first["description"],
                        category=first["category"] or category,
                        lon=first["lon"] + rng.uniform(-3e-4, 3e-4),
                        lat=first["lat"] + rng.uniform(-3e-4, 3e-4),
                    )
                )
                count += 1
        frame = pd.DataFrame(rows)
        now = pd.Timestamp.now(tz="UTC")
        batch = frame[frame["received_at"] <= now].reset_index(drop=True)
        yield SUBMISSIONS.name, batch
        if context.settings is not None:  # the batch is written and opened by now
            if desk is None:
                desk = CitizenDesk.from_settings(context.settings)
                _ensure_demo_users(desk)  # once, not per daily batch (17 look-ups each)
            advance_demo_reports(desk, opened_reports(desk.store, batch), users_ready=True)


def _submission(
    rng: random.Random,
    number: int,
    received: pd.Timestamp,
    category: str,
    units: pd.DataFrame,
    media: Path | None,
    seed: int,
) -> dict[str, Any]:
    unit = units.iloc[rng.randrange(len(units))]
    street, place = rng.choice(STREETS[unit["unit_code"]]), rng.choice(PLACES)
    templates = next(t[2] for t in TEMPLATES if t[0] == category)
    description = rng.choice(templates).format(street=street, place=place)
    channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
    row = {
        "channel": channel,
        "source_id": f"{DEMO_PREFIX}{seed}-{number}",
        "received_at": received,
        "category": category if channel != "email" else None,
        "title": None,
        "description": description,
        "address": f"{rng.randint(1, 250)} {street}, {unit['name']}",
        "unit_code": unit["unit_code"],
        "lon": float(unit["lon"]) + rng.uniform(-0.006, 0.006),
        "lat": float(unit["lat"]) + rng.uniform(-0.006, 0.006),
        "media_url": None,
        "attachments": 0,
        **_person(rng),
    }
    if channel == "email":
        row["title"] = f"Phản ánh về tình trạng tại đường {street}"
    if channel == "hotline":  # a call: no coordinates, the operator types the address
        row["lon"] = row["lat"] = None
    if channel in ("web", "app") and rng.random() < 0.5 and media is not None:
        row["media_url"] = draw_photo(media, category, f"{seed}-{number}", description)
        row["attachments"] = 1
    return row


def draw_photo(folder: Path, category: str, key: str, caption: str) -> str:
    """Draw a simple scene for a report (road with a pothole, rubbish, a dark lamp …).

    Returns the public path ``/media/feedback/<id>.jpg``; the same key draws the same photo.
    """
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    name = hashlib.sha256(f"feedback-demo:{key}".encode()).hexdigest()[:32] + ".jpg"
    path = folder / name
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(int(name[:8], 16))
        image = Image.new("RGB", (640, 480), (135, 180, 220))
        draw = ImageDraw.Draw(image)
        draw.rectangle([0, 200, 640, 480], fill=(95, 95, 100))  # road
        draw.polygon([(300, 200), (340, 200), (380, 480), (260, 480)], fill=(110, 110, 115))
        for x in range(0, 640, 80):
            draw.rectangle([x + 20, 330, x + 60, 340], fill=(230, 230, 230))
        _draw_subject(draw, category, rng)
        noise = rng.integers(-12, 12, size=(480, 640, 3))
        pixels = np.clip(np.asarray(image, dtype=np.int16) + noise, 0, 255).astype("uint8")
        image = Image.fromarray(pixels).filter(ImageFilter.SMOOTH)
        draw = ImageDraw.Draw(image)
        try:
            font = ImageFont.truetype("DejaVuSans.ttf", 16)
        except OSError:
            font = ImageFont.load_default()
        draw.rectangle([0, 440, 640, 480], fill=(0, 0, 0))
        draw.text((10, 450), ("Ảnh minh họa (demo) - " + caption)[:70], fill=(255, 255, 255), font=font)
        temporary = folder / f".{name}.part"
        image.save(temporary, "JPEG", quality=80)
        temporary.replace(path)
    return f"/media/feedback/{name}"


def _draw_subject(draw: Any, category: str, rng: np.random.Generator) -> None:
    x, y = int(rng.integers(150, 450)), int(rng.integers(280, 400))
    if category in ("road_damage", "drainage_flooding"):
        colour = (40, 40, 45) if category == "road_damage" else (70, 100, 140)
        draw.ellipse([x - 90, y - 30, x + 90, y + 30], fill=colour)
    elif category in ("waste", "pollution"):
        for _ in range(25):
            cx, cy = x + int(rng.integers(-80, 80)), y + int(rng.integers(-30, 30))
            draw.ellipse(
                [cx - 18, cy - 14, cx + 18, cy + 14], fill=tuple(int(v) for v in rng.integers(20, 200, size=3))
            )
    elif category in ("street_lighting", "traffic_signal"):
        draw.rectangle([x - 5, 60, x + 5, 300], fill=(60, 60, 60))
        draw.ellipse([x - 20, 45, x + 20, 75], fill=(50, 50, 40))
    elif category == "trees":
        draw.rectangle([x - 10, 120, x + 10, 300], fill=(90, 60, 30))
        draw.ellipse([x - 90, 40, x + 60, 170], fill=(40, 120, 50))
    else:
        draw.rectangle([x - 60, y - 50, x + 60, y + 20], fill=(180, 90, 60))


# --------------------------------------------------------------------------- workflow
DEMO_USERS = {
    "demo.ioc_lead": dict(roles=["ioc_lead"], full_name="Tổ trưởng IOC (demo)"),
    "demo.ioc_staff": dict(roles=["domain_staff"], domains=["feedback"], full_name="Cán bộ tiếp nhận (demo)"),
}


def _ensure_demo_users(desk: Any) -> None:

    wanted = dict(DEMO_USERS)
    for agency in desk.settings.site.agencies:
        wanted[f"demo.{agency.code.lower()}"] = dict(
            roles=["focal_point"], agency_code=agency.code, full_name=f"Đầu mối {agency.name} (demo)"
        )
    for username, spec in wanted.items():
        if get_principal(desk.store, username) is None:
            with contextlib.suppress(AuthError):  # created meanwhile by another process
                create_user(desk.store, username, None, actor="demo", **spec)


def opened_reports(store: Store, batch: pd.DataFrame) -> list[Incident]:
    """The incidents opened from a batch of submissions (by their intake keys)."""
    keys = [f"citizen_report:{row.channel}:{row.source_id}" for row in batch.itertuples()]
    with store.session() as session:
        query = (
            select(Incident)
            .join(Alert, Alert.id == Incident.alert_id)
            .where(Alert.dedupe_key.in_(keys))
            .order_by(Incident.id)
        )
        return list(session.scalars(query))


def advance_demo_reports(
    desk: Any, incidents: list[Incident], now: pd.Timestamp | None = None, *, users_ready: bool = False
) -> int:
    """Walk freshly opened demo reports through the procedure; returns steps taken.

    How far a report gets depends on its age (older reports are further along) and a
    seeded draw, so some are still in the IOC's queue, some at the agency, some resolved
    late, a few dismissed. Each step is a real transition, checked and audited. The demo
    users are created first unless ``users_ready``.
    """
    if not users_ready:
        _ensure_demo_users(desk)
    now = (now or pd.Timestamp.now(tz="UTC")).to_pydatetime()
    staff, lead = get_principal(desk.store, "demo.ioc_staff"), get_principal(desk.store, "demo.ioc_lead")
    steps = 0
    for incident in incidents:
        if incident.duplicate_of is not None or incident.state != "received":
            continue
        rng = random.Random(incident.tracking_code)
        at = (
            pd.Timestamp(incident.received_at).tz_convert("UTC").to_pydatetime()
            if pd.Timestamp(incident.received_at).tzinfo
            else pd.Timestamp(incident.received_at).tz_localize("UTC").to_pydatetime()
        )
        plan = _plan(rng)
        agency = incident.suggested_agency
        focal = get_principal(desk.store, f"demo.{(agency or '').lower()}")
        for action, who, hours, comment in plan:
            at = at + timedelta(hours=hours)
            if at >= now:
                break
            actor = {"staff": staff, "lead": lead, "agency": focal}[who]
            if actor is None:
                break
            desk.service.transition(
                incident.id, action, actor, comment=comment, agency=agency if action == "forward" else None, now=at
            )
            steps += 1
    return steps


def _plan(rng: random.Random) -> list[tuple[str, str, float, str | None]]:
    if rng.random() < 0.06:
        return [
            ("start_verification", "staff", rng.uniform(0.5, 3), None),
            ("dismiss", "staff", rng.uniform(1, 6), "Đã xác minh tại hiện trường: không có sự việc như phản ánh."),
        ]
    late = rng.random() < 0.2
    resolve_after = rng.uniform(24 * 8, 24 * 12) if late else rng.uniform(10, 24 * 4)
    return [
        ("start_verification", "staff", rng.uniform(0.5, 4), None),
        ("verify", "staff", rng.uniform(1, 8), "Đã liên hệ người phản ánh, xác nhận thông tin."),
        ("approve", "lead", rng.uniform(0.5, 6), None),
        ("forward", "staff", rng.uniform(0.2, 2), None),
        ("accept", "agency", rng.uniform(1, 20), None),
        (
            "resolve",
            "agency",
            resolve_after,
            rng.choice(
                [
                    "Đơn vị đã cử người đến hiện trường và khắc phục xong.",
                    "Đã xử lý dứt điểm, khu vực đã trở lại bình thường.",
                    "Đã sửa chữa, đề nghị người dân tiếp tục giám sát và phản ánh nếu tái diễn.",
                ]
            ),
        ),
        ("close", "staff", rng.uniform(2, 30), None),
    ]
