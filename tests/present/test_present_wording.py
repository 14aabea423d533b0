"""The layer's sentences on small real summaries: numbers from the summary, small groups as
counts, scales read as they measure, no claim the tests do not support, every language."""
from __future__ import annotations

import re

import pytest

from analysis import summarize
from analysis.present.findings import group_clauses, item_finding, item_paragraph, verdict_sentence
from analysis.present.lists import common_ground_entries, dividing_line_entries, question_sentence
from analysis.present.wording import method_name
from support.crafted import counts, item_wave


def one(groups, **kw):
    summary = summarize(item_wave(groups, **kw), by=kw.get("by", "group"))
    return summary, summary.item("q1_item")


def test_counts_and_percentages_come_from_the_summary():
    summary, item = one({"council": counts(**{"4": 6, "2": 9}), "tcc_pcc": counts(**{"5": 9, "1": 3})})
    text = item_paragraph(summary, item, "en")
    # Council first (fixed group order): 6 of 15 agree (40%); 9 of 12 TCC/PCC (75%).
    assert "of the 15 Council members that answered, 6 (40%) agreed" in text
    assert "of the 12 troop- and police-contributing countries that answered, 9 (75%) agreed" in text


def test_small_groups_get_counts_without_percentages():
    summary, item = one({"council": counts(**{"4": 6, "2": 9}), "secretariat": counts(**{"4": 2, "2": 1})})
    text = item_paragraph(summary, item, "en")
    assert "of the 3 Secretariat units that answered, 2 agreed" in text
    assert "67%" not in text, text


def test_a_single_answer_is_not_a_group():
    summary, item = one({"council": counts(**{"4": 6, "2": 9}), "other": ["2"]})
    assert "the one other participant that answered did not agree" in item_paragraph(summary, item, "en")


def test_a_quality_scale_names_its_upper_answers():
    summary, item = one({"council": counts(**{"4": 3, "5": 2, "2": 5})}, kind="quality5")
    assert "5 (50%) answered “Good” or “Very good”" in item_paragraph(summary, item, "en")


def test_a_sequence_gets_its_median_stage_not_an_agreement_share():
    summary, item = one({"council": counts(**{"3": 6, "4": 3}), "tcc_pcc": counts(**{"1": 6, "2": 3})},
                        kind="stages")
    text = item_paragraph(summary, item, "en")
    assert item.groups["council"].agree_share is None  # the engine computes none
    assert "the median answer of the 9 Council members that answered was “During negotiation”" in text
    assert "agreed" not in text and "%" not in text.split(". The groups")[0]


@pytest.mark.parametrize("spread, differs", [(True, True), (False, False)])
def test_difference_claimed_only_when_q_is_below_the_threshold(spread, differs):
    council = counts(**{"5": 8, "4": 4}) if spread else counts(**{"4": 6, "2": 6})
    summary, item = one({"council": council, "tcc_pcc": counts(**{"2": 6, "1": 4, "4": 2})} if spread
                        else {"council": council, "tcc_pcc": counts(**{"4": 6, "2": 6})})
    said = verdict_sentence(summary, item, "en")
    assert (item.qvalue < 0.05) is differs
    assert ("answered differently" in said) is differs, said
    assert ("do not show a difference" in said) is (not differs), said


def test_no_test_no_claim_and_the_reason_in_words():
    summary, item = one({"council": counts(**{"4": 6, "2": 9}), "secretariat": ["5"]})
    assert verdict_sentence(summary, item, "en") == \
        "No test between groups was run: fewer than 2 groups have 2 or more answers."
    assert verdict_sentence(summary, item, "zh") == "未进行组间检验：有2个及以上答复的组不足2个。"


def test_chinese_wording():
    summary, item = one({"tcc_pcc": counts(**{"4": 9, "2": 3}), "secretariat": counts(**{"4": 2, "2": 1})})
    text = item_paragraph(summary, item, "zh")
    assert "在作答的12个部队和警察派遣国中，9个（75%）表示同意" in text
    assert "在作答的3个秘书处单位中，2个表示同意" in text
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"Mann|Whitney", "", text)), text


def test_french_and_spanish_wording():
    summary, item = one({"council": counts(**{"4": 6, "2": 9}), "tcc_pcc": counts(**{"5": 9, "1": 3})})
    assert "sur les 15 membres du Conseil ayant répondu, 6 (40 %) étaient d’accord" in \
        item_paragraph(summary, item, "fr").replace("\u202f", " ").replace("\xa0", " ")
    assert "de los 15 miembros del Consejo que respondieron, 6 (40 %) estuvieron de acuerdo" in \
        item_paragraph(summary, item, "es").replace("\xa0", " ")


@pytest.mark.parametrize("engine_name, chinese", [
    ("Kruskal-Wallis H test (tie-corrected)", "Kruskal–Wallis H检验（结校正）"),
    ("Mann-Whitney U test (normal approximation, tie and continuity corrected)",
     "Mann–Whitney U检验（正态近似，结校正和连续性校正）"),
    ("Fisher-Freeman-Halton test (Monte Carlo, 9999 tables, seed 20151211)",
     "Fisher–Freeman–Halton检验（蒙特卡罗估计，9999个表，随机种子20151211）"),
    ("Fisher-Freeman-Halton exact test (exact enumeration)", "Fisher–Freeman–Halton精确检验（完全枚举）"),
])
def test_test_names_in_chinese(engine_name, chinese):
    assert method_name(engine_name, "zh") == chinese


