"""The deliberation part of the one voice: rights, each audience's view of a round (cells
under k withheld), the sentences (bridging, dividing, whether opinion groups follow the
institutional lines), the frames, tables and charts — on rounds built in memory whose
numbers are worked out by hand here or checked against scipy."""
from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from analysis.deliberation import analyse_round
from analysis.present.charts import render_png, styled
from analysis.present.deliberation import (
    chooses_delegation,
    names_shown,
    results_shown,
    round_document,
    round_for,
    voting_delegation,
)
from analysis.present.deliberation.charts import map_chart, round_chart, statements_figure
from analysis.present.deliberation.findings import (
    ACROSS,
    FOLLOW,
    NO_GROUPS,
    bridging_entries,
    composition,
    dividing_entries,
    opinion_answer,
    opinion_group_lines,
    opinion_verdict,
    participation,
    statement_finding,
)
from analysis.present.deliberation.tables import (
    cell_text,
    convex_hull,
    map_frames,
    opinion_groups_table,
    statements_table,
    vote_frames,
    vote_rows,
)
from analysis.present.disclosure import SECRETARIAT, Audience, withheld_options, withheld_table
from analysis.present.language import LANGUAGES
from analysis.present.palette import VOTE_COLOURS
from support.deliberation_fixtures import planted_camps, round_votes
from surveys.rounds.model import Round

MEMBER = Audience("member", "GHA")
VIEWER = Audience("viewer")

# Council 4, TCC/PCC 5, Secretariat 3, and one "other" delegation (a group under k = 3).
GROUPS = {"c1": "council", "c2": "council", "c3": "council", "c4": "council",
          "t1": "tcc_pcc", "t2": "tcc_pcc", "t3": "tcc_pcc", "t4": "tcc_pcc", "t5": "tcc_pcc",
          "x1": "secretariat", "x2": "secretariat", "x3": "secretariat", "o1": "other"}
VOTES = [
    # s1: council A A A D; TCC/PCC A A A A P; Secretariat A A A; other A
    ("c1", "s1", "agree"), ("c2", "s1", "agree"), ("c3", "s1", "agree"), ("c4", "s1", "disagree"),
    ("t1", "s1", "agree"), ("t2", "s1", "agree"), ("t3", "s1", "agree"), ("t4", "s1", "agree"), ("t5", "s1", "pass"),
    ("x1", "s1", "agree"), ("x2", "s1", "agree"), ("x3", "s1", "agree"), ("o1", "s1", "agree"),
    # s2: council D D D D; TCC/PCC A A A A A; Secretariat A D (x3 unseen: a cell of 2 votes)
    ("c1", "s2", "disagree"), ("c2", "s2", "disagree"), ("c3", "s2", "disagree"), ("c4", "s2", "disagree"),
    ("t1", "s2", "agree"), ("t2", "s2", "agree"), ("t3", "s2", "agree"), ("t4", "s2", "agree"), ("t5", "s2", "agree"),
    ("x1", "s2", "agree"), ("x2", "s2", "disagree"), ("o1", "s2", "disagree"),
]


@pytest.fixture(scope="module")
def data():
    return round_votes(GROUPS, VOTES, ["s1", "s2"])


def test_rights_by_role():
    open_hidden = Round("r", "w", dt.datetime(2015, 12, 1))
    open_shown = dataclasses.replace(open_hidden, running_results=True)
    closed = dataclasses.replace(open_hidden, closed_at=dt.datetime(2015, 12, 9))
    assert [results_shown(r, SECRETARIAT) for r in (open_hidden, open_shown, closed)] == [True, True, True]
    assert [results_shown(r, MEMBER) for r in (open_hidden, open_shown, closed)] == [False, True, True]
    # Viewers see published results only: closed rounds, whatever the running setting.
    assert [results_shown(r, VIEWER) for r in (open_hidden, open_shown, closed)] == [False, False, True]
    assert (names_shown(SECRETARIAT), names_shown(MEMBER), names_shown(VIEWER)) == (True, False, False)
    assert voting_delegation(Audience("member")) is None  # a member without a delegation votes as nobody
    # A member votes as its own delegation whatever it asks for; the secretariat as it chooses.
    assert voting_delegation(MEMBER, "France") == "GHA"
    assert voting_delegation(SECRETARIAT, "France") == "France"
    assert voting_delegation(VIEWER, "France") is None
    assert chooses_delegation(SECRETARIAT) and not chooses_delegation(MEMBER)


