"""Colours of every chart, on screen and on paper: one colour-blind-safe set.

Groups take fixed Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), so a
group keeps its colour from chart to chart. Opinion scales diverge from vermillion
(disagree, poor) to blue (agree, good) with tints towards the middle and a grey neutral:
the two Okabe–Ito hues that every common colour-vision deficiency tells apart. A sequence
of stages runs through one hue, light to dark, because its ends are not opposites.
"""
from __future__ import annotations

import math
from typing import Sequence

OKABE_ITO: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)
NEUTRAL = "#BBBBBB"
#: Text on white or the sidebar's grey must reach 4.5:1 (WCAG 2.1, 1.4.3): chart text
#: (axis labels, titles, legends), the "Don't know" column and captions.
TEXT = "#262730"
BACKGROUND = "#FFFFFF"
MUTED_TEXT = "#555761"
DONT_KNOW = "#595959"
#: The focus ring of every control (Okabe–Ito blue: 5.1:1 on white, 4.6:1 on the sidebar).
FOCUS = "#0072B2"
#: The heatmap's blues, light to dark: Vega interpolates between them in RGB, and
#: :func:`ramp` does the same, so a cell's label colour is chosen for its cell's own colour.
BLUES: tuple[str, ...] = ("#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B")
#: Rules (the zero line, interval whiskers), the outline of a mark, the track of a roster bar.
RULE, OUTLINE, TRACK = "#333333", "#000000", "#E6E6E6"
#: Fixed colours for every code a compare-by can produce; anything else cycles OKABE_ITO.
GROUP_COLOURS: dict[str, str] = {
    "council": "#0072B2", "tcc_pcc": "#E69F00", "secretariat": "#009E73", "other": "#CC79A7",
    "p5": "#0072B2", "e10": "#56B4E9", "non_member": "#E69F00",
    "african": "#E69F00", "asia_pacific": "#D55E00", "eastern_european": "#56B4E9",
    "latin_american_caribbean": "#009E73", "weog": "#0072B2",
}
NEGATIVE, POSITIVE = "#D55E00", "#0072B2"
#: The hue of a sequence of stages (Okabe–Ito bluish green).
SEQUENCE = "#009E73"


def group_colours(codes: Sequence[str]) -> list[str]:
    """The colour of each group code, fixed for known codes, cycling Okabe–Ito otherwise."""
    spare = [c for c in OKABE_ITO if c not in {GROUP_COLOURS.get(code) for code in codes}]
    colours, extra = [], 0
    for code in codes:
        if code in GROUP_COLOURS:
            colours.append(GROUP_COLOURS[code])
        else:
            colours.append(spare[extra % len(spare)] if spare else OKABE_ITO[extra % 8])
            extra += 1
    return colours


def tint(colour: str, amount: float) -> str:
    """``colour`` blended towards white by ``amount`` (0 = unchanged)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def likert_colours(k: int) -> list[str]:
    """``k`` diverging colours, strongest disagreement first; grey in the middle of odd scales."""
    half = k // 2
    steps = [0.6 * i / (half - 1) for i in range(half)] if half > 1 else [0.0] * half
    negative = [tint(NEGATIVE, t) for t in steps]
    positive = [tint(POSITIVE, t) for t in reversed(steps)]
    return negative + ([NEUTRAL] if k % 2 else []) + positive


def sequence_colours(k: int) -> list[str]:
    """``k`` shades of one hue, lightest for the earliest stage."""
    if k <= 1:
        return [SEQUENCE] * k
    return [tint(SEQUENCE, 0.8 * (1 - i / (k - 1))) for i in range(k)]


def category_colours(k: int) -> list[str]:
    """``k`` distinct colours for unordered choices."""
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(k)]


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour (WCAG 2.1, definition "relative luminance")."""
    def linear(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (labels on heatmap cells)."""
    return "#000000" if contrast("#000000", background) >= contrast("#FFFFFF", background) else "#FFFFFF"


def ramp(value: float, stops: Sequence[str] = BLUES, low: float = 0.0, high: float = 1.0) -> str:
    """The colour of ``value`` on a linear scale from ``low`` to ``high`` through ``stops``,
    interpolated in RGB as Vega's ``interpolate: "rgb"`` does (d3-interpolate, gamma 1)."""
    t = 0.0 if high == low else min(1.0, max(0.0, (value - low) / (high - low)))
    position = t * (len(stops) - 1)
    i = min(int(position), len(stops) - 2)
    f = position - i
    a, b = _rgb(stops[i]), _rgb(stops[i + 1])
    # Math.round as d3 (halves up), not Python's round (halves to even).
    return "#" + "".join(f"{math.floor(x + (y - x) * f + 0.5):02X}" for x, y in zip(a, b))


#: Votes on a statement: agreement in the positive hue (right), disagreement in the negative (left).
VOTE_COLOURS: dict[str, str] = {"agree": POSITIVE, "disagree": NEGATIVE, "pass": NEUTRAL}
