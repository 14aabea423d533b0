"""Coding (Secretariat): keep the codebook of each question, tag comments with themes, import a
coding sheet, see how reliably the coders agree and the themes × group with tests, and mark
representative quotes with a translation.

A thin page: every change goes through ``surveys.coding`` (checked as the sheet imports are,
stored in one transaction), every figure and sentence comes from ``analysis.present``.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from analysis.present import comments as shown
from analysis.present.labels import code_label, question_code
from analysis.present.language import LANGUAGE_NAMES, LANGUAGES
from analysis.present.markdown import md_escape
from analysis.present.themes import (
    LEVEL_NAMES,
    codebook_frame,
    comments_title,
    reliability_sentence,
    reliability_table,
    theme_choice,
    theme_findings,
    themes_table,
    thresholds_note,
)
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import _, ngettext
from dashboard.sidebar import localised, selection
from dashboard.welcome import offer_demo
from surveys.coding import (
    InvalidCodingSheet,
    Quote,
    Theme,
    code_comment,
    import_codings,
    mark_quote,
    remove_quote,
    save_theme,
)
from surveys.errors import TrialogueError

NEW_THEME = "\x00new"
#: What the last change stored, said once after the page is drawn again.
DONE_KEY = "_coding_done"
#: What the text policy cleaned in the last imported sheet, said under it (one line a cell).
NOTES_KEY = "_coding_notes"
CONSENT = {"unknown": None, "yes": True, "no": False}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def main() -> None:
    viewer = access.require(*access.PAGE_ROLES["coding"])
    sel = selection()
    st.title(_("Coding"))
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(done, icon=":material/check:")
    _notes(st.session_state.pop(NOTES_KEY, ()))
    if sel.empty:
        offer_demo(key="demo_coding")
        return
    data = cache.wave_data(sel.url, sel.wave, sel.version)
    items = {i.question: i.name for i in data.instrument.items if i.kind == "text" and i.question}
    if not items:
        st.info(_("This wave's questionnaire has no comment boxes."))
        return
    question = st.selectbox(_("Question"), list(items), key="coding_question",
                            format_func=lambda q: f"{question_code(q, sel.lang)} · "
                                                  f"{data.instrument.question(q).label(sel.lang)}")
    item = items[question]
    code, book, sheet, agreement, quotes = st.tabs([_("Code comments"), _("Codebook"), _("Import a coding sheet"),
                                                    _("Agreement and themes"), _("Quotes")])
    with book:
        _codebook(sel, item)
    with code:
        _code(sel, data, item, question, viewer)
    with sheet:
        _import(sel, viewer)
    with agreement:
        _agreement(sel, question)
    with quotes:
        _quotes(sel, data, item, question)


def _coding(sel) -> tuple:
    return cache.coding(sel.url, sel.wave, sel.version, cache.coding_version(sel.url, sel.wave))


def _apply(change: Callable[[], Any], said: str | Callable[[Any], str]) -> None:
    """Make one change through the library: refused, its message (which says what to fix and
    quotes what was typed, so shown as text); stored, the page drawn again saying ``said``."""
    try:
        result = change()
    except TrialogueError as exc:
        st.error(md_escape(str(exc)), icon=":material/error:")
        return
    _changed(said(result) if callable(said) else said)


def _changed(message: str, notes: list[str] | None = None) -> None:
    """After a change: a new coding version for every cached figure, the page drawn again from
    it, and what was stored said at its top (with what the text policy cleaned, if anything)."""
    cache.clear_coding()
    st.session_state[DONE_KEY] = message
    st.session_state[NOTES_KEY] = notes or []
    st.rerun()


def _notes(notes) -> None:
    """The text policy's warnings about an imported sheet: cell, and what was cleaned (as text)."""
    if notes:
        st.warning(ngettext("The text policy cleaned {n} cell of the sheet:", "The text policy cleaned {n} cells "
                            "of the sheet:", len(notes)).format(n=len(notes)), icon=":material/cleaning_services:")
        for note in notes:
            st.text(note, width="stretch")  # file, sheet and cell names from the workbook: text