def test_secretariat_sees_every_cell_as_analysed(data):
    view = round_for(data, SECRETARIAT)
    assert view.analysis.to_dict(detail=True) == analyse_round(data).to_dict(detail=True)
    assert not view.withheld_cells and not view.withheld_groups
    cell = view.cell("s2", "secretariat")
    assert (cell.n, cell.counts) == (2, {"agree": 1, "disagree": 1, "pass": 0})
    assert cell_text(view, "s1", "council", "en") == "3 · 1 · 0"


def test_members_see_whole_cells_only(data):
    view = round_for(data, MEMBER)
    # The one "other" delegation is left out of everything: groups, counts, tests, the map.
    assert view.withheld_groups == ("other",)
    assert "other" not in view.analysis.groups and "o1" not in view.analysis.participant_groups
    # The Secretariat's two votes on s2 are a cell under 3: withheld, and out of s2's figures.
    assert view.withheld_cells == {("s2", "secretariat")}
    cell = view.cell("s2", "secretariat")
    assert not cell.shown and cell.n is None
    s2 = view.analysis.statement("s2")
    assert s2.votes["secretariat"].n == 0
    # s2's consensus for: the withheld cell counts as a group without votes, a factor of
    # (0+1)/(0+2) as Pol.is gives any group that cast none: (0+1)/(4+2) * (5+1)/(5+2) * 1/2 = 1/14.
    assert s2.consensus_agree == pytest.approx(1 / 14)
    assert cell_text(view, "s2", "secretariat", "en") == "fewer than 3 votes"
    # Within a shown cell a count under 3 is withheld with a partner, the survey's one rule:
    # council on s1 is 3 · 1 · 0, so the 1 disagree and, as its partner, the smallest other
    # non-zero count, the 3 agrees (the 0 passes say nothing about either).
    assert view.cell("s1", "council").counts == {"agree": None, "disagree": None, "pass": 0}
    assert cell_text(view, "s1", "council", "en") == "– · – · 0"
    assert "Groups of fewer than 3 delegations are left out" in participation(view, "en")


def test_withheld_counts_leave_nothing_to_subtract():
    # A round's votes follow the one rule of the survey's answers (analysis.present.disclosure):
    # a count under k goes with the smallest other non-zero count of its cell.
    cells = {(9, 1, 4): (False, True, True), (9, 0, 2): (True, False, True), (9, 2, 1): (False, True, True)}
    for counts, hidden in cells.items():
        assert withheld_options(counts, MEMBER) == hidden
        assert round_for_cell(counts).counts == {v: None if gone else c
                                                 for v, c, gone in zip(("agree", "disagree", "pass"), counts, hidden)}
    assert withheld_options([1, 2, 1], SECRETARIAT) == (False, False, False)
    rows = [[8, 13, 4, 3], [7, 11, 0, 1], [6, 9, 5, 4]]
    hidden = withheld_table(rows, MEMBER)
    # Every count from 1 to 2 is withheld, and no row or column holds a lone withheld count
    # beside a non-zero shown one (it could be worked out from the totals).
    assert all(gone for row, mask in zip(rows, hidden) for n, gone in zip(row, mask) if 0 < n < 3)
    for values, line in [*zip(rows, hidden), *zip(zip(*rows), zip(*hidden))]:
        if sum(line) == 1:
            assert not any(n for n, gone in zip(values, line) if not gone), (values, line)
    assert [mask[1] for mask in hidden] == [False, False, False]  # the largest column stays shown
    assert sum(map(sum, hidden)) < sum(map(len, hidden))


def round_for_cell(counts):
    """One statement voted by one group of k or more delegations, as a member sees the cell."""
    people = {f"p{i}": "council" for i in range(sum(counts))}
    votes = [(p, "s1", vote) for p, vote in zip(people, [v for v, c in zip(("agree", "disagree", "pass"), counts)
                                                         for _ in range(c)])]
    return round_for(round_votes(people, votes, ["s1"]), MEMBER).cell("s1", "council")


