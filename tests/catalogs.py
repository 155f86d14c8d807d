"""The repository's catalogs compiled for one test, so no stale or missing .mo counts."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOGS = Path(__file__).resolve().parent.parent / "translations"


def compile_catalogs(folder: Path) -> Path:
    """Every translations/<lang>/LC_MESSAGES/messages.po as a .mo under folder (fuzzy left out)."""
    for source in CATALOGS.glob("*/LC_MESSAGES/messages.po"):
        target = folder / source.relative_to(CATALOGS).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as po, target.open("wb") as mo:
            write_mo(mo, read_po(po))
    return folder
