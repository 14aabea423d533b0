"""Upload (Secretariat): check workbooks, show every problem to the cell, import when clean."""
from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from dashboard import cache
from dashboard.alerts import reported
from dashboard.i18n import N_, _, ngettext
from dashboard.sidebar import selection
from dashboard.uploads import check_files, history_frame, issue_frame, target
from surveys.annotate import annotate_workbook

TYPES = ["xlsx", "xlsm", "xls", "ods", "csv", "zip"]
CHECKED_KEY = "_upload_checked"
SEVERITY = {"error": N_("Error"), "warning": N_("Warning")}


def main() -> None:
    sel = selection()
    st.title(_("Upload"))
    st.caption(_("Drop the response workbooks here. Every file is checked first; nothing is stored "
                 "until all of them are free of errors."))
    store = cache.store()
    wave = st.text_input(_("Import into wave"), value=sel.wave or "", key="upload_wave",
                         placeholder=target(store, None)[2],
                         help=_("Leave empty for the questionnaire's own wave."))
    uploads = st.file_uploader(_("Response workbooks"), type=TYPES, accept_multiple_files=True,
                               key="upload_files",
                               help=_("Workbooks (.xlsx, .xlsm, .xls, .ods), CSV exports (KoboToolbox, Ona, Excel; "
                                      "the text encoding is detected) or an ODK Central export (.zip of CSV files)."))
    if uploads:
        with tempfile.TemporaryDirectory(prefix="trialogue-upload-") as folder:
            paths = _save(uploads, Path(folder))
            checks = _checked(store, uploads, paths, wave or None)
            _report(checks, paths)
            _import(store, checks, paths, wave or None)
    _history(store, wave or sel.wave)


def _save(uploads, folder: Path) -> list[Path]:
    paths = []
    for number, upload in enumerate(uploads):
        # A folder per file keeps the sender's file name (it appears in every message).
        path = folder / str(number) / Path(upload.name).name
        path.parent.mkdir()
        path.write_bytes(upload.getvalue())
        paths.append(path)
    return paths


def _checked(store, uploads, paths, wave):
    """The check report, kept for the same files and wave so widgets do not re-run it."""
    key = (wave, tuple((u.name, hashlib.sha256(u.getvalue()).hexdigest()) for u in uploads))
    remembered = st.session_state.get(CHECKED_KEY)
    if remembered and remembered[0] == key:
        return remembered[1]
    bar = st.progress(0.0, text=_("Checking…"))

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total if total else 1.0,
                     text=_("Checking {name} ({done} of {total})").format(name=name, done=done + 1, total=total)
                     if name else _("Checked"))

    checks = check_files(store, paths, [u.name for u in uploads], wave, progress)
    bar.empty()
    st.session_state[CHECKED_KEY] = (key, checks)
    return checks


def _report(checks, paths) -> None:
    issues = [issue for check in checks for issue in check.issues]
    errors = sum(issue.severity == "error" for issue in issues)
    respondents = sum(check.respondents for check in checks)
    if not issues:
        st.success(ngettext("All files are clean: {n} respondent ready to import.",
                            "All files are clean: {n} respondents ready to import.", respondents).format(n=respondents))
        return
    st.subheader(_("Validation report"), divider="gray")
    st.write(ngettext("{n} error", "{n} errors", errors).format(n=errors) + " · "
             + ngettext("{n} warning", "{n} warnings", len(issues) - errors).format(n=len(issues) - errors))
    table = issue_frame(issues)
    left, right = st.columns(2)
    files = left.multiselect(_("Files"), sorted(set(table["file"])), key="report_files", placeholder=_("All"))
    severities = right.multiselect(_("Severity"), ["error", "warning"], key="report_severity",
                                   format_func=lambda s: _(SEVERITY[s]), placeholder=_("All"))
    keep = table["file"].isin(files or table["file"]) & table["severity"].isin(severities or table["severity"])
    shown = table[keep].assign(severity=lambda t: t["severity"].map(lambda s: _(SEVERITY.get(s, s))))
    names = {"file": _("File"), "sheet": _("Sheet"), "cell": _("Cell"), "severity": _("Severity"),
             "message": _("Message")}
    # The message says what to fix: it gets the room, the locating columns stay narrow.
    widths = {"file": 130, "sheet": 90, "cell": 60, "severity": 80, "message": 680}
    st.dataframe(shown.rename(columns=names), hide_index=True, width="stretch", column_config={
        names[column]: st.column_config.TextColumn(width=width) for column, width in widths.items()})
    for check, path in zip(checks, paths):
        if check.issues:
            copy = annotate_workbook(path, check.issues, path.with_name(f"checked-{path.stem}.xlsx"))
            st.download_button(_("Download {name} with the problems marked").format(name=check.name),
                               copy.read_bytes(), file_name=f"{Path(check.name).stem}-checked.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               key=f"annotated_{check.name}", icon=":material/download:")


def _import(store, checks, paths, wave) -> None:
    if not all(check.ok for check in checks):
        st.warning(_("Nothing was imported. Fix the errors in the marked copies and upload all files again."))
        return
    replace = st.checkbox(_("Replace earlier answers from the same delegations"), key="upload_replace")
    if not st.button(_("Import"), type="primary", key="upload_import"):
        return
    from surveys.importer import import_files

    bar = st.progress(0.0, text=_("Importing…"))
    report = import_files(store, paths, wave=wave, replace=replace,
                          progress=lambda done, total, _msg: bar.progress(done / total if total else 1.0))
    bar.empty()
    cache.clear_versions()
    st.session_state.pop(CHECKED_KEY, None)
    if report.ok:
        st.success(ngettext("Imported {n} respondent into wave {wave}.",
                            "Imported {n} respondents into wave {wave}.", report.respondents).format(
            n=report.respondents, wave=report.wave))
    else:
        st.error(_("The import was refused; nothing was stored. What to fix:"))
        st.dataframe(issue_frame([i for i in report.issues if i.severity == "error"]), hide_index=True)


def _history(store, wave: str | None) -> None:
    st.subheader(_("Import history"), divider="gray")
    records = store.imports(wave) if wave else store.imports()
    if not records:
        st.caption(_("No imports yet."))
        return
    table = history_frame(records)
    st.dataframe(table.rename(columns={"id": _("Import"), "file": _("File"), "imported_at": _("Time"),
                                       "respondents": _("Respondents"), "answers": _("Answers"),
                                       "outcome": _("Outcome"), "messages": _("Messages")}),
                 hide_index=True, width="stretch")
    stored = [r for r in records if r.outcome == "ok"]
    if not stored:
        return
    with st.expander(_("Withdraw an import")):
        choice = st.selectbox(_("Import to withdraw"), [r.id for r in stored], key="withdraw_id",
                              format_func=lambda i: next(f"{r.id} · {r.file_name} · {r.imported_at:%Y-%m-%d %H:%M}"
                                                         for r in stored if r.id == i))
        sure = st.checkbox(_("I understand its answers leave the analysis (the log keeps the import)."),
                           key="withdraw_sure")
        if st.button(_("Withdraw"), disabled=not sure, key="withdraw_button"):
            record = store.withdraw_import(choice)
            cache.clear_versions()
            st.success(_("Withdrew import {id} ({file}).").format(id=record.id, file=record.file_name))


with reported():
    main()
