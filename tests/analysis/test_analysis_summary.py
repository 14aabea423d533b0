"""summarize() on hand-built waves: contract shape, small samples, filters, waves, stability."""
from __future__ import annotations

import datetime as dt
import json
import pickle

import pytest

from analysis import Summary, UnknownVariable, summarize
from support.waves import council_wave, make_wave

CONTRACT_TOP = {"wave", "by", "filters", "data_version", "generated_at", "groups", "items", "common_ground",
                "dividing_lines", "questions"}
CONTRACT_ITEM = {"item", "question", "kind", "label", "groups", "test", "test_reason", "pairwise", "options",
                 "group_consensus", "divergence"}
CONTRACT_GROUP = {"n", "missing", "counts", "shares", "median", "iqr", "mean", "sd", "agree_share", "agree_ci95",
                  "median_ci95", "mean_ci95", "consensus"}


def test_to_dict_has_the_contract_shape_and_is_strict_json():
    data = council_wave()
    out = summarize(data).to_dict()
    assert CONTRACT_TOP <= set(out)
    assert out["data_version"] == data.data_version
    assert out["groups"] == {"council": 10, "tcc_pcc": 12, "secretariat": 1}
    assert out["group_labels"]["council"]["fr"] == "Conseil de sécurité"
    for item in out["items"]:
        assert CONTRACT_ITEM <= set(item), item["item"]
        for stats in item["groups"].values():
            assert CONTRACT_GROUP <= set(stats)
    useful = next(i for i in out["items"] if i["item"] == "q1_useful")
    assert useful["label"] == {"en": "Consultations are useful", "fr": "Les consultations sont utiles"}
    assert set(useful["test"]) >= {"name", "statistic", "dof", "pvalue", "qvalue", "effect_size"}
    assert set(useful["divergence"]) >= {"a", "b", "difference", "effect_size", "pvalue_adjusted"}
    assert set(out["questions"]["q1"]) == {"groups", "n_items_differ"}
    assert set(out["questions"]["q1"]["groups"]["council"]) == {"direction", "consensus", "n_items", "n_comments"}
    json.dumps(out, allow_nan=False)  # NaN must have become null


def test_dont_know_is_counted_but_kept_out_of_ranks():
    useful = summarize(council_wave()).item("q1_useful")
    council = useful.groups["council"]
    assert council.counts["dk"] == 1 and council.n == 9 and council.missing == 1
    assert "dk" not in council.shares and sum(council.shares.values()) == pytest.approx(1.0)
    # 2,3,4,4,4,4,5,5,5 -> median 4, agree (4 or 5) 7 of 9
    assert council.median == 4 and council.agree_share == pytest.approx(7 / 9)


def test_small_groups_get_descriptives_only_with_reasons():
    out = summarize(council_wave())
    useful = out.item("q1_useful")
    assert useful.groups["secretariat"].reason.startswith("fewer than 2 answers")
    assert useful.test.method.startswith("Mann-Whitney")  # only two groups have 2+ answers
    assert "secretariat" in useful.test_reason


def test_no_comparison_when_fewer_than_two_groups_have_two_answers():
    rows = [{"respondent": "A", "group": "council", "q1_useful": "4"},
            {"respondent": "B", "group": "council", "q1_useful": "5"},
            {"respondent": "DPKO", "group": "secretariat", "q1_useful": "2"}]
    item = summarize(make_wave(rows)).to_dict()["items"][0]
    assert item["test"] is None
    assert item["test_reason"] == "comparison not run: fewer than 2 groups have 2 or more answers"


def test_constant_answers_give_reason_not_pvalue():
    rows = [{"respondent": f"R{i}", "group": "council" if i < 4 else "tcc_pcc", "q1_useful": "4"} for i in range(8)]
    item = summarize(make_wave(rows)).to_dict()["items"][0]
    assert item["test"] is None and "same" in item["test_reason"]
    assert item["groups"]["council"]["mean_ci95"] == [None, None]


def test_filters_and_other_compare_by_variables():
    data = council_wave()
    by_seat = summarize(data, by="p5_e10")
    assert list(by_seat.groups) == ["p5", "e10", "non_member"]
    assert by_seat.group_labels["p5"]["en"] == "Permanent members"
    african = summarize(data, filters={"region": "african"})
    assert sum(african.groups.values()) == 11
    assert african.to_dict()["filters"] == {"region": ["african"]}
    tcc = summarize(data, by="tcc_pcc")
    assert tcc.groups == {"yes": 12}
    assert tcc.n_excluded == 11


def test_unknown_variable_is_a_clear_error():
    with pytest.raises(UnknownVariable, match="cannot compare by 'nope'"):
        summarize(council_wave(), by="nope")
    with pytest.raises(UnknownVariable, match="cannot filter on 'nope'"):
        summarize(council_wave(), filters={"nope": "x"})


def test_compare_two_waves():
    later = council_wave()
    earlier = make_wave([{"respondent": f"C{i}", "group": "council", "q1_useful": v}
                         for i, v in enumerate(["1", "2", "2", "1", "3"])], name="2014", date=dt.date(2014, 12, 1))
    out = summarize(later, by="wave", other=earlier)
    assert list(out.groups) == ["2014", "2015"]
    assert out.groups["2014"] == 5 and out.groups["2015"] == 23
    assert out.item("q1_useful").test is not None
    assert out.to_dict()["other_data_version"] == earlier.data_version