def _codebook(sel, item: str) -> None:
    codebook, _codings, _quotes = _coding(sel)
    themes = codebook.of_item(item)
    if themes:
        st.dataframe(codebook_frame(themes, sel.lang), hide_index=True, width="stretch", key="codebook_table")
    else:
        st.info(_("This question has no codebook yet: add its first theme below."))
    st.markdown("**" + md_escape(_("Add or change a theme")) + "**")
    chosen = st.selectbox(_("Theme"), [NEW_THEME, *(t.code for t in themes)], key=f"theme_choice|{item}",
                          format_func=lambda c: _("New theme") if c == NEW_THEME else c)
    existing = codebook.theme(item, chosen)
    mine = f"{item}|{chosen if existing else 'new'}"  # the form shows the chosen theme as stored
    with st.form(f"theme_form|{mine}"):
        new_code = st.text_input(_("Code of a new theme (letters, digits and _)"), key=f"theme_code|{mine}",
                                 placeholder="information_sharing", disabled=existing is not None,
                                 value=existing.code if existing else "")
        columns = st.columns(3)
        labels = {lang: columns[j % 3].text_input(_("Label in {language}").format(language=LANGUAGE_NAMES[lang]),
                                                  value=existing.labels.get(lang, "") if existing else "",
                                                  key=f"theme_label_{lang}|{mine}")
                  for j, lang in enumerate(LANGUAGES)}
        levels = list(LEVEL_NAMES)
        level = st.selectbox(_("Level"), levels, key=f"theme_level|{mine}", format_func=lambda v: _(LEVEL_NAMES[v]),
                             index=levels.index(existing.level) if existing and existing.level in levels else 0)
        values = st.text_input(_("Values of an ordinal scale, lowest first, separated by spaces"),
                               value=" ".join(existing.values) if existing else "", key=f"theme_values|{mine}")
        description = st.text_input(_("When to apply it"), key=f"theme_description|{mine}",
                                    value=existing.description.get(sel.lang, "") if existing else "")
        if st.form_submit_button(_("Save the theme"), type="primary"):
            code = existing.code if existing else new_code.strip()
            notes = {**(dict(existing.description) if existing else {}), sel.lang: description}
            theme = Theme(item, code, labels, level, tuple(values.split()), notes)
            _apply(lambda: save_theme(cache.store(), theme, wave=sel.wave),
                   _("Saved the theme {code}.").format(code=md_escape(code)))


def _signed_in_name(viewer) -> str | None:
    """Whose codes are saved: the signed-in reader's name (None without sign-in: the page asks)."""
    return viewer.name if viewer.mode != "none" else None


def _coder(viewer) -> str | None:
    """The coder's name: the signed-in reader's, or chosen while the dashboard runs without sign-in."""
    named = _signed_in_name(viewer)
    if named:
        st.caption(_("You code as {name}.").format(name=md_escape(named)))
        return named
    typed = st.text_input(_("Your name as a coder"), key="coding_coder",
                          help=_("Each coder's codes are kept apart, so their agreement can be measured."))
    return " ".join(typed.split()) or None


