"""Photos attached to citizen reports: checked, re-encoded, stored under the data dir.

A photo is opened with Pillow (so a file that is not really an image is refused),
shrunk to at most 2048 px and saved again as JPEG: re-encoding drops the EXIF block,
which often holds the GPS position of the citizen's home and the phone's serial number.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from pathlib import Path

from ioc.config import Settings

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 2048
_NAME = re.compile(r"^[0-9a-f]{32}\.jpg$")


class MediaError(ValueError):
    """An upload that is not an acceptable photo."""


def media_root(settings: Settings) -> Path:
    """``<data>/media/feedback``: where report photos live."""
    return settings.paths.media("feedback")


def save_photo(settings: Settings, data: bytes, *, content_named: bool = False) -> str:
    """Store an uploaded photo; returns its server path ``/media/feedback/<id>.jpg``.

    ``content_named`` names the file after the hash of its bytes, so storing the same
    attachment again (re-ingesting a mailbox) keeps one file.
    """
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise MediaError("media: tệp ảnh rỗng (empty file)")
    if len(data) > MAX_BYTES:
        raise MediaError(f"media: ảnh quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB)")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in {"JPEG", "PNG", "WEBP", "GIF", "BMP"}:
                raise MediaError(f"media: định dạng {image.format} không hỗ trợ (JPEG, PNG, WEBP)")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            clean = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise MediaError(f"media: tệp không phải ảnh hợp lệ (not a valid image): {error}") from None
    folder = media_root(settings)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{hashlib.sha256(data).hexdigest()[:32] if content_named else uuid.uuid4().hex}.jpg"
    temporary = folder / f".{name}.part"
    clean.save(temporary, "JPEG", quality=85)
    temporary.replace(folder / name)  # never a half-written photo under the public name
    return f"/media/feedback/{name}"


def photo_path(settings: Settings, name: str) -> Path | None:
    """The stored file for a public photo name, or ``None`` (also for any path trick)."""
    if not _NAME.match(name):
        return None
    path = media_root(settings) / name
    return path if path.is_file() else None
