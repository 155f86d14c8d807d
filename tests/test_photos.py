"""Staff portrait uploads: only real photos get in, redrawn square, upright, without metadata."""

import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import Babel
from PIL import Image
from werkzeug.datastructures import FileStorage

from initiatief.services import photos
from initiatief.services.errors import DomainError
from initiatief.services.photos import delete_portrait, save_portrait

NAME = re.compile(r"[0-9a-f]{32}\.jpg")
GPS = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)}


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def photo(fmt: str = "JPEG", size: tuple[int, int] = (640, 480), **params) -> bytes:
    return encode(Image.new("RGB", size, (200, 120, 40)), fmt, **params)


def png_header(width: int, height: int) -> bytes:
    """A PNG that only claims its size: Pillow judges a bomb from the header alone."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def stored(upload_dir: Path) -> list[Path]:
    folder = upload_dir / "photos"
    return sorted(folder.iterdir()) if folder.exists() else []


def open_saved(upload_dir: Path, name: str) -> Image.Image:
    image = Image.open(upload_dir / "photos" / name)
    image.load()
    return image


def close_to(pixel: tuple[int, ...], colour: tuple[int, int, int], slack: int = 24) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(pixel, colour, strict=True))


# --- accepted --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(photo("JPEG"), id="jpeg"),
        pytest.param(photo("PNG", (300, 900)), id="png-tall"),
        pytest.param(photo("WEBP", (1200, 500)), id="webp-wide"),
        pytest.param(encode(Image.new("L", (450, 450), 90), "PNG"), id="png-grey"),
        pytest.param(encode(Image.new("P", (120, 80)), "PNG"), id="png-palette-small"),
        # Phones write JPEGs with extra pictures inside; Pillow calls that format MPO.
        pytest.param(
            encode(
                Image.new("RGB", (640, 480), "red"),
                "MPO",
                save_all=True,
                append_images=[Image.new("RGB", (640, 480), "blue")],
            ),
            id="jpeg-multi-picture",
        ),
    ],
)
def test_real_photos_come_out_as_square_jpeg_without_exif(tmp_path, data):
    name = save_portrait(data, tmp_path)

    assert NAME.fullmatch(name)
    assert stored(tmp_path) == [tmp_path / "photos" / name]  # no temporary file left
    saved = open_saved(tmp_path, name)
    assert saved.format == "JPEG"
    assert saved.size == (400, 400)
    assert saved.mode == "RGB"
    assert not saved.getexif()
    assert "exif" not in saved.info


def test_accepts_a_stream_like_a_request_file(tmp_path):
    name = save_portrait(BytesIO(photo("PNG")), tmp_path)
    assert open_saved(tmp_path, name).size == (400, 400)


def test_gps_camera_comment_and_xmp_are_gone(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "Merk van de telefoon"
    exif[0x8825] = GPS
    data = photo("JPEG", exif=exif, comment=b"Huisadres", xmp=b"<x:xmpmeta>Huisadres</x:xmpmeta>")
    assert Image.open(BytesIO(data)).getexif().get_ifd(0x8825)  # the input really has GPS

    name = save_portrait(data, tmp_path)

    saved = open_saved(tmp_path, name)
    exif_after = saved.getexif()
    assert not exif_after
    assert not exif_after.get_ifd(0x8825)
    assert "comment" not in saved.info and "xmp" not in saved.info
    raw = (tmp_path / "photos" / name).read_bytes()
    for secret in (b"Exif", b"Huisadres", b"telefoon"):
        assert secret not in raw


def test_sideways_photo_is_turned_upright(tmp_path):
    # Stored as the camera saw it; orientation 6 means "turn 90 degrees clockwise to view".
    image = Image.new("RGB", (600, 600), "white")
    image.paste((220, 0, 0), (0, 0, 300, 300))  # top left: red
    image.paste((0, 170, 0), (300, 0, 600, 300))  # top right: green
    image.paste((0, 0, 220), (0, 300, 300, 600))  # bottom left: blue
    exif = Image.Exif()
    exif[0x0112] = 6

    name = save_portrait(encode(image, "JPEG", exif=exif), tmp_path)

    saved = open_saved(tmp_path, name)
    assert close_to(saved.getpixel((50, 50)), (0, 0, 220))  # blue came up to the top left
    assert close_to(saved.getpixel((350, 50)), (220, 0, 0))  # red went to the top right
    assert close_to(saved.getpixel((350, 350)), (0, 170, 0))
    assert not saved.getexif()


def test_wide_photo_is_cropped_around_the_middle(tmp_path):
    image = Image.new("RGB", (900, 300), (0, 0, 220))
    image.paste((220, 0, 0), (300, 0, 600, 300))  # the middle third: red

    saved = open_saved(tmp_path, save_portrait(encode(image, "PNG"), tmp_path))

    for point in ((5, 5), (395, 5), (200, 200), (5, 395)):
        assert close_to(saved.getpixel(point), (220, 0, 0))


def test_transparency_becomes_white_not_black(tmp_path):
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    saved = open_saved(tmp_path, save_portrait(encode(image, "PNG"), tmp_path))
    assert close_to(saved.getpixel((200, 200)), (255, 255, 255), slack=2)


def test_sixteen_bit_grey_keeps_its_tone(tmp_path):
    image = Image.new("I;16", (400, 400), 32768)  # half of 65535: middle grey
    saved = open_saved(tmp_path, save_portrait(encode(image, "PNG"), tmp_path))
    assert close_to(saved.getpixel((200, 200)), (128, 128, 128), slack=4)


# --- refused ---------------------------------------------------------------------------


def gif() -> bytes:
    return encode(Image.new("P", (40, 40)), "GIF")


def truncated_jpeg() -> bytes:
    image = Image.effect_noise((400, 400), 60).convert("RGB")  # noise: no tiny encodings
    data = encode(image, "JPEG")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        pytest.param(b"", "leeg", id="empty"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "geen foto", id="linux-program"),
        pytest.param(b"MZ\x90\x00\x03" + b"\x00" * 200, "geen foto", id="windows-program"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
            "geen foto",
            id="svg",
        ),
        pytest.param(gif(), "geen foto", id="gif"),
        pytest.param(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "geen foto", id="pdf"),
        pytest.param(encode(Image.new("RGB", (40, 40)), "BMP"), "geen foto", id="bmp"),
        pytest.param(encode(Image.new("RGB", (40, 40)), "TIFF"), "geen foto", id="tiff"),
        pytest.param(b"\xff\xd8\xff\xe0 not really a jpeg", "beschadigd", id="jpeg-magic-only"),
        pytest.param(truncated_jpeg(), "beschadigd", id="truncated-jpeg"),
        pytest.param(photo("PNG")[:-200], "beschadigd", id="truncated-png"),
        # Pillow refuses this itself in Image.open (more than twice its own limit).
        pytest.param(png_header(30_000, 30_000), "te veel pixels", id="bomb-30000"),
        # Between one and two times Pillow's limit: a warning, an error under pytest.
        pytest.param(png_header(10_000, 10_000), "te veel pixels", id="bomb-10000"),
        # A real, tiny file that Pillow would open: our own 40 megapixel limit stops it.
        pytest.param(encode(Image.new("1", (7_000, 7_000)), "PNG"), "te veel pixels", id="49mp"),
    ],
)
def test_refused_with_a_dutch_message_and_nothing_written(tmp_path, data, says):
    with pytest.raises(DomainError) as caught:
        save_portrait(data, tmp_path)

    message = caught.value.message
    assert says in message
    assert message == str(caught.value)
    assert message.endswith(".")
    assert "kies" in message.lower() or "probeer" in message.lower()  # what to do next
    assert stored(tmp_path) == []


def test_pixel_limit_is_width_times_height(tmp_path, monkeypatch):
    monkeypatch.setattr(photos, "MAX_PIXELS", 100 * 100)
    assert save_portrait(photo("PNG", (100, 100)), tmp_path)
    with pytest.raises(DomainError, match="te veel pixels"):
        save_portrait(photo("PNG", (101, 100)), tmp_path)


def test_oversize_is_refused_with_the_limit_in_the_message(tmp_path):
    data = photo("PNG")
    assert save_portrait(data, tmp_path, max_bytes=len(data))  # exactly the limit is fine
    before = stored(tmp_path)

    with pytest.raises(DomainError) as caught:
        save_portrait(data, tmp_path, max_bytes=len(data) - 1)

    assert "groter dan" in caught.value.message and "kB" in caught.value.message
    assert stored(tmp_path) == before


class CountingStream(BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.given = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.given += len(chunk)
        return chunk


def test_oversize_stream_is_not_read_to_the_end(tmp_path):
    stream = CountingStream(b"\xff\xd8" + b"\x00" * 100_000)
    with pytest.raises(DomainError, match="groter dan"):
        save_portrait(stream, tmp_path, max_bytes=1000)
    assert stream.given == 1001


def test_limit_comes_from_the_app_config(tmp_path):
    # The service needs only config and gettext, so a bare app with Babel will do.
    app = Flask(__name__)
    Babel(app)
    app.config["PHOTO_MAX_BYTES"] = 1536 * 1024
    data = encode(Image.effect_noise((1000, 1000), 80).convert("RGB"), "PNG")  # about 2.4 MB
    assert app.config["PHOTO_MAX_BYTES"] < len(data) < photos.DEFAULT_MAX_BYTES

    with app.app_context(), pytest.raises(DomainError) as caught:
        save_portrait(data, tmp_path)

    assert "groter dan 1,5 MB" in caught.value.message
    assert save_portrait(data, tmp_path)  # no app: the 5 MB default


# --- names and paths -------------------------------------------------------------------


def test_uploaded_name_and_content_type_play_no_part(tmp_path):
    upload_dir = tmp_path / "uploads"
    upload = FileStorage(
        stream=BytesIO(photo("JPEG")),
        filename="../../etc/passwd.jpg",
        content_type="image/gif",
    )

    first = save_portrait(upload, upload_dir)
    second = save_portrait(photo("JPEG"), upload_dir)

    assert NAME.fullmatch(first) and NAME.fullmatch(second) and first != second
    assert sorted(p.name for p in stored(upload_dir)) == sorted([first, second])
    assert [p for p in tmp_path.rglob("*") if p.is_file() and "photos" not in p.parts] == []


def test_a_photo_name_does_not_make_other_content_a_photo(tmp_path):
    upload = FileStorage(
        stream=BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        filename="portret.jpg",
        content_type="image/jpeg",
    )
    with pytest.raises(DomainError, match="geen foto"):
        save_portrait(upload, tmp_path)


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(photos.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save_portrait(photo("JPEG"), tmp_path)
    assert stored(tmp_path) == []


def test_delete_removes_a_previous_photo(tmp_path):
    name = save_portrait(photo("JPEG"), tmp_path)

    assert delete_portrait(name, tmp_path) is True
    assert stored(tmp_path) == []
    assert delete_portrait(name, tmp_path) is False  # already gone: nothing to do
    assert delete_portrait(None, tmp_path) is False
    assert delete_portrait("", tmp_path) is False


@pytest.mark.parametrize(
    "name",
    [
        "../secret.jpg",
        "../../secret.jpg",
        "photos/../../secret.jpg",
        "sub/portrait.jpg",
        "/etc/passwd",
        "..\\secret.jpg",
        "..",
        ".",
        ".hidden.jpg",
        "portrait.jpg\x00.png",
        "config.py",
    ],
)
def test_delete_refuses_anything_but_a_plain_name(tmp_path, name):
    upload_dir = tmp_path / "uploads"
    (upload_dir / "photos").mkdir(parents=True)
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"keep me")

    with pytest.raises(ValueError, match="not a portrait file name"):
        delete_portrait(name, upload_dir)

    assert secret.read_bytes() == b"keep me"