def _code(sel, data, item: str, question: str, viewer) -> None:
    codebook, codings, _quotes = _coding(sel)
    themes = codebook.of_item(item)
    if not themes:
        st.info(_("Add the question's themes on the Codebook tab first."))
        return
    coder = _coder(viewer)
    everything = cache.comment_set(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.audience_key)
    comments = [c for c in shown.shown_comments(everything.of_question(question), data, sel.audience)
                if c.item == item]
    mine = {(c.respondent, c.item): c for c in codings if c.coder == coder} if coder else {}
    done = {key for key in mine}
    coded = sum(c.key in done for c in comments)
    st.caption(ngettext("{done} of {n} comment coded by you.", "{done} of {n} comments coded by you.",
                        len(comments)).format(done=coded, n=len(comments)))  # md-safe: counts
    if not coder:
        st.info(_("Give your name as a coder to start."))
        return
    if st.toggle(_("Only comments I have not coded"), value=False, key="coding_todo"):
        comments = [c for c in comments if c.key not in done]
    if not comments:
        st.success(_("Every comment of this question is coded."))
        return
    names = shown.display_names(comments, data, sel.lang)
    number = st.selectbox(_("Comment"), range(len(comments)), key="coding_comment",
                          format_func=lambda j: f"{j + 1}. {code_label(everything.by, comments[j].group, sel.lang)}"
                                                f" · {names[j]} · {comments[j].text[:60]}")
    comment = comments[min(number or 0, len(comments) - 1)]
    with st.container(border=True, key="coding_text"):
        st.text(comment.text, width="stretch")
        st.caption(md_escape(shown.language_name(comment.language, sel.lang)))
    given = [c for c in codings if (c.respondent, c.item) == comment.key and c.coder == coder and c.theme]
    key = f"{comment.key[0]}|{item}|{coder}"
    picked = st.multiselect(_("Themes in this comment"), [t.code for t in themes], key=f"coding_themes|{key}",
                            default=[c.theme for c in given if codebook.theme(item, c.theme)],
                            format_func=lambda code: theme_choice(codebook.theme(item, code), sel.lang),
                            placeholder=_("None: no theme of the codebook applies"))
    codes = {}
    for code in picked:
        theme = codebook.theme(item, code)
        if theme.scaled:
            before = next((c.value for c in given if c.theme == code), None)
            options = list(theme.values)
            label = md_escape(theme.label(sel.lang))  # a codebook label: workbook text
            codes[code] = (st.selectbox(label, options, key=f"coding_value|{key}|{code}",  # md-safe: escaped above
                                        index=options.index(before) if before in options else None)
                           if options else st.text_input(label, value=before or "",  # md-safe: escaped above
                                                         key=f"coding_value|{key}|{code}"))
        else:
            codes[code] = None
    if st.button(_("Save my coding of this comment"), type="primary", key="coding_save"):
        _apply(lambda: code_comment(cache.store(), comment.key[0], item, coder, codes, wave=sel.wave),
               lambda report: _("Your coding is unchanged.") if report.unchanged
               else _("Saved your coding of this comment."))


def _import(sel, viewer) -> None:
    st.caption(_("A sheet named codings with the columns respondent, item, coder and theme (optional value), one "
                 "row per theme a coder gave a comment; theme none when no theme applies. Each coder's codes of a "
                 "comment replace their earlier ones; a sheet with any problem stores nothing."))
    coder = _signed_in_name(viewer) or st.session_state.get("coding_coder") or None
    sheet = cache.coding_sheet(sel.url, sel.wave, sel.version, cache.coding_version(sel.url, sel.wave), coder)
    st.download_button(_("Download a coding sheet to fill"), sheet, file_name=f"trialogue-{sel.wave}-coding.xlsx",
                       mime=XLSX, key="coding_template", icon=":material/download:")
    upload = st.file_uploader(_("Coding sheet"), type=["xlsx", "xlsm", "xls", "ods", "csv"], key="coding_upload")
    if upload is None or not st.button(_("Import the coding sheet"), type="primary", key="coding_import"):
        return
    with tempfile.TemporaryDirectory(prefix="trialogue-coding-") as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            notes: list = []
            report = import_codings(cache.store(), path, wave=sel.wave, display_name=upload.name, notes=notes)
        except InvalidCodingSheet as exc:
            st.error(_("The sheet was refused; nothing was stored. What to fix:"), icon=":material/error:")
            for issue in exc.issues:
                st.text(str(issue), width="stretch")  # names and cells from the workbook: text
            return
        except TrialogueError as exc:  # an unreadable file: the message names it and says why
            st.error(md_escape(str(exc)), icon=":material/error:")
            return
    if report.unchanged:
        st.info(_("These codings are already stored; nothing changed."))
        _notes([str(n) for n in notes])
    else:
        _changed(ngettext("Stored {rows} coding for {units} comment and coder.",
                          "Stored {rows} codings for {units} comments and coders.", report.units).format(
            rows=report.rows, units=report.units), [str(n) for n in notes])


