"""Vote: a delegation says agree, disagree or pass, statement by statement, sees and may change
its own votes while the round is open, submits a statement for moderation, and downloads its
Excel vote template. A member votes as its own delegation only; the secretariat enters the
votes of the delegation it names (``analysis.present.deliberation.voting_delegation``); viewers
do not vote (``dashboard.access.PAGE_ROLES``)."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import streamlit as st

from analysis.present.deliberation import chooses_delegation, voting_delegation
from analysis.present.deliberation.findings import statement_text, vote_word
from analysis.present.deliberation.tables import local_name
from analysis.present.labels import question_code
from analysis.present.markdown import md_escape
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.delegations import delegation_choices, respondent
from dashboard.i18n import LANGUAGE_NAMES, N_, _, ngettext
from dashboard.round_choice import choose_round
from dashboard.sidebar import selection
from surveys.errors import TrialogueError
from surveys.model import UN_LANGUAGES

#: Who the secretariat enters votes for: the key of its choice in the session.
VOTE_AS_KEY = "vote_as"
NOTICE_KEY = "_vote_notice"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATES = {"pending": N_("waiting for moderation"), "accepted": N_("accepted: it is voted on"),
          "rejected": N_("not accepted")}


def main() -> None:
    access.require(*access.PAGE_ROLES["voting"])
    sel = selection()
    audience = sel.audience
    st.title(_("Vote"))
    found = choose_round(sel)
    if found is None:
        return
    delegation = _delegation(audience, sel.lang)
    if delegation is None:
        return
    _notice()
    ballot = cache.ballot(sel.url, found.name, found.data_version)
    from surveys.rounds.votes import own_votes

    mine = own_votes(cache.store(), found.name, delegation)
    if found.is_open:
        done = sum(s.id in mine for s in ballot)
        st.caption(ngettext("Voted on {done} of {n} statement. You may change a vote until the round closes.",
                            "Voted on {done} of {n} statements. You may change a vote until the round closes.",
                            len(ballot)).format(done=done, n=len(ballot)))
    else:
        st.info(_("This round is closed: its votes are final."), icon=":material/lock:")
    if not ballot:
        st.info(_("No statement is open for voting in this round yet."))
    for statement in ballot:
        _statement(found, statement, mine.get(statement.id), delegation, sel.lang)
    if found.is_open:
        _submit(sel, found, delegation)
        _template(found, delegation, sel.lang)
    _own_statements(found, delegation, sel.lang)


def _delegation(audience, lang: str) -> str | None:
    """The delegation this session votes as: a member's own; the secretariat's choice."""
    if not chooses_delegation(audience):
        delegation = voting_delegation(audience)
    else:
        names = delegation_choices(lang)
        st.caption(_("You act as the Secretariat: choose the delegation whose votes you enter."))
        key = st.selectbox(_("Vote on behalf of"), list(names), index=None, format_func=names.get, key=VOTE_AS_KEY,
                           placeholder=_("Choose a delegation"))
        delegation = voting_delegation(audience, respondent(key) if key else None)
    if delegation:
        st.subheader(_("Voting as {delegation}").format(delegation=md_escape(local_name(delegation, lang))),
                     divider="gray")
    return delegation


def _notice() -> None:
    """The outcome of the last vote or submission (set by a button's callback)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        kind, text = notice
        (st.success if kind == "ok" else st.error)(text)


def _cast(name: str, delegation: str, statement: str, vote: str, current: str | None) -> None:
    """Record the vote (replacing the delegation's earlier one, kept in history); the vote it
    already has changes nothing. A vote the Secretariat enters for a delegation is audited
    under its account."""
    from surveys.rounds.votes import cast_vote

    if vote == current:
        return
    try:
        viewer = access.require(*access.PAGE_ROLES["voting"])
        on_behalf = chooses_delegation(access.audience(viewer))
        cast_vote(cache.store(), name, delegation, statement, vote, replace=current is not None,
                  entered_by=viewer.actor if on_behalf else None)
    except TrialogueError as exc:
        st.session_state[NOTICE_KEY] = ("error", str(exc).splitlines()[0])
        return
    cache.clear_rounds()


def _statement(found, statement, current: str | None, delegation: str, lang: str) -> None:
    with st.container(border=True, key=f"ballot_{statement.id}"):
        st.markdown(f"**{md_escape(statement.id)}** · {md_escape(question_code(statement.question, lang))} · "
                    f"{md_escape(statement_text(statement, lang))}")
        st.caption(_("Your vote: {vote}").format(vote=md_escape(vote_word(current, lang))) if current
                   else _("Not voted yet"))
        for column, vote in zip(st.columns(3), ("agree", "disagree", "pass")):
            column.button(md_escape(vote_word(vote, lang)), key=f"vote_{statement.id}_{vote}", width="stretch",
                          type="primary" if vote == current else "secondary",
                          icon=":material/check:" if vote == current else None,
                          disabled=not found.is_open,
                          on_click=_cast, args=(found.name, delegation, statement.id, vote, current))


def _submit(sel, found, delegation: str) -> None:
    st.subheader(_("Submit a statement"), divider="gray")
    st.caption(_("A statement you submit is voted on once the Secretariat has accepted it."))
    instrument = cache.wave_data(sel.url, sel.wave, sel.version).instrument
    questions = [q.name for q in instrument.questions]
    with st.form("submit_statement", clear_on_submit=True):
        question = st.selectbox(_("Question"), questions,
                                format_func=lambda q: f"{question_code(q, sel.lang)} · {instrument.question(q).label(sel.lang)}")
        lang = st.selectbox(_("Language of the statement"), UN_LANGUAGES, format_func=LANGUAGE_NAMES.get,
                            index=UN_LANGUAGES.index(sel.lang) if sel.lang in UN_LANGUAGES else 0)
        text = st.text_area(_("Statement"), max_chars=500)
        if not st.form_submit_button(_("Submit for moderation")):
            return
    from surveys.rounds.ledger import submit_statement

    if not text.strip():
        st.error(_("Write the statement first."))
        return
    try:
        made = submit_statement(cache.store(), found.name, delegation, text, question=question, lang=lang)
    except TrialogueError as exc:  # the text policy's refusal, a closed round: said, nothing stored
        st.error(md_escape(str(exc).splitlines()[0]))
        return
    cache.clear_rounds()
    st.success(_("Statement {id} submitted; it waits for moderation.").format(id=made.id))


def _own_statements(found, delegation: str, lang: str) -> None:
    from surveys.rounds.ledger import own_statements

    mine = own_statements(cache.store(), found.name, delegation)
    if not mine:
        return
    st.subheader(_("Statements you submitted"), divider="gray")
    for statement in mine:
        state = _(STATES.get(statement.state, statement.state))
        st.markdown(f"**{md_escape(statement.id)}** · {md_escape(statement_text(statement, lang))}")
        st.caption(md_escape(state) + (f" — {md_escape(statement.reason)}" if statement.reason else ""))


def _template(found, delegation: str, lang: str) -> None:
    """The delegation's Excel vote template, to vote offline and return for import."""
    from surveys.rounds.votetemplate import write_vote_template

    with tempfile.TemporaryDirectory(prefix="trialogue-votes-") as folder:
        path = Path(folder) / "votes.xlsx"
        try:
            write_vote_template(cache.store(), found.name, path, lang=lang, respondent=delegation)
        except TrialogueError:
            return  # nothing to vote on yet
        data = path.read_bytes()
    stem = re.sub(r"[^\w.-]+", "_", f"{found.name}-{delegation}")
    st.download_button(_("Download the vote template (Excel)"), data, file_name=f"{stem}-{lang}.xlsx", mime=XLSX,
                       icon=":material/download:", key="vote_template",
                       help=_("Vote offline: one row per statement, a drop-down per vote; the Secretariat "
                              "imports the filled workbook."))


with reported():
    main()
