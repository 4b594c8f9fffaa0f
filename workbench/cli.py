"""The ``ioc`` console script: the core's commands plus everything above the core.

:mod:`ioc.cli` holds the core's sub-commands; this module adds those that need the layers
the core must not import — ``serve`` (dashboards), ``demo --models`` (NLP), ``nlp``,
``geodata`` — and every plugin's own sub-commands (``Plugin.commands``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from dashboards.offline_voila import run_voila
from dashboards.serve import serve as serve_dashboards
from dashboards.wall import wall_urls
from geodata.cli import app as geodata_app
from ioc.cli import app, console, datalayer, demo_logins, fail, mount_plugin_commands
from ioc.config import settings, suggest
from ioc.demo import PROFILES, run_demo, run_profile
from ioc.plugins import UnknownNameError, registry
from nlp.cli import app as nlp_app
from nlp.defaults import ensure_default_models

__all__ = ["app", "main"]

app.add_typer(geodata_app, name="geodata")
app.add_typer(nlp_app, name="nlp", help="Xử lý ngôn ngữ tiếng Việt: huấn luyện, đánh giá, mô hình (Vietnamese NLP).")


@app.command()
def demo(
    days: Annotated[int, typer.Option(help="Số ngày dữ liệu mẫu (days of demo data)")] = 14,
    scale: Annotated[
        float, typer.Option(help="Hệ số quy mô; với --profile: phần của hồ sơ, ví dụ 0.1 (fraction of the profile)")
    ] = 1.0,
    profile: Annotated[
        str | None,
        typer.Option(help="Hồ sơ quy mô, ví dụ province-year: một năm của cả tỉnh (sizing profile; --days ignored)"),
    ] = None,
    seed: Annotated[int, typer.Option(help="Hạt giống ngẫu nhiên (random seed)")] = 7,
    plugin: Annotated[list[str] | None, typer.Option(help="Chỉ các plugin này (only these plugins)")] = None,
    models: Annotated[bool, typer.Option(help="Huấn luyện mô hình NLP mặc định nếu chưa có")] = False,
    resume: Annotated[
        bool,
        typer.Option(help="Với --profile: chạy tiếp lần chạy bị dừng (cùng hồ sơ, --scale, --seed) từ lô đã lưu cuối"),
    ] = False,
    demo_logins_: Annotated[
        bool, typer.Option("--demo-logins", help="Đặt mật khẩu 'demo1234' cho các tài khoản mẫu demo.*")
    ] = False,
) -> None:
    """Sinh và nạp dữ liệu mẫu (generate and ingest the site's demo data)."""
    if days < 1 or scale <= 0:
        fail("--days phải ≥ 1 và --scale > 0")
    if resume and profile is None:
        fail("--resume chỉ dùng với --profile (resuming is for sizing-profile runs)")
    for name in plugin or ():  # before anything is generated: the registry's own check and wording
        try:
            registry().get(name)
        except UnknownNameError as error:
            fail(str(error))
    dl = datalayer()
    if models:  # first, so the demo's citizen reports are labelled as they are ingested
        ensure_default_models(dl.settings.paths.models, progress=True)
    if profile is not None:
        if profile not in PROFILES:
            fail(f"không có hồ sơ {profile!r}{suggest(profile, sorted(PROFILES))}")
        totals = run_profile(
            dl, profile, fraction=scale, seed=seed, plugins=plugin or None, progress=True, resume=resume
        )
    else:
        totals = run_demo(dl, days=days, scale=scale, seed=seed, plugins=plugin or None, progress=True)
    for table, counts in totals.items():
        console.print(f"{table}: {counts['accepted']} dòng mới, {counts['rejected']} loại, {counts['duplicate']} trùng")
    if demo_logins_:
        demo_logins(dl.store)


@app.command()
def serve(
    port: Annotated[int | None, typer.Option(help="Cổng (port)")] = None,
    address: Annotated[str | None, typer.Option(help="Địa chỉ (address)")] = None,
    show: Annotated[bool, typer.Option(help="Mở trình duyệt")] = False,
    auth: Annotated[
        bool | None,
        typer.Option("--auth/--no-auth", help="Bắt buộc đăng nhập (mặc định: khi đã có tài khoản có mật khẩu)"),
    ] = None,
    wall: Annotated[bool, typer.Option(help="Giao diện tối cho màn hình lớn (video wall)")] = False,
) -> None:
    """Chạy các bảng điều khiển (serve the dashboards)."""
    cfg = settings()
    extra = {"dark": True} if wall else {}
    serve_dashboards(cfg, port=port or cfg.port, address=address or cfg.host, show=show, auth=auth, **extra)


@app.command()
def wall(
    port: Annotated[int | None, typer.Option(help="Cổng (port)")] = None,
    address: Annotated[str | None, typer.Option(help="Địa chỉ (address)")] = None,
    kiosk: Annotated[
        bool, typer.Option("--kiosk/--no-kiosk", help="Mở mỗi màn hình bằng Chromium ở chế độ kiosk")
    ] = False,
) -> None:
    """Chạy video wall: danh sách trang theo ioc.yaml (wall.screens), tự làm mới, vụ việc nóng chiếm màn hình."""
    cfg = settings()
    port, address = port or cfg.port, address or cfg.host
    if kiosk:
        windows = open_kiosk_windows(wall_urls(cfg, address, port), profiles=cfg.data_dir / "wall-browser")  # noqa: F841 - kept while the server runs
    serve_dashboards(cfg, port=port, address=address, dark=True)


@app.command()
def voila(
    notebook: Annotated[str, typer.Argument(help="Notebook, ví dụ dashboards/voila/environment.ipynb")],
    port: Annotated[int, typer.Option(help="Cổng (port)")] = 8866,
    address: Annotated[str | None, typer.Option(help="Địa chỉ (address)")] = None,
) -> None:
    """Chạy một notebook bằng Voila, không tải gì từ Internet (màn hình video wall không có mạng ngoài)."""
    if not Path(notebook).is_file():
        fail(f"không có notebook {notebook!r}")
    run_voila(notebook, port=port, address=address or settings().host)


def open_kiosk_windows(urls: list[str], profiles: Path) -> list[subprocess.Popen]:
    """One Chromium kiosk window per screen, placed side by side (1920 px apart).

    Each screen keeps one browser profile under ``profiles`` (``screen-0``, ``screen-1`` …),
    reused at every start: a fresh temporary profile per start would pile up on the wall PC.
    Returns the browser processes; they run in their own session and outlive this one.
    """
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        fail("Không tìm thấy Chromium (apt-get install chromium)")
    windows = []
    for number, url in enumerate(urls):
        profile = profiles / f"screen-{number}"
        profile.mkdir(parents=True, exist_ok=True)
        window = subprocess.Popen(
            [
                browser,
                "--kiosk",
                "--noerrdialogs",
                "--disable-translate",
                f"--user-data-dir={profile}",
                f"--window-position={1920 * number},0",
                f"--app={url}",
            ],
            start_new_session=True,
        )
        windows.append(window)
    return windows


mount_plugin_commands(app)


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="ioc")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
