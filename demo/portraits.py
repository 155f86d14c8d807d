"""Friendly abstract staff portraits, drawn with Pillow so the demo downloads nothing."""

import hashlib
import random
import secrets
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 400
# Drawn at twice the size and scaled down: Pillow draws shapes without anti-aliasing.
SCALE = 2

BACKGROUNDS = (
    (226, 238, 250), (250, 234, 222), (228, 244, 232), (243, 230, 244),
    (252, 244, 214), (224, 241, 243), (238, 233, 224), (236, 236, 250),
)  # fmt: skip
SKIN = (
    (255, 226, 200), (241, 196, 160), (226, 172, 130), (199, 138, 98),
    (163, 104, 68), (122, 78, 50), (92, 58, 40),
)  # fmt: skip
HAIR = (
    (34, 28, 26), (68, 44, 30), (116, 76, 44), (178, 134, 76),
    (222, 196, 140), (156, 156, 160), (146, 58, 36),
)  # fmt: skip
CLOTHES = (
    (44, 96, 160), (40, 132, 86), (182, 80, 70), (120, 86, 156),
    (214, 156, 40), (66, 76, 88), (0, 120, 124), (196, 104, 138),
)  # fmt: skip
STYLES = ("short", "long", "bun", "curly", "bald", "side")


def draw_portrait(key: str) -> bytes:
    """A 400x400 PNG of a head and shoulders; the same key always gives the same picture."""
    rng = random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))
    s = SIZE * SCALE
    skin = rng.choice(SKIN)
    style = rng.choice(STYLES)
    look = {
        "background": rng.choice(BACKGROUNDS),
        "skin": skin,
        # Hair close to the skin tone turns the face into a blot; keep some contrast.
        "hair": rng.choice([h for h in HAIR if _distance(h, skin) > 90]),
        "clothes": rng.choice(CLOTHES),
        "style": style,
        "glasses": rng.random() < 0.35,
        "beard": style != "long" and rng.random() < 0.25,
        "tilt": rng.randint(-12, 12),
    }
    image = Image.new("RGB", (s, s), look["background"])
    draw = ImageDraw.Draw(image)
    cx = s // 2 + look["tilt"]
    _draw_halo(draw, cx, look["background"])
    if look["style"] == "long":
        draw.rounded_rectangle((cx - 175, 200, cx + 175, 640), radius=170, fill=look["hair"])
    _draw_body(draw, cx, s, look)
    _draw_head(draw, cx, look)
    _draw_hair(draw, cx, look, rng)
    _draw_face(draw, cx, look)
    image = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def save_portrait(key: str, upload_dir: str | Path) -> str:
    """Write the portrait under <upload_dir>/photos with a random name; return that name.

    The name is random like every upload's, so it cannot be guessed from the person.
    """
    folder = Path(upload_dir) / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.png"
    (folder / name).write_bytes(draw_portrait(key))
    return name


def _distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def _shade(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def _draw_halo(draw: ImageDraw.ImageDraw, cx: int, background) -> None:
    draw.ellipse((cx - 330, 90, cx + 330, 750), fill=_shade(background, 0.95))


def _draw_body(draw: ImageDraw.ImageDraw, cx: int, s: int, look: dict) -> None:
    skin, clothes = look["skin"], look["clothes"]
    draw.rectangle((cx - 58, 470, cx + 58, 660), fill=_shade(skin, 0.9))
    draw.ellipse((cx - 320, 610, cx + 320, s + 420), fill=clothes)
    # A V-neck and a collar line make the shape read as a person, not a bell.
    draw.polygon([(cx - 70, 622), (cx + 70, 622), (cx, 720)], fill=_shade(skin, 0.9))
    draw.line([(cx - 78, 618), (cx, 728), (cx + 78, 618)], fill=_shade(clothes, 0.8), width=10)


def _draw_head(draw: ImageDraw.ImageDraw, cx: int, look: dict) -> None:
    skin, hair, style = look["skin"], look["hair"], look["style"]
    draw.ellipse((cx - 165, 350, cx - 115, 440), fill=_shade(skin, 0.93))
    draw.ellipse((cx + 115, 350, cx + 165, 440), fill=_shade(skin, 0.93))
    # Hair is a mass behind the face; the face drawn over it leaves a rounded hairline.
    if style in ("short", "side", "bun"):
        draw.ellipse((cx - 150, 180, cx + 150, 420), fill=hair)
    elif style == "long":
        draw.ellipse((cx - 156, 176, cx + 156, 470), fill=hair)
    elif style == "bald":
        draw.ellipse((cx - 146, 300, cx - 110, 400), fill=hair)
        draw.ellipse((cx + 110, 300, cx + 146, 400), fill=hair)
    draw.ellipse((cx - 138, 236, cx + 138, 560), fill=skin)


def _draw_hair(draw: ImageDraw.ImageDraw, cx: int, look: dict, rng: random.Random) -> None:
    hair, style = look["hair"], look["style"]
    if style == "curly":
        for step in range(13):
            x = cx - 150 + step * 25
            y = 228 + abs(step - 6) * 12
            r = rng.randint(34, 44)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=hair)
    elif style == "bun":
        draw.ellipse((cx - 60, 118, cx + 60, 228), fill=hair)
    elif style == "side":
        draw.polygon([(cx - 136, 320), (cx - 90, 230), (cx + 20, 214), (cx + 60, 262)], fill=hair)
    elif style == "short":
        draw.chord((cx - 110, 210, cx + 110, 320), 180, 360, fill=hair)


def _draw_face(draw: ImageDraw.ImageDraw, cx: int, look: dict) -> None:
    ink = (52, 40, 36)
    if look["beard"]:
        draw.chord((cx - 140, 300, cx + 140, 562), 10, 170, fill=look["hair"])
        draw.ellipse((cx - 58, 440, cx + 58, 500), fill=look["skin"])
    for ex in (cx - 58, cx + 58):
        draw.ellipse((ex - 15, 370, ex + 15, 398), fill=ink)
        if look["glasses"]:
            draw.ellipse((ex - 44, 340, ex + 44, 428), outline=ink, width=8)
    if look["glasses"]:
        draw.line([(cx - 14, 378), (cx + 14, 378)], fill=ink, width=8)
    # Soft cheeks and a smile keep the picture friendly.
    cheek = _shade(look["skin"], 0.9)
    draw.ellipse((cx - 112, 420, cx - 72, 452), fill=cheek)
    draw.ellipse((cx + 72, 420, cx + 112, 452), fill=cheek)
    draw.arc((cx - 52, 410, cx + 52, 490), 25, 155, fill=ink, width=9)
