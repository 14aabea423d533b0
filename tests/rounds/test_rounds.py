"""Rounds and statements in the store: creation from a workbook, moderation, translations,
statements drawn from comments, closing, dashboard votes with history, and confidentiality."""
from __future__ import annotations

import pytest

from support.rounds_fixtures import ROUND, STATEMENTS, sheet
from surveys import rounds
from surveys.errors import AlreadySubmitted, InvalidResponses, NotFound, TrialogueError
from surveys.rounds.ledger import RoundClosed
from surveys.rounds.statements import read_statements


def _statements_file(tmp_path, rows, name="statements"):
    return sheet(tmp_path / "statements.xlsx", rows, name)


def test_statements_read_from_xlsform_like_language_columns(store, tmp_path):
    path = _statements_file(tmp_path, [
        ["id", "question", "text::English (en)", "text::Chinese (zh)", "text:french", "text::español"],
        ["a1", "q1", "Consult early.", "尽早协商。", "Consulter tôt.", "Consultar pronto."],
        ["a2", "Q3", "Share the assessment.", None, None, None],
    ])
    statements = read_statements(path, store.instrument("demo-2015"))
    assert [(s.id, s.question, s.state, s.origin) for s in statements] == [
        ("a1", "q1", "accepted", "secretariat"), ("a2", "q3", "accepted", "secretariat")]
    assert statements[0].texts == {"en": "Consult early.", "zh": "尽早协商。", "fr": "Consulter tôt.",
                                   "es": "Consultar pronto."}


@pytest.mark.parametrize("rows, cell, words", [
    ([["id", "question", "text::English (en)"], ["a1", "q9", "Text"]], "B2", "not a question"),
    ([["id", "question", "text::English (en)"], ["a1", "q1", "Text"], ["a1", "q2", "Other"]], "A3", "used twice"),
    ([["id", "question", "text::English (en)"], [None, "q1", "Text"]], "A2", "blank statement id"),
    ([["id", "question", "text::English (en)"], ["a1", "q1", None]], "C2", "has no text"),
    ([["id", "question", "text::Klingon (tlh)"], ["a1", "q1", "Text"]], "C1", "not one of the six UN languages"),
    ([["id", "question", "text::English (en)"], ["q1_overall", "q1", "Text"]], "A2", "name of an item"),
    ([["id", "question", "text::English (en)", "origin", "respondent", "item"],
      ["a1", "q1", "Text", "comment", "France", "q1_comment"]], "F2", "wrote no comment"),
    ([["id", "question", "text::English (en)", "origin", "respondent"],
      ["a1", "q1", "Text", "delegation", "Narnia"]], "E2", "unknown respondent"),
])
def test_statement_problems_are_named_by_cell_and_nothing_is_created(store, tmp_path, rows, cell, words):
    path = _statements_file(tmp_path, rows)
    with pytest.raises(InvalidResponses) as caught:
        read_statements(path, store.instrument("demo-2015"), data=store.load_wave("demo-2015"))
    errors = [i for i in caught.value.issues if i.severity == "error"]
    assert any(i.cell == cell and words in i.message and i.sheet == "statements" for i in errors), errors
    assert [r.name for r in rounds.rounds(store)] == [ROUND]


def test_a_statement_drawn_from_a_comment_keeps_the_link_for_the_secretariat_only(store):
    drawn = rounds.draw_statement(store, ROUND, "GHA", "q1_comment")
    assert drawn.origin == "comment" and drawn.question == "q1"
    assert drawn.text() == "Troop contributors should be heard before the mandate is drafted."
    assert (drawn.source.respondent, drawn.source.item) == ("Ghana", "q1_comment")
    public = {s.id: s for s in rounds.round_statements(store, ROUND)}
    assert public[drawn.id].source is None
    attributed = {s.id: s for s in rounds.round_statements(store, ROUND, attributed=True)}
    assert attributed[drawn.id].source.respondent == "Ghana"
    with pytest.raises(NotFound, match="no comment"):
        rounds.draw_statement(store, ROUND, "France", "q1_comment")


def test_submitted_statements_wait_for_moderation_and_rejection_needs_a_reason(store):
    submitted = rounds.submit_statement(store, ROUND, "India", "Hear us early.", question="q1")
    assert (submitted.state, submitted.origin) == ("pending", "delegation")
    with pytest.raises(TrialogueError, match="not accepted"):
        rounds.cast_vote(store, ROUND, "Ghana", submitted.id, "agree")
    with pytest.raises(TrialogueError, match="needs a reason"):
        rounds.moderate(store, ROUND, submitted.id, "reject")
    rejected = rounds.moderate(store, ROUND, submitted.id, "reject", "repeats s01")
    assert (rejected.state, rejected.reason) == ("rejected", "repeats s01")
    accepted = rounds.moderate(store, ROUND, submitted.id, "accept")
    assert accepted.state == "accepted" and accepted.reason is None
    assert rounds.cast_vote(store, ROUND, "Ghana", submitted.id, "agree").vote == "agree"


