"""The one small-group rule and its audience hook, on every surface that shows a share."""
from __future__ import annotations

import pytest

from analysis import summarize
from analysis.exports import export_report
from analysis.present.disclosure import MIN_SHARE_N, SECRETARIAT, Audience, share, shows_group
from analysis.present.findings import group_clauses, item_finding
from analysis.present.tables import heatmap_frame, likert_frames, scale_table
from support.crafted import counts, item_wave

MEMBERS = Audience("member", delegation="NOR")


@pytest.mark.parametrize("k, n, text, fraction", [
    (9, 12, "75%", "9/12 (75%)"), (3, 4, "3 of 4", "3/4"), (0, 5, "0%", "0/5 (0%)"), (None, 0, "–", "–"),
])
def test_shares_only_from_five_answers(k, n, text, fraction):
    figure = share(k, n)
    assert (figure.text("en"), figure.fraction("en")) == (text, fraction)
    assert (figure.shown is not None) == (n >= MIN_SHARE_N)


def test_members_and_viewers_see_nothing_below_the_minimum_cell():
    assert share(1, 2, audience=MEMBERS).text("en") == "fewer than 3 answers"
    assert share(2, 10, audience=MEMBERS).mode == "withheld"  # a count below 3 would point at delegations
    assert share(3, 10, audience=MEMBERS).text("en") == "30%"
    assert share(1, 2, audience=SECRETARIAT).text("en") == "1 of 2"
    assert shows_group(0, MEMBERS) and not shows_group(2, Audience("viewer"))
    assert share(1, 2, audience=MEMBERS).text("zh") == "答复少于3个"
    with pytest.raises(ValueError, match="unknown audience role"):
        Audience("chair")


@pytest.fixture(scope="module")
def small():
    """Council 8 answers (6 agree), Secretariat 4 (3 agree), Other 2 (1 agrees)."""
    return summarize(item_wave({"council": counts(**{"4": 6, "2": 2}), "secretariat": counts(**{"4": 3, "2": 1}),
                                "other": counts(**{"4": 1, "2": 1})}))


def test_one_rule_on_every_surface(small):
    item = small.item("q1_item")
    clauses = group_clauses(small, item, "en")
    assert clauses[1] == "of the 4 Secretariat units that answered, 3 agreed"  # a sentence: a count
    segments, _dk = likert_frames(small, item)
    tips = set(segments[segments["group"] == "secretariat"]["share_text"])
    assert tips == {"0 of 4", "1 of 4", "3 of 4"}  # a tooltip: counts
    cells = heatmap_frame(small).set_index("group")["text"]
    assert cells["secretariat"] == "3 of 4" and cells["council"] == "75%"  # the heatmap
    rows = {row[1]: row for row in scale_table(small, [item], "en", "t").rows}
    assert rows["Secretariat"][3:5] == ("3", "–")  # a printed table
    markdown = export_report(small, None, "md", "en").decode("utf-8")
    assert "of the 4 Secretariat units that answered, 3 agreed" in markdown and "(75%) agreed" in markdown
    assert "3 (75%)" not in markdown.split("Secretariat units")[1][:40]


def test_the_audience_reaches_every_surface(small):
    """Issue 10 passes its audience down the same calls: groups under the cell size vanish."""
    item = small.item("q1_item")
    clauses = group_clauses(small, item, "en", MEMBERS)
    assert clauses[2] == "other participants: fewer than 3 answers"
    segments, _dk = likert_frames(small, item, "en", MEMBERS)
    assert "other" not in set(segments["group"])
    assert heatmap_frame(small, audience=MEMBERS).set_index("group").loc["other", "text"] == "fewer than 3 answers"
    markdown = export_report(small, None, "md", "en", audience=MEMBERS).decode("utf-8")
    assert "Figures for fewer than 3 answers are withheld." in markdown
    assert "the one other participant" not in markdown and "of the 2 other participants" not in markdown
    assert item_finding(small, item, "en", MEMBERS).verdict == item_finding(small, item, "en").verdict