def test_a_monte_carlo_p_value_is_named_an_estimate_in_every_language(monkeypatch):
    """The engine's Monte Carlo result (a table past the exact test's bound on work) is never
    called exact in any language, and its note with the standard error reads in the language."""
    import analysis.nominal as nominal
    from analysis import fisher
    from analysis.nominal import fisher_exact_test
    from analysis.present.wording import reason_text

    monkeypatch.setattr(nominal, "fisher_freeman_halton",
                        lambda t, **kw: fisher.fisher_freeman_halton(t, max_work=10_000, **kw))
    result = fisher_exact_test([[4, 4, 3, 2, 2], [5, 8, 15, 12, 10], [3, 1, 2, 1, 3], [6, 5, 7, 3, 4]])
    assert "Monte Carlo" in result.method and result.pvalue_standard_error is not None, result
    for lang, exact in (("en", "exact"), ("zh", "精确"), ("fr", "exact"), ("es", "exacta"), ("ru", "точный"),
                        ("ar", "الدقيق")):
        name, note = method_name(result.method, lang), reason_text(result.reason, lang)
        assert exact not in name, (lang, name)
        if lang != "en":
            assert name != result.method and note != reason_text(result.reason, "en"), (lang, name, note)
        assert "9999" in name and "20151211" in name


def test_unknown_test_name_is_kept_as_the_engine_wrote_it():
    assert method_name("Some new test", "zh") == "Some new test"
    assert method_name("Fisher's exact test", "fr") == "test exact de Fisher"


def test_question_sentence_counts_like_the_engine_and_never_asserts_absence():
    summary, _item = one({"council": counts(**{"4": 6, "2": 6}), "tcc_pcc": counts(**{"4": 6, "2": 6})})
    said = question_sentence(summary, "q1", "en")
    assert summary.questions["q1"].n_items_differ == 0
    assert said == "The data do not show a difference between the groups on the 1 item of this question that " \
                   "could be tested."
    assert "none" not in said.lower()


def test_dividing_line_gives_both_shares_the_gap_and_the_adjusted_p():
    summary, _item = one({"council": counts(**{"5": 9, "2": 2}), "tcc_pcc": counts(**{"2": 26, "4": 1})})
    (entry,) = dividing_line_entries(summary, "en")
    # 9 of 11 (82%) against 1 of 27 (4%): the gap is the difference of the shares as shown.
    assert entry.detail.startswith("Agreed: Council members 82% against troop- and police-contributing countries "
                                   "4%, a gap of 78 percentage points (Fisher’s exact test, Holm-adjusted p < 0.001")


def test_common_ground_counts_groups_and_names_those_too_small():
    summary, _item = one({"council": counts(**{"5": 10, "2": 1}), "tcc_pcc": counts(**{"4": 27, "2": 2}),
                          "secretariat": ["4"], "other": counts(**{"2": 5})})
    (entry,) = common_ground_entries(summary, "en")
    # 10 of 11 Council members (91%) and 27 of 29 contributors (93%): the Council is the lowest.
    assert entry.detail.startswith("A majority in each of these groups agreed: Security Council, TCC/PCC (lowest: "
                                   "Security Council, 91%)")
    assert entry.detail.endswith("Too few answers to count (fewer than 2): Secretariat.")
    assert "every group" not in entry.detail and "Other" not in entry.detail  # the catch-all never counts


def test_arabic_isolates_the_latin_q_value():
    summary, item = one({"council": counts(**{"4": 6, "2": 6}), "tcc_pcc": counts(**{"4": 6, "2": 6})})
    said = verdict_sentence(summary, item, "ar")
    assert f"\u2066q = {item.qvalue:.3f}\u2069" in said and "{" not in said


def test_other_compare_by_variables_name_their_groups():
    summary, item = one({"african": counts(**{"4": 4, "2": 4}), "weog": counts(**{"4": 2, "2": 6})}, by="region")
    clauses = group_clauses(summary, item, "en")
    assert clauses[0] == "of the 8 respondents in African Group that answered, 4 (50%) agreed"


def test_multiple_choice_option_sentences():
    summary, item = one({"council": ["alpha beta"] * 11 + ["beta"], "tcc_pcc": ["beta"] * 11 + ["alpha"]},
                        kind="options")
    finding = item_finding(summary, item, "en")
    alpha = next(o for o in item.options if o.option == "alpha")
    assert alpha.summary_qvalue < 0.05
    assert finding.verdict == "The groups chose 1 of the 2 options tested at different rates."
    assert finding.options[0].startswith("“Alpha”: the groups chose it at different rates (")
    assert "Council members selected it more often than troop- and police-contributing countries: 92% against 8%" \
        in finding.options[0]
    assert finding.options[1] == ("Not compared: “Gamma” (nobody chose this option); “Delta” (nobody chose this "
                                  "option); “Epsilon” (nobody chose this option).")
