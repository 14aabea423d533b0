"""Downloads of the Export page: the results table from the summary (no Streamlit).

The report writers (Word, Excel, Markdown) and the answers CSV live in ``analysis.exports``;
the page calls them through ``dashboard.cache.report`` so a file is built once per data
version, with the same spreadsheet-injection guard and freeze as ``python -m analysis export``.
"""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from analysis.exports.neutralise import neutralise

from .i18n import N_

RESULT_COLUMNS = ("question", "item", "kind", "label_en", "group", "n", "missing", "agree_share",
                  "agree_ci95_low", "agree_ci95_high", "median", "mean", "sd", "consensus",
                  "test", "statistic", "pvalue", "qvalue", "effect_size", "effect_magnitude")


def _pair(value: Any) -> tuple[Any, Any]:
    if isinstance(value, Mapping):
        return value.get("low"), value.get("high")
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return value[0], value[1]
    return None, None


def summary_frame(summary: Mapping[str, Any]) -> pd.DataFrame:
    """One row per item and group with its statistics and the item's test."""
    rows = []
    for item in summary.get("items") or []:
        test = item.get("test") or {}
        effect = test.get("effect_size") or {}
        label = item.get("label") or {}
        for code, stats in (item.get("groups") or {}).items():
            low, high = _pair(stats.get("agree_ci95"))
            rows.append((item.get("question"), item["item"], item.get("kind"),
                         label.get("en") if isinstance(label, Mapping) else label, code,
                         stats.get("n"), stats.get("missing"), stats.get("agree_share"), low, high,
                         stats.get("median"), stats.get("mean"), stats.get("sd"), stats.get("consensus"),
                         test.get("name"), test.get("statistic"), test.get("pvalue"), test.get("qvalue"),
                         effect.get("value"), effect.get("magnitude")))
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))


def summary_csv(summary: Mapping[str, Any]) -> bytes:
    """:func:`summary_frame` as UTF-8 CSV with a byte-order mark (Excel opens Chinese text right).

    Text cells are neutralised (OWASP CSV injection): item labels come from instruments that
    other teams write, and a label starting with ``=`` would be a live formula.
    """
    frame = summary_frame(summary)
    text = frame.select_dtypes(include=["object", "string"]).columns
    frame[text] = frame[text].map(neutralise)
    return frame.to_csv(index=False).encode("utf-8-sig")


#: Report formats of ``analysis.exports`` and their download labels and MIME types.
REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "docx": (N_("Word report (.docx)"),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (N_("Excel workbook (.xlsx)"),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "md": (N_("Markdown report (.md)"), "text/markdown"),
    "csv": (N_("Answers, one row per respondent and item (CSV)"), "text/csv"),
}
