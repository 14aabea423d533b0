"""The freeze: which data and settings produced an export, and the command that reproduces it.

Every report carries its freeze (Word core properties and methods annex, the Excel README
sheet, Markdown front matter); the CSV stays a plain table for analysts, so its freeze lives in
the store's export log only. The command line writes every export to that log through
``Store.record_export``. With the wave name, the compare-by variable, the filters and the data
version, ``python -m analysis export …`` rebuilds the same numbers; ``--data-version`` makes
that command refuse to run when the stored answers have changed since.
"""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any, Mapping

#: Export formats, in the order the CLI lists them.
FORMATS: tuple[str, ...] = ("docx", "pdf", "xlsx", "md", "csv")
#: File name extension per format.
EXTENSIONS: Mapping[str, str] = {"docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx", "md": ".md", "csv": ".csv"}


@dataclass(frozen=True)
class Freeze:
    """What an export was made from. ``filters`` maps a respondent variable to the kept values."""

    wave: str
    data_version: str
    by: str = "group"
    fmt: str = "docx"
    lang: str = "en"
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    generated_at: str = ""
    #: The second wave when comparing wave against wave (``by == "wave"``).
    other: str | None = None
    other_data_version: str | None = None
    #: Whom the export is for: ``secretariat`` or ``members`` (``python -m analysis export --audience``).
    audience: str = "secretariat"
    #: The coding (codebook, codings, quote bank) the report's themes and quotes come from.
    coding_version: str | None = None

    def settings(self) -> dict[str, Any]:
        """The settings as plain JSON-able values (what ``Store.record_export`` keeps)."""
        return {
            "format": self.fmt,
            "lang": self.lang,
            "by": self.by,
            "filters": {k: list(v) for k, v in self.filters.items()},
            "generated_at": self.generated_at,
            "audience": self.audience,
            **({"other": self.other, "other_data_version": self.other_data_version} if self.other else {}),
            **({"coding_version": self.coding_version} if self.coding_version else {}),
        }

    def settings_json(self) -> str:
        return json.dumps({"wave": self.wave, "data_version": self.data_version, **self.settings()},
                          ensure_ascii=False, sort_keys=True)

    def command(self, out: str | None = None) -> str:
        """The one command line that reproduces this export from the same stored data."""
        out = out or f"report{EXTENSIONS.get(self.fmt, '')}"
        parts = ["python", "-m", "analysis", "export", "--format", self.fmt, "--wave", self.wave,
                 "--by", self.by, "--lang", self.lang]
        if self.audience != "secretariat":
            parts += ["--audience", self.audience]
        if self.other:
            parts += ["--other", self.other]
        for var, values in sorted(self.filters.items()):
            for value in values:
                parts += ["--filter", f"{var}={value}"]
        parts += ["--data-version", self.data_version]
        if self.coding_version:
            parts += ["--coding-version", self.coding_version]
        parts += ["--out", out]
        return shlex.join(parts)


def normalise_filters(filters: Mapping[str, Any] | None) -> dict[str, tuple[str, ...]]:
    """Filters as ``{variable: (value, …)}`` whatever shape the summary used (value or list)."""
    if not filters:
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for var, values in filters.items():
        if isinstance(values, (list, tuple, set, frozenset)):
            result[str(var)] = tuple(str(v) for v in values)
        else:
            result[str(var)] = (str(values),)
    return result


def freeze_of(summary: Any, fmt: str, lang: str, audience: Any = None, coding_version: str | None = None) -> Freeze:
    """The freeze of an export of the frozen ``summary`` (:class:`analysis.summary.Summary`) for
    ``audience`` (an :class:`~analysis.present.disclosure.Audience`; default the secretariat),
    with the ``coding_version`` (``surveys.coding.coding_version``) of its coded comments if any."""
    return Freeze(
        wave=str(summary.wave or ""),
        data_version=str(summary.data_version or ""),
        by=str(summary.by or "group"),
        fmt=fmt,
        lang=lang,
        filters=normalise_filters(summary.filters),
        generated_at=str(summary.generated_at or ""),
        other=summary.other_wave,
        other_data_version=summary.other_data_version,
        audience=audience_name(audience),
        coding_version=coding_version,
    )


def audience_name(audience: Any = None) -> str:
    """``secretariat``, ``members`` or ``viewers``: the audience as ``--audience`` names it."""
    if audience is None or audience.sees_everything:
        return "secretariat"
    return "viewers" if audience.role == "viewer" else "members"


def record(store: Any, freeze: Freeze, file_name: str, actor: Any = None) -> None:
    """Write the export to the store's log (``Store.record_export``) so it can be traced back, and
    to the audit log (who, the data version, the audience) under ``actor`` (default: the
    command line's user)."""
    from surveys.storage.audit import command_line, log

    store.record_export(freeze.wave, freeze.data_version, freeze.settings(), file_name)
    log(store, actor or command_line(), "export", freeze.wave, file=file_name, format=freeze.fmt,
        data_version=freeze.data_version, audience=freeze.audience, by=freeze.by,
        filters={k: list(v) for k, v in freeze.filters.items()})
