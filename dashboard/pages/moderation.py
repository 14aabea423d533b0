"""Moderation (Secretariat): create a round from a statements workbook, accept or reject the
statements delegations submit (a rejection says why), add translations, show or hide running
results, close or reopen the round, and read the attributed vote history."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.present.deliberation.findings import origin_text, round_status, statement_text, vote_word
from analysis.present.deliberation.tables import local_name
from analysis.present.labels import question_code
from analysis.present.markdown import md_escape
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import LANGUAGE_NAMES, _, ngettext
from dashboard.round_choice import choose_round
from dashboard.sidebar import selection
from dashboard.welcome import offer_demo
from surveys.errors import InvalidResponses, TrialogueError
from surveys.model import UN_LANGUAGES

NOTICE_KEY = "_moderation_notice"


def main() -> None:
    access.require(*access.PAGE_ROLES["moderation"])
    sel = selection()
    st.title(_("Moderation"))
    if sel.empty:
        offer_demo()
        return
    _notice()
    _create(sel)
    found = choose_round(sel, none=_("No deliberation round in this wave yet: create one above."))
    if found is None:
        return
    _state(found, sel.lang)
    _queue(found, sel.lang)
    _translate(found, sel.lang)
    _history(found, sel.lang)


def _notice() -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        kind, text = notice
        (st.success if kind == "ok" else st.error)(text)


def _act(action, *args, done: str, **kwargs) -> None:
    """Run a secretariat action from a button's callback, audited under the signed-in account;
    its outcome is shown on the next run."""
    try:
        action(cache.store(), *args, actor=access.require(*access.PAGE_ROLES["moderation"]).actor, **kwargs)
    except TrialogueError as exc:
        st.session_state[NOTICE_KEY] = ("error", str(exc).splitlines()[0])
        return
    cache.clear_rounds()
    st.session_state[NOTICE_KEY] = ("ok", done)


def _create(sel) -> None:
    with st.expander(_("Create a round from a statements workbook"), expanded=not cache.rounds(sel.url, sel.wave)):
        st.caption(_("A sheet “statements” with the columns id, question and text::English (en), "
                     "text::Chinese (zh) … (optional: origin, respondent, item)."))
        name = st.text_input(_("Name of the round"), key="create_round_name")
        upload = st.file_uploader(_("Statements workbook"), type=["xlsx", "xlsm", "xls", "ods"],
                                  key="create_round_file")
        running = st.checkbox(_("Members see running results while the round is open"), key="create_round_running",
                              help=_("Off by default, so that early votes do not anchor later ones."))
        if not st.button(_("Create the round"), key="create_round", disabled=not (name.strip() and upload)):
            return
        from surveys.rounds.ledger import create_round
        from surveys.rounds.statements import read_statements

        data = cache.wave_data(sel.url, sel.wave, sel.version)
        with tempfile.TemporaryDirectory(prefix="trialogue-round-") as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                statements = read_statements(path, data.instrument, data=data, display_name=upload.name)
            except InvalidResponses as exc:
                st.error(_("The workbook has problems; no round was created. What to fix:"))
                for issue in exc.issues:
                    st.text(str(issue), width="stretch")  # names and cells from the workbook: text
                return
        try:
            made = create_round(cache.store(), name, wave=sel.wave, statements=statements, running_results=running,
                                actor=access.require(*access.PAGE_ROLES["moderation"]).actor)
        except TrialogueError as exc:  # a name taken or not plain text: said, nothing created
            st.error(md_escape(str(exc).splitlines()[0]))
            return
        cache.clear_rounds()
        st.success(ngettext("Created round {name} with {n} statement.", "Created round {name} with {n} statements.",
                            len(statements)).format(name=md_escape(made.name), n=len(statements)))


def _state(found, lang: str) -> None:
    from surveys.rounds.ledger import close_round, reopen_round, set_running_results

    st.caption(md_escape(round_status(found, lang)))
    left, right = st.columns(2)
    left.toggle(_("Members see running results while the round is open"), value=found.running_results,
                key=f"running_{found.name}", on_change=lambda: _act(
                    set_running_results, found.name, st.session_state[f"running_{found.name}"],
                    done=_("The setting is saved.")))
    if found.is_open:
        right.button(_("Close the round"), key="close_round", icon=":material/lock:", type="primary",
                     on_click=_act, args=(close_round, found.name),
                     kwargs={"done": _("The round is closed: no more votes, and members see its results.")})
    else:
        right.button(_("Reopen the round"), key="reopen_round", icon=":material/lock_open:",
                     on_click=_act, args=(reopen_round, found.name), kwargs={"done": _("The round is open again.")})


def _queue(found, lang: str) -> None:
    from surveys.rounds.ledger import moderate, round_statements

    pending = round_statements(cache.store(), found.name, states=("pending",), attributed=True)
    st.subheader(_("Waiting for moderation"), divider="orange")
    if not pending:
        st.caption(_("No statement is waiting."))
    for statement in pending:
        with st.container(border=True, key=f"pending_{statement.id}"):
            st.markdown(f"**{md_escape(statement.id)}** · {md_escape(question_code(statement.question, lang))} · "
                        f"{md_escape(origin_text(statement, lang))}")
            st.text(statement_text(statement, lang), width="stretch")  # a delegation's words: text
            reason = st.text_input(_("Reason, if you reject it (the delegation is told)"),
                                   key=f"reason_{statement.id}")
            accept, reject = st.columns(2)
            accept.button(_("Accept"), key=f"accept_{statement.id}", icon=":material/check:", width="stretch",
                          on_click=_act, args=(moderate, found.name, statement.id, "accept"),
                          kwargs={"done": _("Statement {id} is accepted.").format(id=statement.id)})
            reject.button(_("Reject"), key=f"reject_{statement.id}", icon=":material/close:", width="stretch",
                          on_click=_act, args=(moderate, found.name, statement.id, "reject", reason),
                          kwargs={"done": _("Statement {id} is rejected.").format(id=statement.id)})
    rejected = round_statements(cache.store(), found.name, states=("rejected",), attributed=True)
    if rejected:
        with st.expander(ngettext("{n} statement rejected", "{n} statements rejected", len(rejected))):
            for statement in rejected:
                st.markdown(f"**{md_escape(statement.id)}** · {md_escape(statement_text(statement, lang))}")
                st.caption(md_escape(f"{origin_text(statement, lang)} — {statement.reason or ''}"))


def _translate(found, lang: str) -> None:
    from surveys.rounds.ledger import add_translation, round_statements

    statements = round_statements(cache.store(), found.name)
    with st.expander(_("Add or correct a translation")):
        if not statements:
            st.caption(_("No statements yet."))
            return
        ids = [s.id for s in statements]
        chosen = st.selectbox(_("Statement"), ids, key="translate_statement", format_func=md_escape)
        target = st.selectbox(_("Language"), UN_LANGUAGES, key="translate_lang", format_func=LANGUAGE_NAMES.get)
        statement = next(s for s in statements if s.id == chosen)
        st.text(statement_text(statement, lang), width="stretch")
        text = st.text_area(_("Text in {language}").format(language=LANGUAGE_NAMES[target]),
                            value=statement.texts.get(target, ""), key=f"translate_text_{chosen}_{target}")
        if st.button(_("Save the translation"), key="translate_save"):
            _act(add_translation, found.name, chosen, target, text,
                 done=_("Statement {id} now reads in {language}.").format(id=chosen, language=LANGUAGE_NAMES[target]))
            _notice()


def _history(found, lang: str) -> None:
    from surveys.rounds.votes import vote_history

    with st.expander(_("Every vote, with its delegation (Secretariat only)")):
        history = vote_history(cache.store(), found.name)
        if not history:
            st.caption(_("No votes yet."))
            return
        st.dataframe(pd.DataFrame(
            [(v.statement, local_name(v.respondent, lang), vote_word(v.vote, lang), v.channel,
              v.cast_at.strftime("%Y-%m-%d %H:%M"), _("yes") if v.current else _("no")) for v in history],
            columns=[_("Statement"), _("Delegation"), _("Vote"), _("Channel"), _("Time"), _("Current")]),
            hide_index=True, width="stretch")


with reported():
    main()
