"""Report charts: diverging stacked bars for the ordinal items of one question, as PNG.

The chart is plain Vega-Lite JSON built from the summary's counts (no Streamlit, no
dashboard import), rendered offline by vl-convert. Each bar is one group's answers to one
item; the disagreeing side runs left of zero and the agreeing side right of it, the middle
choice of an odd scale split across zero (Robbins & Heiberger 2011, "Plotting Likert and
other rating scales"). Items that share a choice list share a legend; a question with items
on two scales gets one panel per scale.

Chinese labels need a font with CJK glyphs. vl-convert only sees fonts it is told about, so
:func:`chart_font` finds one with fontconfig and registers its folder; when there is none it
raises :class:`MissingFont` instead of letting the chart come out as empty boxes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from surveys.errors import TrialogueError

from .findings import Context, ordered_groups, scale

#: Languages whose labels need CJK glyphs.
CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
#: ColorBrewer RdBu, with a grey middle (white vanishes on paper), by number of choices.
PALETTES: Mapping[int, tuple[str, ...]] = {
    2: ("#ef8a62", "#67a9cf"),
    3: ("#ef8a62", "#d9d9d9", "#67a9cf"),
    4: ("#ca0020", "#f4a582", "#92c5de", "#0571b0"),
    5: ("#ca0020", "#f4a582", "#d9d9d9", "#92c5de", "#0571b0"),
    6: ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"),
    7: ("#b2182b", "#ef8a62", "#fddbc7", "#d9d9d9", "#d1e5f0", "#67a9cf", "#2166ac"),
}
WIDTH = 440  # px of the bar area; rendered at scale 2 this prints sharp at 16 cm


class MissingFont(TrialogueError):
    """A Chinese export was asked for but no font with Chinese glyphs is installed."""


def _fc_list_cjk() -> list[tuple[Path, tuple[str, ...]]]:
    """(font file, family names) of installed fonts that cover Chinese, per fontconfig."""
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(["fc-list", ":lang=zh", "file", "family"], capture_output=True,
                         text=True, timeout=30, check=False).stdout
    fonts = []
    for line in out.splitlines():
        file, _, families = line.partition(":")
        if file and families:
            fonts.append((Path(file.strip()), tuple(f.strip() for f in families.split(","))))
    return fonts


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str]:
    """(folder, family) of a font with Chinese glyphs; raises :class:`MissingFont` when none.

    ``TRIALOGUE_CJK_FONT_DIR`` and ``TRIALOGUE_CJK_FONT_FAMILY`` override the search.
    Simplified-Chinese sans-serif faces are preferred (report charts use a sans face).
    """
    folder, family = os.environ.get("TRIALOGUE_CJK_FONT_DIR"), os.environ.get("TRIALOGUE_CJK_FONT_FAMILY")
    if folder and family:
        return folder, family
    candidates = [(path, fam) for path, families in _fc_list_cjk() for fam in families]

    def rank(entry: tuple[Path, str]) -> tuple[int, int, int]:
        name = entry[1]
        return ("SC" not in name.split() and "CN" not in name, "Sans" not in name, "Mono" in name)

    if not candidates:
        raise MissingFont(
            "A Chinese export needs a font with Chinese characters for its charts, and none is "
            "installed; install one (on Debian: apt install fonts-noto-cjk) or set "
            "TRIALOGUE_CJK_FONT_DIR and TRIALOGUE_CJK_FONT_FAMILY.")
    path, family = min(candidates, key=rank)
    return str(path.parent), family


@lru_cache(maxsize=None)
def _register(folder: str) -> None:
    import vl_convert

    vl_convert.register_font_directory(folder)


def chart_font(lang: str) -> str | None:
    """The font family charts in ``lang`` use; registers a CJK font with vl-convert if needed."""
    if lang not in CJK_LANGUAGES:
        return None
    folder, family = cjk_font()
    _register(folder)
    return family


def _wrap(label: str, lang: str, width: int = 72) -> str:
    if lang in CJK_LANGUAGES:  # no spaces to break at; CJK glyphs are twice as wide
        step = width // 2
        return "\n".join(label[i:i + step] for i in range(0, len(label), step))
    return "\n".join(textwrap.wrap(label, width)) or label


def _scale(item: Mapping[str, Any], ctx: Context) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(scale key, ((choice name, label), …)) of an ordinal item, in scale order."""
    pairs = tuple((str(lv["name"]), ctx.level_label(item, lv["name"])) for lv in scale(item))
    # Two lists can share choice names ("1" … "5") and differ in labels; the labels decide.
    return "|".join(f"{name}={label}" for name, label in pairs), pairs


