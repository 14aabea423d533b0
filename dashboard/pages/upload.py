"""Upload (Secretariat): check workbooks, show every problem to the cell, import when clean."""
from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analysis.present.markdown import md_escape
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import N_, _, language, ngettext
from dashboard.sidebar import selection
from dashboard.uploads import history_frame, problem_lines, return_memory
from surveys.limits import MAX_SESSION_UPLOAD_BYTES
from surveys.reading.annotate import annotate_workbook
from surveys.storage.importer import check_files, import_target

TYPES = ["xlsx", "xlsm", "xls", "ods", "csv", "zip"]
CHECKED_KEY = "_upload_checked"
SEVERITY = {"error": N_("Error"), "warning": N_("Warning")}


ROUND_KEY = "_upload_round"
REFUSED_KEY = "_upload_refused"
DONE_KEY = "_upload_done"
MB = 1024 * 1024


def main() -> None:
    viewer = access.require(*access.PAGE_ROLES["upload"])
    sel = selection()
    st.title(_("Upload"))
    st.caption(_("Drop the response workbooks here. Every file is checked first; nothing is stored "
                 "until all of them are free of errors."))
    store = cache.store()
    wave = st.text_input(_("Import into wave"), value=sel.wave or "", key="upload_wave",
                         placeholder=import_target(store).wave,
                         help=_("Leave empty for the questionnaire's own wave."))
    # Asked before the check: whether a delegation that already answered is a problem depends on it.
    replace = st.checkbox(_("Replace earlier answers from the same delegations"), key="upload_replace")
    # A new key after each refusal or import: the widget comes back empty and its files are let go.
    uploads = st.file_uploader(_("Response workbooks"), type=TYPES, accept_multiple_files=True,
                               key=_uploader_key(),
                               help=_("Workbooks (.xlsx, .xlsm, .xls, .ods), CSV exports (KoboToolbox, Ona, Excel; "
                                      "the text encoding is detected) or an ODK Central export (.zip of CSV files). "
                                      "At most {limit} MB together.").format(limit=MAX_SESSION_UPLOAD_BYTES // MB))
    if not uploads:
        _said_before()
    else:
        st.session_state.pop(REFUSED_KEY, None)
        st.session_state.pop(DONE_KEY, None)
        total = sum(upload.size for upload in uploads)
        if total > MAX_SESSION_UPLOAD_BYTES:
            _release(uploads)
            st.session_state[REFUSED_KEY] = (_("These files come to {size} MB together; one upload may bring at most "
                                               "{limit} MB. Upload them in several goes.").format(
                size=f"{total / MB:.1f}", limit=MAX_SESSION_UPLOAD_BYTES // MB), None, ())
            st.rerun()
        with tempfile.TemporaryDirectory(prefix="trialogue-upload-") as folder:
            paths = _save(uploads, Path(folder))
            report = _checked(store, uploads, paths, wave or None, replace)
            if not report.ok and (replace or not any(i.kind == "already_answered" for i in report.issues)):
                # Nothing can be imported from these files as they are: keep the report and the
                # marked copies, let the uploaded files go (the fixed files come as a new upload).
                # Files refused only as already answered stay: the check box above may take them.
                st.session_state[REFUSED_KEY] = (None, report, _marked_copies(report, paths))
                _release(uploads)
                st.rerun()
            _report(report, paths)
            if report.ok:
                _import(store, report, paths, wave or None, replace, uploads, viewer)
            else:
                st.warning(_("Nothing was imported. Fix the errors in the marked copies and upload all files "
                             "again."))
    _history(store, wave or sel.wave, viewer)


def _uploader_key() -> str:
    number = st.session_state.get(ROUND_KEY, 0)
    return "upload_files" if number == 0 else f"upload_files_{number}"


def _release(uploads) -> None:
    """Let the uploaded files go: out of Streamlit's upload store, the widget emptied, the check
    forgotten, and the freed memory handed back to the operating system."""
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.uploaded_file_mgr is not None:
        for upload in uploads or ():
            ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=upload.file_id)
    st.session_state.pop(CHECKED_KEY, None)
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    return_memory()


def _said_before() -> None:
    """What the last refused upload or finished import said, until the next upload."""
    done = st.session_state.get(DONE_KEY)
    if done:
        st.success(done)
    refused = st.session_state.get(REFUSED_KEY)
    if not refused:
        return
    message, report, copies = refused
    if message:
        st.error(message)  # md-safe: catalogue text and sizes
    if report is not None:
        _report(report, copies)
        st.warning(_("Nothing was imported. Fix the errors in the marked copies and upload all files again."))


def _marked_copies(report, paths) -> list[bytes | None]:
    """Each file's annotated copy (every problem marked in its cell), for files with problems."""
    lang = language()
    copies = []
    for file, path in zip(report.files, paths):
        if file.issues:
            copy = annotate_workbook(path, file.issues, path.with_name(f"checked-{path.stem}.xlsx"), lang=lang)
            copies.append(copy.read_bytes())
        else:
            copies.append(None)
    return copies


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
                     text=_("Checking {name} ({done} of {total})").format(name=md_escape(name), done=done + 1,
                                                                          total=total)
                     if name else _("Checked"))

    report = check_files(store, paths, wave=wave, replace=replace, progress=progress)
    bar.empty()
    st.session_state[CHECKED_KEY] = (key, report)
    return report


def _terms() -> dict[str, str]:
    """How this page names what the command line calls --replace."""
    return {"replace": "“" + _("Replace earlier answers from the same delegations") + "”"}


def _report(report, copies) -> None:
    """The check's report; ``copies`` are the uploaded files (paths) or their marked copies (bytes)."""
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
    for number, (file, copy) in enumerate(zip(report.files, copies)):
        if file.issues:
            _file_problems(number, file, report.wording, lang, copy)


def _counts(errors: int, warnings: int) -> str:
    return (ngettext("{n} error", "{n} errors", errors).format(n=errors) + " · "
            + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))


def _file_problems(number: int, file, wording, lang: str, copy: Path | bytes | None = None) -> None:
    """One file: its name, then one problem per line, each message whole (plain text, wrapped)."""
    with st.container(border=True, key=f"report_{number}"):
        errors = len(file.errors)
        # Names and messages come from the workbook: shown as text, never as Markdown.
        st.text(f"{file.name} — {_counts(errors, len(file.issues) - errors)}")
        for severity, line in problem_lines(file, lang, wording, _terms()):
            st.text(f"{_(SEVERITY.get(severity, severity))} · {line}", width="stretch")
        if isinstance(copy, Path):
            copy = annotate_workbook(copy, file.issues, copy.with_name(f"checked-{copy.stem}.xlsx"),
                                     lang=lang).read_bytes()
        if copy is not None:
            st.download_button(_("Download the marked copy"), copy,
                               file_name=f"{Path(file.name).stem}-checked.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               key=f"annotated_{number}", icon=":material/download:")


def _import(store, checked, paths, wave, replace, uploads, viewer) -> None:
    if not st.button(_("Import"), type="primary", key="upload_import"):
        return
    from surveys.storage.importer import import_files

    bar = st.progress(0.0, text=_("Importing…"))
    report = import_files(store, paths, wave=wave, replace=replace, actor=viewer.actor,
                          progress=lambda done, total, _msg: bar.progress(done / total if total else 1.0))
    bar.empty()
    cache.clear_versions()
    if report.ok:
        st.session_state[DONE_KEY] = ngettext("Imported {n} respondent into wave {wave}.",
                                              "Imported {n} respondents into wave {wave}.", report.respondents).format(
            n=report.respondents, wave=md_escape(report.wave))
    else:  # the store changed between the check and the import
        st.session_state[REFUSED_KEY] = (_("The import was refused; nothing was stored. What to fix:"), report,
                                         [None] * len(report.files))
    _release(uploads)
    st.rerun()


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
            st.success(_("Withdrew import {id} ({file}).").format(id=record.id, file=md_escape(record.file_name)))


with reported():
    main()
