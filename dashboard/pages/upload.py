"""Upload (Secretariat): check workbooks, show every problem to the cell, import when clean."""
from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import N_, _, language, ngettext
from dashboard.sidebar import selection
from dashboard.uploads import check_uploads, history_frame, problem_lines, target
from surveys.annotate import annotate_workbook

TYPES = ["xlsx", "xlsm", "xls", "ods", "csv", "zip"]
CHECKED_KEY = "_upload_checked"
SEVERITY = {"error": N_("Error"), "warning": N_("Warning")}


def main() -> None:
    viewer = access.require(*access.PAGE_ROLES["upload"])
    sel = selection()
    st.title(_("Upload"))
    st.caption(_("Drop the response workbooks here. Every file is checked first; nothing is stored "
                 "until all of them are free of errors."))
    store = cache.store()
    wave = st.text_input(_("Import into wave"), value=sel.wave or "", key="upload_wave",
                         placeholder=target(store, None)[2],
                         help=_("Leave empty for the questionnaire's own wave."))
    # Asked before the check: whether a delegation that already answered is a problem depends on it.
    replace = st.checkbox(_("Replace earlier answers from the same delegations"), key="upload_replace")
    uploads = st.file_uploader(_("Response workbooks"), type=TYPES, accept_multiple_files=True,
                               key="upload_files",
                               help=_("Workbooks (.xlsx, .xlsm, .xls, .ods), CSV exports (KoboToolbox, Ona, Excel; "
                                      "the text encoding is detected) or an ODK Central export (.zip of CSV files)."))
    if uploads:
        with tempfile.TemporaryDirectory(prefix="trialogue-upload-") as folder:
            paths = _save(uploads, Path(folder))
            report = _checked(store, uploads, paths, wave or None, replace)
            _report(report, paths)
            _import(store, report, paths, wave or None, replace, viewer)
    _history(store, wave or sel.wave, viewer)


def _save(uploads, folder: Path) -> list[Path]:
    paths = []
    for number, upload in enumerate(uploads):
        # A folder per file keeps the sender's file name (it appears in every message).
        path = folder / str(number) / Path(upload.name).name
        path.parent.mkdir()
        path.write_bytes(upload.getvalue())
        paths.append(path)
    return paths


def _checked(store, uploads, paths, wave, replace):
    """The check report, kept for the same files, wave and choice so widgets do not re-run it."""
    key = (wave, replace, tuple((u.name, hashlib.sha256(u.getvalue()).hexdigest()) for u in uploads))
    remembered = st.session_state.get(CHECKED_KEY)
    if remembered and remembered[0] == key:
        return remembered[1]
    bar = st.progress(0.0, text=_("Checking…"))

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total if total else 1.0,
                     text=_("Checking {name} ({done} of {total})").format(name=name, done=done + 1, total=total)
                     if name else _("Checked"))

    report = check_uploads(store, paths, wave, replace=replace, progress=progress)
    bar.empty()
    st.session_state[CHECKED_KEY] = (key, report)
    return report


def _terms() -> dict[str, str]:
    """How this page names what the command line calls --replace."""
    return {"replace": "“" + _("Replace earlier answers from the same delegations") + "”"}


def _report(report, paths) -> None:
    lang = language()
    for file in report.files:
        if file.outcome == "unchanged":  # the same file, already stored: importing it again changes nothing
            st.text(report.outcome(file).render(lang), width="stretch")  # a file name: text, not Markdown
    issues = report.issues
    errors = sum(issue.severity == "error" for issue in issues)
    if not issues:
        respondents = sum(file.respondents for file in report.files if file.outcome == "ready")
        st.success(ngettext("All files are clean: {n} respondent ready to import.",
                            "All files are clean: {n} respondents ready to import.", respondents).format(n=respondents))
        return
    st.subheader(_("Validation report"), divider="gray")
    st.write(_counts(errors, len(issues) - errors))
    for number, (file, path) in enumerate(zip(report.files, paths)):
        if file.issues:
            _file_problems(number, file, report.wording, lang, path)


def _counts(errors: int, warnings: int) -> str:
    return (ngettext("{n} error", "{n} errors", errors).format(n=errors) + " · "
            + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))


def _file_problems(number: int, file, wording, lang: str, path: Path | None = None) -> None:
    """One file: its name, then one problem per line, each message whole (plain text, wrapped)."""
    with st.container(border=True, key=f"report_{number}"):
        errors = len(file.errors)
        # Names and messages come from the workbook: shown as text, never as Markdown.
        st.text(f"{file.name} — {_counts(errors, len(file.issues) - errors)}")
        for severity, line in problem_lines(file, lang, wording, _terms()):
            st.text(f"{_(SEVERITY.get(severity, severity))} · {line}", width="stretch")
        if path is not None:
            copy = annotate_workbook(path, file.issues, path.with_name(f"checked-{path.stem}.xlsx"), lang=lang)
            st.download_button(_("Download the marked copy"), copy.read_bytes(),
                               file_name=f"{Path(file.name).stem}-checked.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               key=f"annotated_{number}", icon=":material/download:")


def _import(store, checked, paths, wave, replace, viewer) -> None:
    if not checked.ok:
        st.warning(_("Nothing was imported. Fix the errors in the marked copies and upload all files again."))
        return
    if not st.button(_("Import"), type="primary", key="upload_import"):
        return
    from surveys.audit import imported
    from surveys.importer import import_files

    bar = st.progress(0.0, text=_("Importing…"))
    report = import_files(store, paths, wave=wave, replace=replace,
                          progress=lambda done, total, _msg: bar.progress(done / total if total else 1.0))
    imported(store, report, viewer.actor)
    bar.empty()
    cache.clear_versions()
    st.session_state.pop(CHECKED_KEY, None)
    if report.ok:
        st.success(ngettext("Imported {n} respondent into wave {wave}.",
                            "Imported {n} respondents into wave {wave}.", report.respondents).format(
            n=report.respondents, wave=report.wave))
    else:
        st.error(_("The import was refused; nothing was stored. What to fix:"))
        lang = language()
        for number, file in enumerate(report.files):
            if file.issues:
                _file_problems(len(paths) + number, file, report.wording, lang)


def _history(store, wave: str | None, viewer) -> None:
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
    with st.expander(_("Read the messages of an import")):
        chosen = st.selectbox(_("Import"), [r.id for r in reversed(records) if r.messages], key="history_messages",
                              format_func=lambda i: next(f"{r.id} · {r.file_name} · {r.outcome}"
                                                         for r in records if r.id == i))
        for message in next((r.messages for r in records if r.id == chosen), ()):
            st.text(message, width="stretch")
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
            record = store.withdraw_import(choice, actor=viewer.actor)
            cache.clear_versions()
            st.success(_("Withdrew import {id} ({file}).").format(id=record.id, file=record.file_name))


with reported():
    main()