def diverging_rows(item: Mapping[str, Any], ctx: Context, choices: Sequence[tuple[str, str]],
                   item_label: str) -> list[dict[str, Any]]:
    """One row per group × choice with the bar segment's start ``x`` and end ``x2`` (shares)."""
    rows: list[dict[str, Any]] = []
    k = len(choices)
    groups = item.get("groups") or {}
    for code in ordered_groups(groups, ctx.by):
        counts = groups[code].get("counts") or {}
        total = sum(float(counts.get(c, 0) or 0) for c, _ in choices)
        if total <= 0:
            continue
        shares = [float(counts.get(c, 0) or 0) / total for c, _ in choices]
        left = sum(shares[: k // 2]) + (shares[k // 2] / 2 if k % 2 else 0.0)
        x = -left
        group_label = f"{ctx.group_label(code)} (n={int(total)})"
        for (choice, label), share in zip(choices, shares):
            rows.append({"item": item_label, "group": group_label, "choice": label,
                         "share": round(share, 4), "x": round(x, 6), "x2": round(x + share, 6)})
            x += share
    return rows


def question_chart_spec(items: Sequence[Mapping[str, Any]], ctx: Context) -> dict[str, Any] | None:
    """Vega-Lite spec for the ordinal items of one question; None when it has none with answers."""
    panels: dict[str, dict[str, Any]] = {}
    for item in items:
        if item.get("kind") != "ordinal":
            continue
        key, choices = _scale(item, ctx)
        if not choices:
            continue
        rows = diverging_rows(item, ctx, choices, _wrap(ctx.item_label(item), ctx.lang))
        if rows:
            panel = panels.setdefault(key, {"choices": choices, "rows": [], "items": []})
            panel["rows"] += rows
            panel["items"].append(rows[0]["item"])
    if not panels:
        return None
    subs = [_panel(p["rows"], p["items"], p["choices"]) for p in panels.values()]
    spec: dict[str, Any] = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
                            "vconcat": subs, "spacing": 18,
                            "resolve": {"scale": {"color": "independent"}, "legend": {"color": "independent"}}}
    font = chart_font(ctx.lang)
    config: dict[str, Any] = {"view": {"stroke": None}, "axis": {"labelFontSize": 10},
                              "header": {"labelFontSize": 11}, "legend": {"labelFontSize": 10}}
    if font:
        # Measuring text in a CJK face is slow in vl-convert; tick labels are digits, so they
        # keep the default face and only the labels that need Chinese glyphs pay for it.
        config["font"] = font
        config["axisX"] = {"labelFont": "sans-serif"}
    spec["config"] = config
    return spec


def _panel(rows: list[dict[str, Any]], items: list[str], choices: Sequence[tuple[str, str]]) -> dict[str, Any]:
    labels = [label for _, label in choices]
    palette = PALETTES.get(len(labels))
    colour: dict[str, Any] = {"domain": labels}
    if palette:
        colour["range"] = list(palette)
    else:
        colour["scheme"] = "redblue"
    return {
        "data": {"values": rows},
        "facet": {"row": {"field": "item", "type": "nominal", "sort": items,
                          "header": {"title": None, "labelAngle": 0, "labelAlign": "left",
                                     "labelAnchor": "start", "labelOrient": "top", "labelLimit": 0,
                                     "labelExpr": "split(datum.value, '\\n')"}}},
        "spec": {
            "width": WIDTH, "height": {"step": 16},
            "layer": [
                {"mark": {"type": "bar", "stroke": "white", "strokeWidth": 0.5},
                 "encoding": {
                     "y": {"field": "group", "type": "nominal", "title": None, "sort": None},
                     "x": {"field": "x", "type": "quantitative", "title": None,
                           "scale": {"domain": [-1, 1]},
                           "axis": {"format": "%", "labelExpr": "format(abs(datum.value), '.0%')",
                                    "tickCount": 8}},
                     "x2": {"field": "x2"},
                     "color": {"field": "choice", "type": "ordinal", "sort": labels, "scale": colour,
                               "legend": {"orient": "bottom", "title": None, "direction": "horizontal",
                                          "columns": min(len(labels), 3), "labelLimit": 260}},
                 }},
                {"mark": {"type": "rule", "color": "#555555"}, "encoding": {"x": {"datum": 0}}},
            ],
        },
        "resolve": {"scale": {"y": "independent"}},
    }


def render_png(spec: Mapping[str, Any], scale: float = 2.0) -> bytes:
    """PNG bytes of a Vega-Lite spec, rendered offline by vl-convert."""
    import vl_convert

    return vl_convert.vegalite_to_png(dict(spec), scale=scale)


def question_chart_png(items: Sequence[Mapping[str, Any]], ctx: Context) -> bytes | None:
    """The question's chart as PNG, or None when it has no ordinal item with answers."""
    spec = question_chart_spec(items, ctx)
    return render_png(spec) if spec is not None else None
