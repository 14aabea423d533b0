"""Which font draws a chart's text: one search, for the dashboard and for PNG charts alike.

Vega draws its own text, so a script outside Latin and Cyrillic needs a face named for it:
Chinese a CJK face, Arabic an Arabic one. :func:`chart_font` finds the installed family
with fontconfig (Simplified Chinese faces first) and gives a font list that starts with it,
followed by common names a reader's browser may have; the dashboard passes that list to
Vega, and :func:`png_font` also registers the face's folder with vl-convert, which sees only
the fonts it is told about. A Chinese PNG without any CJK font raises :class:`MissingFont`
instead of coming out as empty boxes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from surveys.errors import TrialogueError

#: fontconfig language and the fallback names a browser may have, per script that needs a face.
SCRIPTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "zh": ("zh", ("Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei")),
    "ar": ("ar", ("Noto Sans Arabic", "Noto Naskh Arabic", "Arial")),
}
#: Languages whose charts are refused rather than drawn without their script's glyphs.
REQUIRED: frozenset[str] = frozenset({"zh"})
DEFAULT_FONTS: tuple[str, ...] = ("Source Sans Pro", "Noto Sans", "DejaVu Sans", "Arial")

#: Faces the Word report names (the set-up installs each, scripts/setup.sh): Times New Roman,
#: which Liberation Serif stands in for with the same metrics; the Simplified Chinese faces of
#: Noto CJK, body (Song style) and headings (Hei style), named SC so that no Japanese glyph
#: forms are chosen; Amiri, a Naskh face made for running Arabic text.
DOCUMENT_LATIN, DOCUMENT_MONO = "Times New Roman", "Courier New"
DOCUMENT_EAST_ASIAN: dict[str, tuple[str, str]] = {"zh": ("Noto Serif CJK SC", "Noto Sans CJK SC")}
DOCUMENT_COMPLEX_SCRIPT: dict[str, str] = {"ar": "Amiri"}


class MissingFont(TrialogueError):
    """A chart in a language whose script needs its own font, and no such font is installed."""


def _fc_list(script: str) -> list[tuple[Path, tuple[str, ...]]]:
    """(font file, family names) of installed fonts that cover ``script``, per fontconfig."""
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(["fc-list", f":lang={script}", "file", "family"], capture_output=True,
                         text=True, timeout=30, check=False).stdout
    fonts = []
    for line in out.splitlines():
        file, _, families = line.partition(":")
        if file and families:
            fonts.append((Path(file.strip()), tuple(f.strip() for f in families.split(","))))
    return fonts


def _rank(entry: tuple[Path, str]) -> tuple[bool, bool, bool]:
    """Simplified-Chinese faces first, sans-serif before serif, proportional before mono."""
    name = entry[1]
    return ("SC" not in name.split() and "CN" not in name, "Sans" not in name, "Mono" in name)


@lru_cache(maxsize=None)
def installed_font(lang: str) -> tuple[str, str] | None:
    """(folder, family) of an installed face for ``lang``'s script, or None.

    ``TRIALOGUE_CJK_FONT_DIR`` and ``TRIALOGUE_CJK_FONT_FAMILY`` name the Chinese face
    instead of searching.
    """
    if lang not in SCRIPTS:
        return None
    if lang == "zh":
        folder, family = os.environ.get("TRIALOGUE_CJK_FONT_DIR"), os.environ.get("TRIALOGUE_CJK_FONT_FAMILY")
        if folder and family:
            return folder, family
    script, _names = SCRIPTS[lang]
    candidates = [(path, fam) for path, families in _fc_list(script) for fam in families]
    if not candidates:
        return None
    path, family = min(candidates, key=_rank)
    return str(path.parent), family


def chart_font(lang: str) -> str:
    """The font list charts in ``lang`` name: the installed face for the script, then common names."""
    found = installed_font(lang)
    names = ([found[1]] if found else []) + list(SCRIPTS.get(lang, ((), DEFAULT_FONTS))[1])
    names += [n for n in DEFAULT_FONTS if n not in names]
    return ", ".join(dict.fromkeys(names)) + ", sans-serif"


@lru_cache(maxsize=None)
def _register(folder: str) -> None:
    import vl_convert

    vl_convert.register_font_directory(folder)


def png_face(lang: str) -> tuple[str | None, str | None]:
    """(folder, family) of the face a PNG chart in ``lang`` is drawn with, for the renderer to
    register; (None, None) when the default face serves. Raises :class:`MissingFont` for
    Chinese without a CJK face."""
    if lang not in SCRIPTS:
        return None, None
    found = installed_font(lang)
    if found is None:
        if lang in REQUIRED:
            png_font(lang)  # raises MissingFont
        return None, None
    return found


def png_font(lang: str) -> str | None:
    """The face a PNG chart in ``lang`` is drawn with, registered with vl-convert; None when the
    default face serves. Raises :class:`MissingFont` for Chinese without a CJK face."""
    if lang not in SCRIPTS:
        return None
    found = installed_font(lang)
    if found is None:
        if lang in REQUIRED:
            raise MissingFont(
                "A Chinese export needs a font with Chinese characters for its charts, and none is "
                "installed; install one (on Debian: apt install fonts-noto-cjk) or set "
                "TRIALOGUE_CJK_FONT_DIR and TRIALOGUE_CJK_FONT_FAMILY.")
        return None
    _register(found[0])
    return found[1]