def test_translations_are_added_later(store):
    rounds.add_translation(store, ROUND, "s02", "fr", "Des dialogues avant chaque renouvellement.")
    found = {s.id: s for s in rounds.round_statements(store, ROUND)}["s02"]
    assert found.languages == ("en", "fr") and found.text("fr").startswith("Des dialogues")
    with pytest.raises(TrialogueError, match="unknown language"):
        rounds.add_translation(store, ROUND, "s02", "de", "Dialoge")


def test_a_second_vote_is_refused_unless_replaced_and_history_is_kept(store):
    version = rounds.get_round(store, ROUND).data_version
    rounds.cast_vote(store, ROUND, "Ghana", "s01", "disagree")
    assert rounds.get_round(store, ROUND).data_version != version
    with pytest.raises(AlreadySubmitted, match="already voted on statement s01"):
        rounds.cast_vote(store, ROUND, "GHA", "s01", "agree")
    rounds.cast_vote(store, ROUND, "Ghana", "s01", "同意", replace=True)
    history = rounds.vote_history(store, ROUND)
    assert [(v.respondent, v.vote, v.current) for v in history] == [("Ghana", "disagree", False),
                                                                     ("Ghana", "agree", True)]
    assert rounds.own_votes(store, ROUND, "Ghana") == {"s01": "agree"}
    assert rounds.own_votes(store, ROUND, "France") == {}


@pytest.mark.parametrize("respondent, statement, vote, error, words", [
    ("Ghana", "s01", "maybe", TrialogueError, "not a vote"),
    ("Narnia", "s01", "agree", TrialogueError, "unknown respondent"),
    ("Ghana", "s99", "agree", NotFound, "no statement 's99'"),
])
def test_bad_dashboard_votes_are_refused(store, respondent, statement, vote, error, words):
    with pytest.raises(error, match=words):
        rounds.cast_vote(store, ROUND, respondent, statement, vote)
    assert rounds.vote_history(store, ROUND) == ()


def test_a_closed_round_takes_no_votes_and_shows_its_results(store):
    assert not rounds.get_round(store, ROUND).results_visible  # default: not before it closes
    rounds.cast_vote(store, ROUND, "Ghana", "s01", "agree")
    closed = rounds.close_round(store, ROUND)
    assert not closed.is_open and closed.results_visible
    with pytest.raises(RoundClosed):
        rounds.cast_vote(store, ROUND, "France", "s01", "agree")
    assert rounds.reopen_round(store, ROUND).is_open
    assert rounds.set_running_results(store, ROUND, True).results_visible


def test_the_analysis_copy_is_pseudonymous_unless_the_secretariat_asks(store):
    for who, vote in (("Ghana", "agree"), ("France", "disagree"), ("India", "pass")):
        rounds.cast_vote(store, ROUND, who, "s01", vote)
    data = rounds.load_round(store, ROUND)
    assert sorted(data.participants["participant"]) == ["P1", "P2", "P3"]
    assert not set(data.votes["participant"]) & {"Ghana", "France", "India"}
    assert data.groups == ("council", "tcc_pcc")
    attributed = rounds.load_round(store, ROUND, attributed=True)
    assert set(attributed.participants["participant"]) == {"Ghana", "France", "India"}
    assert dict(zip(attributed.participants["participant"], attributed.participants["group"]))["France"] == "council"


def test_migration_0004_adds_the_round_tables_to_an_existing_database_and_goes_back(store, tmp_path):
    import sqlalchemy as sa
    from alembic import command

    from surveys.storage.store import alembic_config, open_store

    rounds_tables = {"rounds", "round_statements", "round_participants", "round_votes"}
    version, people = store.data_version("demo-2015"), store.counts("demo-2015")
    url = str(store.engine.url)
    store.close()
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0003")
        assert not rounds_tables & set(sa.inspect(engine).get_table_names())
        with engine.begin() as conn:  # an existing 0003 database with a wave, upgraded in place
            command.upgrade(alembic_config(conn), "head")
        assert rounds_tables <= set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    with open_store(url) as reopened:
        assert reopened.data_version("demo-2015") == version and reopened.counts("demo-2015") == people
        rounds.create_round(reopened, "again", wave="demo-2015", statements=STATEMENTS)
        assert rounds.cast_vote(reopened, "again", "Ghana", "s01", "agree").current


def test_the_demo_round_has_structure_a_chair_can_find(tmp_path):
    from analysis.deliberation import analyse_round
    from surveys.demo import load_demo
    from surveys.rounds.demo import DEMO_ROUND
    from surveys.storage.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'demo.sqlite'}") as opened:
        load_demo(opened)
        found = rounds.get_round(opened, DEMO_ROUND)
        assert found.is_open and found.results_visible
        statements = {s.id: s for s in rounds.round_statements(opened, DEMO_ROUND, attributed=True)}
        assert statements["s02"].origin == "comment" and statements["s02"].source.item == "q1_comment"
        assert {s.state for s in statements.values()} == {"accepted", "pending", "rejected"}
        result = analyse_round(rounds.load_round(opened, DEMO_ROUND))
    assert "s09" in [s.id for s in result.bridging]
    assert result.dividing and result.opinion.k >= 2
    # The opinion groups cut across the institutional lines.
    assert all(sum(n > 0 for n in g.by_group.values()) >= 2 for g in result.opinion_groups)
    assert len(result.groups) == 4 and sum(result.groups.values()) == 47