def test_summary_is_stable_across_runs_and_pickles():
    data = council_wave()
    first, second = summarize(data).to_dict(), summarize(data).to_dict()
    first.pop("generated_at"), second.pop("generated_at")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    summary = summarize(data)
    assert isinstance(pickle.loads(pickle.dumps(summary)), Summary)


def test_every_pvalue_gets_a_summary_wide_qvalue():
    out = summarize(council_wave()).to_dict()
    tests = [i["test"] for i in out["items"] if i["test"]] + \
            [o["test"] for i in out["items"] for o in i["options"] if o["test"]]
    assert tests and all(t["qvalue"] is not None and t["qvalue"] >= t["pvalue"] for t in tests)


def test_cli_writes_json_and_reports_errors(tmp_path, capsys):
    from analysis.cli import main
    from surveys.demo import load_demo
    from surveys.storage.store import open_store

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    load_demo(open_store(url))
    target = tmp_path / "summary.json"
    assert main(["summary", "--db", url, "--filter", "group=council", "--filter", "group=tcc_pcc",
                 "--json", str(target)]) == 0
    out = json.loads(target.read_text(encoding="utf-8"))
    assert set(out["groups"]) == {"council", "tcc_pcc"} and out["items"]
    assert main(["summary", "--db", url, "--by", "nope", "--json", str(target)]) == 2
    assert "cannot compare by 'nope'" in capsys.readouterr().err


def test_a_missing_median_interval_says_why():
    # Four answers cannot give a 95% distribution-free interval for the median (needs six:
    # the widest interval covers with 1 - 2/2^4 = 0.875; Nair 1940's table starts at n = 6).
    data = make_wave([{"respondent": f"S{i}", "group": "secretariat", "q1_useful": v}
                      for i, v in enumerate(["2", "3", "3", "4"])])
    group = summarize(data).to_dict()["items"][0]["groups"]["secretariat"]
    assert group["n"] == 4 and group["median_ci95"] == [None, None]
    assert any("too few" in note and "needs 6" in note for note in group["notes"]), group["notes"]


def test_dividing_lines_only_where_the_difference_is_significant():
    # Council 12 of 12 agree vs TCC/PCC 0 of 12: Fisher's exact two-sided p for
    # [[12, 0], [0, 12]] is 2/C(24, 12) = 7.396e-07 (R: fisher.test(matrix(c(12,0,0,12),2))).
    # Secretariat 0 of 2 vs "other" 2 of 2 is a 100-point gap too, but
    # fisher.test(matrix(c(0,2,2,0),2)) gives p = 0.3333: not a dividing line.
    rows = ([{"respondent": f"C{i}", "group": "council", "q1_useful": "5"} for i in range(12)]
            + [{"respondent": f"T{i}", "group": "tcc_pcc", "q1_useful": "1"} for i in range(12)]
            + [{"respondent": f"S{i}", "group": "secretariat", "q1_useful": "1"} for i in range(2)]
            + [{"respondent": f"O{i}", "group": "other", "q1_useful": "5"} for i in range(2)])
    lines = summarize(make_wave(rows)).to_dict()["dividing_lines"]
    assert lines, "a significant gap must be listed"
    assert all(line["pvalue_adjusted"] < 0.05 for line in lines), lines
    assert {(line["a"], line["b"]) for line in lines} <= {("council", "tcc_pcc"), ("tcc_pcc", "council")}


def test_a_significant_gap_is_not_hidden_by_a_larger_gap_between_tiny_groups():
    # Council 11 of 12 vs TCC/PCC 1 of 12 (gap 0.83): R fisher.test(matrix(c(11,1,1,11),2))
    # gives p = 0.0001346; Secretariat 0 of 2 vs "other" 2 of 2 (gap 1.0) gives p = 0.3333.
    rows = ([{"respondent": f"C{i}", "group": "council", "q1_useful": "5" if i else "1"} for i in range(12)]
            + [{"respondent": f"T{i}", "group": "tcc_pcc", "q1_useful": "1" if i else "5"} for i in range(12)]
            + [{"respondent": f"S{i}", "group": "secretariat", "q1_useful": "1"} for i in range(2)]
            + [{"respondent": f"O{i}", "group": "other", "q1_useful": "5"} for i in range(2)])
    item = summarize(make_wave(rows)).to_dict()["items"][0]
    assert {item["divergence"]["a"], item["divergence"]["b"]} == {"council", "tcc_pcc"}
    assert item["divergence"]["difference"] == pytest.approx(10 / 12)


def test_a_dividing_line_needs_a_significant_overall_test_too():
    # The 12-against-12 item of the test above is a dividing line (Fisher p = 7.396e-07).
    # Were its overall test not significant across the summary (q = 0.2), the pair alone
    # must not make it one: the item's page would say "no clear difference".
    import dataclasses

    from analysis.scorecard import dividing_lines

    rows = ([{"respondent": f"C{i}", "group": "council", "q1_useful": "5"} for i in range(12)]
            + [{"respondent": f"T{i}", "group": "tcc_pcc", "q1_useful": "1"} for i in range(12)])
    summary = summarize(make_wave(rows))
    item = summary.item("q1_useful")
    assert item.qvalue < 0.05 and [f.item for f in dividing_lines([item])] == ["q1_useful"]
    assert dividing_lines([dataclasses.replace(item, qvalue=0.2)]) == ()