def test_the_round_document_is_the_view_members_see():
    """The round of tests/analysis/test_deliberation_analysis.py: s1's Council cast 3 agree and 1 disagree."""
    from support.deliberation_fixtures import GROUPS as HAND_GROUPS, VOTES as HAND_VOTES

    data = round_votes(HAND_GROUPS, HAND_VOTES, ["s1", "s2", "s3"])
    full = round_document(round_for(data), detail=True)
    assert full == analyse_round(data).to_dict(detail=True)
    view = round_for(data, MEMBER)
    member = round_document(view, detail=True)
    s1_full, s1 = full["statements"][0]["votes"]["council"], member["statements"][0]["votes"]["council"]
    assert (s1_full["agree"], s1_full["disagree"], s1_full["pass"]) == (3, 1, 0)
    # One disagreement is withheld, and so is its partner (the smallest other non-zero count).
    assert (s1["agree"], s1["disagree"], s1["pass"], s1["n"]) == (None, None, 0, 4)
    assert member["statements"][0]["shares"]["council"]["disagree"] == {"share": None, "ci95": None}
    s3 = member["statements"][2]["votes"]["council"]  # two passes: fewer than 3 votes in all
    assert set(s3.values()) == {None}
    for statement in member["statements"]:  # the file says what the pages and reports say
        for code, votes in statement["votes"].items():
            cell = view.cell(statement["id"], code)
            assert (votes["agree"], votes["disagree"], votes["pass"], votes["n"]) == (
                cell.counts["agree"], cell.counts["disagree"], cell.counts["pass"], cell.n)
    for group in member["opinion_groups"]:
        assert group["size"] is None or group["size"] >= 3
        assert all(n is None or n == 0 or n >= 3 for n in group["by_group"].values())
    with pytest.raises(ValueError, match="secretariat only"):
        round_document(view, members=True)


def test_bridging_and_dividing_say_the_analysis_numbers(data):
    # A minimum cell of 1, so that the one "other" delegation's vote lets s1 bridge.
    view = round_for(data, SECRETARIAT, min_cell=1)
    (bridge,) = bridging_entries(view, "en")
    assert bridge.statement == "s1"
    # 3 of 4 Council members, 4 of 5 TCC/PCCs (80%), 3 of 3 Secretariat units, 1 of 1 other; consensus
    # (3+1)/6 * (4+1)/7 * (3+1)/5 * (1+1)/3 = 0.25 (Pol.is, by hand).
    assert bridge.detail == ("A majority of every group agreed: Council members 3 of 4, troop- and "
                             "police-contributing countries 80%, Secretariat units 3 of 3, other participants 1 of 1; "
                             "group-informed consensus 0.25.")
    (divide,) = dividing_entries(view, "en")
    assert divide.statement == "s2"
    assert divide.detail.startswith("Agreed: troop- and police-contributing countries 100% against Council "
                                    "members 0 of 4 (Fisher’s exact test, Holm-adjusted p = ")
    assert statement_finding(view, "s1", "en").startswith("Group-informed consensus 0.25 for, 0.00 against. Bridging")


def _exact_two_row(table: np.ndarray) -> float:
    """Fisher–Freeman–Halton p of a 2 x c table by enumeration: the hypergeometric probability
    of every first row with the observed margins, summed over those no more probable."""
    import itertools
    from math import comb

    cols, first = table.sum(axis=0), int(table[0].sum())
    n = int(cols.sum())

    def prob(row) -> float:
        return np.prod([comb(int(c), int(x)) for c, x in zip(cols, row)]) / comb(n, first)

    observed = prob(table[0])
    total = 0.0
    for row in itertools.product(*(range(int(c) + 1) for c in cols)):
        if sum(row) == first and prob(row) <= observed * (1 + 1e-7):
            total += prob(row)
    return total


