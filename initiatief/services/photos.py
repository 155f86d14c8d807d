"""Staff portrait uploads: checked by content, redrawn as a square JPEG, stored by random name."""

import os
import re
import secrets
import struct
import tempfile
from io import BytesIO
from pathlib import Path
from typing import IO

from flask import current_app, has_app_context
from flask_babel import gettext as _
from PIL import Image, ImageOps

from .errors import DomainError

PORTRAIT_SIZE = 400
# JPEG: every browser and mail client shows it, a photo needs no transparency, and at
# 400x400 WebP would save only a few kilobytes. Quality 85 is where artefacts stop showing.
OUTPUT_EXTENSION = ".jpg"
JPEG_QUALITY = 85
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Far above any phone camera, far below Pillow's own bomb limit (about 89 megapixels),
# so Pillow's warning never decides on its own whether we decode.
MAX_PIXELS = 40_000_000
# What Pillow reports after reading the content. Phones often write a JPEG with extra
# pictures inside (MPO); Pillow names that format "MPO", the first picture is the photo.
ALLOWED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP")
# Flattening transparency onto white, like the page behind a contact card.
BACKGROUND = (255, 255, 255)
PHOTOS_FOLDER = "photos"
# The form field a refused upload belongs to: the staff profile's photo.
PHOTO_FIELD = "photo"

# Pillow's parsers signal broken files with all of these, depending on where they break.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError)
# A plain file name as save_portrait and the demo portraits write them: no folders, no dots first.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.(?:jpg|jpeg|png|webp)")


def save_portrait(
    data: bytes | IO[bytes], upload_dir: str | Path, *, max_bytes: int | None = None
) -> str:
    """Store an uploaded portrait as <upload_dir>/photos/<random hex>.jpg; return that name.

    Only JPEG, PNG and WebP are accepted, judged by the bytes themselves; the uploaded
    file name and content type are never looked at. The picture is decoded and drawn
    again as a 400x400 centre crop, so EXIF (GPS, camera, date) and anything hidden in
    the file are left behind. `max_bytes` defaults to the app's PHOTO_MAX_BYTES (5 MB).
    Nothing is written unless the photo is accepted; raises DomainError otherwise.
    """
    if max_bytes is None:
        max_bytes = _configured_max_bytes()
    raw = _read_limited(data, max_bytes)
    if not raw:
        raise DomainError(
            _("Het bestand is leeg. Kies een foto en probeer het opnieuw."), PHOTO_FIELD
        )
    if len(raw) > max_bytes:
        raise DomainError(
            _(
                "De foto is groter dan %(limit)s. Kies een kleinere foto of maak de foto"
                " kleiner, en probeer het opnieuw.",
                limit=_size_label(max_bytes),
            ),
            PHOTO_FIELD,
        )
    encoded = _reencode(raw)
    return _write_new(Path(upload_dir) / PHOTOS_FOLDER, encoded)


def delete_portrait(name: str | None, upload_dir: str | Path) -> bool:
    """Remove a previous portrait; True if a file was removed, False if there was none.

    `name` comes from User.photo, so a value that is not a plain file name means a bug
    or a tampered row: that raises ValueError instead of touching any other file.
    """
    if not name:
        return False
    if not _SAFE_NAME.fullmatch(name):
        raise ValueError(f"not a portrait file name: {name!r}")
    path = Path(upload_dir) / PHOTOS_FOLDER / name
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def _configured_max_bytes() -> int:
    if has_app_context():
        return int(current_app.config.get("PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES))
    return DEFAULT_MAX_BYTES


def _read_limited(data: bytes | IO[bytes], max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes: enough to know a file is too big without reading it all."""
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data[: max_bytes + 1])
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    # Loop because a raw stream may return fewer bytes than asked before its end.
    while remaining > 0:
        chunk = data.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _reencode(raw: bytes) -> bytes:
    """Decode the upload and encode a fresh square JPEG; DomainError for anything else."""
    not_a_photo = _(
        "Dit bestand is geen foto die wij kunnen gebruiken. Kies een foto van het type"
        " JPG, PNG of WebP."
    )
    too_many_pixels = _(
        "De foto heeft te veel pixels (meer dan %(limit)s megapixel). Maak de foto kleiner"
        " en probeer het opnieuw.",
        limit=MAX_PIXELS // 1_000_000,
    )
    broken = _(
        "De foto is beschadigd of niet helemaal verstuurd. Probeer het opnieuw of kies"
        " een andere foto."
    )
    try:
        # formats= makes Pillow try only these decoders: an SVG, GIF, PDF or program
        # never reaches a parser we did not choose.
        with Image.open(BytesIO(raw), formats=["JPEG", "PNG", "WEBP"]) as image:
            if image.format not in ALLOWED_FORMATS:
                raise DomainError(not_a_photo, PHOTO_FIELD)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise DomainError(too_many_pixels, PHOTO_FIELD)
            portrait = _square_portrait(image)
    except Image.UnidentifiedImageError:
        raise DomainError(not_a_photo, PHOTO_FIELD) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own check in Image.open; the warning arrives as an error wherever
        # warnings are errors (the tests), elsewhere MAX_PIXELS above catches the same file.
        raise DomainError(too_many_pixels, PHOTO_FIELD) from None
    except _DECODE_ERRORS:
        raise DomainError(broken, PHOTO_FIELD) from None
    # Pillow carries the source's info (JPEG comment, XMP, EXIF) through every step and
    # writes some of it back on save; a fresh image holds the pixels and nothing else.
    clean = Image.new("RGB", portrait.size)
    clean.paste(portrait)
    out = BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _square_portrait(image: Image.Image) -> Image.Image:
    """Upright, RGB, centre-cropped and scaled to PORTRAIT_SIZE on both sides."""
    # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale: far less memory for a camera photo.
    # Draft keeps both sides at least the requested size; other formats ignore it.
    image.draft("RGB", (PORTRAIT_SIZE, PORTRAIT_SIZE))
    # Phones store a photo sideways plus an orientation tag; turn the pixels instead,
    # because the tag is about to be dropped with the rest of the EXIF.
    upright = ImageOps.exif_transpose(image)
    rgb = _to_rgb(upright)
    return ImageOps.fit(
        rgb, (PORTRAIT_SIZE, PORTRAIT_SIZE), method=Image.Resampling.LANCZOS, centering=(0.5, 0.5)
    )


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # 16-bit greys would clip to white in a plain convert; scale them to 8 bits.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _write_new(folder: Path, encoded: bytes) -> str:
    """Write under a fresh random name; the name appears only when the file is complete."""
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + OUTPUT_EXTENSION
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(encoded)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, folder / name)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return name


def _size_label(max_bytes: int) -> str:
    """'5 MB', '1,5 MB' or '200 kB': Dutch decimal comma, no trailing zeros."""
    if max_bytes >= 1024 * 1024:
        value, unit = max_bytes / (1024 * 1024), "MB"
    else:
        value, unit = max(max_bytes / 1024, 0.1), "kB"
    number = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number} {unit}"