def _agreement(sel, question: str) -> None:
    coded = cache.coding_version(sel.url, sel.wave)
    summary = cache.themes(sel.url, sel.wave, sel.version, coded, sel.by, sel.filters, sel.audience_key)
    items = [it for it in summary.items if it.question == question] if summary is not None else []
    if not items:
        st.info(_("This question has no codebook yet."))
        return
    audience = sel.audience
    for item in items:
        st.markdown("**" + md_escape(_("Coders’ agreement")) + "**")
        st.write(md_escape(reliability_sentence(item, sel.lang)))
        table = reliability_table([item], sel.lang, comments_title(item, sel.lang))
        if table is not None:
            st.dataframe(table.frame(), hide_index=True, width="stretch", key=f"reliability_{item.item}")
        st.caption(md_escape(thresholds_note(sel.lang)))
        st.markdown("**" + md_escape(_("Themes by group, with tests")) + "**")
        for line in theme_findings(summary, item.summary, sel.lang, audience):
            st.caption("– " + md_escape(line))
        table = themes_table(summary, item, sel.lang, comments_title(item, sel.lang), audience)
        if table is not None:
            st.dataframe(table.frame(), hide_index=True, width="stretch", key=f"coding_themes_{item.item}")
            st.caption(md_escape(table.note or ""))


def _quotes(sel, data, item: str, question: str) -> None:
    _codebook, _codings, quotes = _coding(sel)
    everything = cache.comment_set(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.audience_key)
    entries = [e for e in shown.quote_entries(quotes, data) if e.item == item]
    mine = [q for q in quotes if q.item == item]
    for number, (entry, quote) in enumerate(zip(entries, mine)):
        with st.container(border=True, key=f"coding_quote_{number}"):
            st.text(entry.text, width="stretch")
            if entry.translation:
                st.text(entry.translation_line(sel.lang), width="stretch")
            st.text(entry.source(everything, sel.lang, data), width="stretch")
            if st.button(_("Remove this quote"), key=f"quote_remove_{number}"):
                _apply(lambda q=quote: remove_quote(cache.store(), q, wave=sel.wave), _("Removed the quote."))
    comments = [c for c in shown.shown_comments(everything.of_question(question), data) if c.item == item]
    if not comments:
        return
    st.markdown("**" + md_escape(_("Mark a representative quote")) + "**")
    groups = sorted({c.group for c in comments})
    group = localised(st.selectbox, "quote_group", sel.lang, groups, _("Group"),
                      format_func=lambda g: code_label(everything.by, g, sel.lang))
    of_group = [c for c in comments if c.group == group]
    names = shown.display_names(of_group, data, sel.lang)
    number = st.selectbox(_("Comment"), range(len(of_group)), key=f"quote_comment_{group}",
                          format_func=lambda j: f"{names[j]} · {of_group[j].text[:70]}")
    comment = of_group[min(number or 0, len(of_group) - 1)]
    form = f"{comment.key[0]}|{item}"
    with st.form(f"quote_form|{form}"):
        text = st.text_area(_("Quote (the comment's own words; shorten it to the passage you want)"),
                            value=comment.text, key=f"quote_text|{form}")
        languages = [*LANGUAGES, *(([comment.language] if comment.language not in LANGUAGES else []))]
        language = st.selectbox(_("Language of the quote"), languages, key=f"quote_language|{form}",
                                index=languages.index(comment.language) if comment.language in languages else 0,
                                format_func=lambda code: shown.language_name(code, sel.lang))
        translation = st.text_area(_("Translation (optional, typed by a person)"), key=f"quote_translation|{form}")
        into = st.selectbox(_("Language of the translation"), LANGUAGES, key=f"quote_translation_language|{form}",
                            format_func=lambda code: shown.language_name(code, sel.lang))
        answers = {"unknown": _("Not known"), "yes": _("Yes"), "no": _("No")}
        consent = st.radio(_("Did the delegation consent to be named?"), list(CONSENT), key=f"quote_consent|{form}",
                           horizontal=True, format_func=lambda c: answers[c])  # md-safe: catalogue words
        note = st.text_input(_("Note (optional)"), key=f"quote_note|{form}")
        if st.form_submit_button(_("Mark as a quote"), type="primary"):
            quote = Quote(comment.key[0], item, group, text, language if language != "und" else None,
                          translation, into, CONSENT[consent], note)
            _apply(lambda: mark_quote(cache.store(), quote, wave=sel.wave), _("Marked the quote."))


with reported():
    main()