def _camps_along_the_lines(seed: int):
    """Two camps that are the institutional groups themselves: Council + Secretariat against the rest."""
    data, camp = planted_camps(seed)
    group_of = dict(zip(data.participants["participant"], data.participants["group"]))
    flipped = {p: 0 if group_of[p] in ("council", "secretariat") else 1 for p in camp}
    votes = data.votes.copy()
    stance = {s: (1 if int(s[1:]) % 2 else -1) for s in votes["statement"].unique()}
    rng = np.random.default_rng(seed)
    votes["vote"] = ["agree" if rng.random() < (0.85 if (stance[s] == 1) == (flipped[p] == 0) else 0.15)
                     else "disagree" for p, s in zip(votes["participant"], votes["statement"])]
    return dataclasses.replace(data, votes=votes)


def test_opinion_groups_cutting_across_the_lines_are_said_to_cut_across():
    data, _ = planted_camps(1)
    view = round_for(data, SECRETARIAT)
    assert opinion_verdict(view) == ACROSS
    table = np.array([[g.by_group[c] for c in view.analysis.groups] for g in view.analysis.opinion_groups])
    # The alignment test is Fisher–Freeman–Halton here (expected counts under 5 in over 20% of the
    # cells); checked against brute-force enumeration of every 2 x c table with the same margins.
    assert "Fisher" in view.analysis.alignment.method
    assert view.analysis.alignment.pvalue == pytest.approx(_exact_two_row(table), rel=1e-6)
    answer = opinion_answer(view, "en")
    assert "cut across the institutional lines: the data do not show" in answer
    assert "mean silhouette" in answer and "Every opinion group holds delegations of several" in answer


def test_opinion_groups_along_the_lines_are_said_to_follow_them():
    view = round_for(_camps_along_the_lines(2), SECRETARIAT)
    assert view.analysis.opinion.k == 2
    assert opinion_verdict(view) == FOLLOW
    assert view.analysis.alignment.pvalue < 1e-6
    assert view.analysis.alignment.effect_size_magnitude == "large"
    assert "The opinion groups follow the institutional lines" in opinion_answer(view, "en")


def test_no_structure_is_said_plainly_and_no_groups_claimed():
    data, _ = planted_camps(3, structure=False)
    view = round_for(data, SECRETARIAT)
    assert opinion_verdict(view) == NO_GROUPS
    answer = opinion_answer(view, "en")
    assert answer.startswith("No clear opinion groups: the best split of the 60 placed delegations")
    assert "below 0.50" in answer and "neither follow nor cut across" in answer
    assert opinion_group_lines(view, "en") == [] and opinion_groups_table(view, "en", "") is None


def test_opinion_group_make_up_is_withheld_under_k_for_members():
    data, _ = planted_camps(1)
    members = round_for(data, MEMBER)
    secretariat = round_for(data, SECRETARIAT)
    assert [g.by_group for g in members.analysis.opinion_groups] == [
        g.by_group for g in secretariat.analysis.opinion_groups]
    for raw, shown in zip(secretariat.analysis.opinion_groups, composition(members)):
        for code, n in raw.by_group.items():
            assert shown[code] is None if 0 < n < 3 else shown[code] in (n, None)


def test_vote_frames_draw_agree_right_disagree_left_and_passes_apart(data):
    view = round_for(data, SECRETARIAT)
    segments, aside = vote_frames(view, "s1", "en")
    council = segments[segments["group"] == "council"].set_index("vote")
    assert council.loc["agree", ["start", "end"]].tolist() == [0.0, 0.75]
    assert council.loc["disagree", ["start", "end"]].tolist() == [-0.25, 0.0]
    assert set(segments["vote"]) == {"agree", "disagree"}
    tcc = aside.set_index("group").loc["tcc_pcc"]
    assert (tcc["count"], tcc["text"]) == (1, "20%")
    members = round_for(data, MEMBER)
    segments, aside = vote_frames(members, "s2", "en")
    assert "secretariat" not in set(segments["group"])
    assert aside.set_index("group").loc["secretariat", "text"] == "fewer than 3 votes"


def test_charts_use_the_palette_and_name_points_only_for_the_secretariat(data):
    view = round_for(data, SECRETARIAT)
    spec = styled(round_chart(view, "s1", "en", title="s1", description="finding"), "en").to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["color"]["scale"]["range"] == [VOTE_COLOURS["disagree"], VOTE_COLOURS["agree"]]
    assert bars["x"]["scale"]["domain"] == [-1, 1]
    assert spec["description"] == "finding"
    camps, _ = planted_camps(1)
    named = dataclasses.replace(camps, attributed=True)
    for audience, tooltip_has_name in ((SECRETARIAT, True), (MEMBER, False)):
        shown = round_for(named if audience.sees_everything else camps, audience)
        points, hulls = map_frames(shown, "en")
        assert (points["participant"] != "").all() == tooltip_has_name
        chart = map_chart(shown, "en", title="map").to_dict()
        dots = next(layer for layer in chart["layer"] if layer["mark"]["type"] == "circle")
        titles = [t["title"] for t in dots["encoding"]["tooltip"]]
        assert ("Delegation" in titles) == tooltip_has_name
        assert any(layer["mark"].get("interpolate") == "linear-closed" for layer in chart["layer"])
        assert set(hulls["opinion_group"]) == {1, 2}


def test_convex_hull_is_closed_and_holds_every_point():
    rng = np.random.default_rng(3)
    points = rng.normal(size=(40, 2))
    ring = convex_hull(points)
    assert ring[0] == ring[-1] and len(ring) >= 4
    # Counter-clockwise: every point lies on or left of every edge (cross product >= 0).
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = (x1 - x0) * (points[:, 1] - y0) - (y1 - y0) * (points[:, 0] - x0)
        assert (cross >= -1e-6).all()
    # The corners are the extreme points, which scipy's Qhull finds independently.
    from scipy.spatial import ConvexHull
    assert len(ring) - 1 == len(ConvexHull(points).vertices)


def test_tables_and_rows_carry_the_analysis_counts(data):
    view = round_for(data, SECRETARIAT)
    table = statements_table(view, "en", "Table 1")
    assert table.header[:5] == ("Statement", "Question", "Text", "Consensus for", "Consensus against")
    assert [row[0] for row in table.rows] == [s.id for s in view.analysis.ranked]
    rows = vote_rows(view, "en")
    s2 = view.analysis.statement("s2")
    for row in rows:
        if row[1] == "s2":
            votes = s2.votes[row[4]]
            assert row[6:10] == [votes.agree, votes.disagree, votes.passes, votes.n]
            assert row[11] == s2.consensus_agree


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sentence_and_chart_in_every_language(lang, data):
    camps, _ = planted_camps(1)
    for view in (round_for(data, MEMBER), round_for(camps, SECRETARIAT)):
        texts = [participation(view, lang), opinion_answer(view, lang), *opinion_group_lines(view, lang),
                 *(statement_finding(view, s.id, lang) for s in view.analysis.statements)]
        assert all(texts)
        if lang != "en":
            assert not any("delegations voted on" in t or "opinion groups" in t for t in texts), texts
    figure = statements_figure(round_for(data, SECRETARIAT), ["s1", "s2"], lang, description="votes")
    assert render_png(figure, lang)[:8] == b"\x89PNG\r\n\x1a\n"


def test_arabic_vote_bars_run_right_to_left(data):
    """As the survey's bars: the axis from the right, group labels on the right, passes on the left."""
    view = round_for(data, SECRETARIAT)
    ar, en = round_chart(view, "s1", "ar").to_dict(), round_chart(view, "s1", "en").to_dict()
    bars_ar, bars_en = ar["layer"][0]["encoding"], en["layer"][0]["encoding"]
    assert bars_ar["x"]["scale"]["reverse"] is True and bars_en["x"]["scale"]["reverse"] is False
    assert bars_ar["y"]["axis"]["orient"] == "right" and bars_en["y"]["axis"]["orient"] == "left"
    assert ar["layer"][1]["encoding"]["x"]["scale"]["reverse"] is True  # zero stays under the bars' zero
    passes_ar, passes_en = ar["layer"][2], en["layer"][2]
    assert passes_ar["encoding"]["x"] == {"value": 0} and passes_ar["mark"]["align"] == "right"
    assert passes_en["encoding"]["x"] == {"value": "width"} and passes_en["mark"]["align"] == "left"
