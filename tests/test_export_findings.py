"""Findings wording: numbers from the summary, hedged for small groups, no invented differences."""
from __future__ import annotations

import re

import pytest

from analysis.exports import wording
from analysis.exports.findings import (Context, difference_sentence, dividing_line_lines, item_paragraph,
                                       question_sentence)
from analysis.exports.neutralise import is_dangerous, neutralise

AGREE5 = [{"name": str(i), "label": {"en": en, "zh": zh}, "missing": False, "rank": i}
          for i, (en, zh) in enumerate([("Strongly disagree", "非常不同意"), ("Disagree", "不同意"),
                                        ("Neither agree nor disagree", "既不同意也不反对"), ("Agree", "同意"),
                                        ("Strongly agree", "非常同意")], start=1)]
QUALITY5 = [{"name": str(i), "label": {"en": en}, "missing": False, "rank": i}
            for i, en in enumerate(["Very poor", "Poor", "Fair", "Good", "Very good"], start=1)]


def ordinal_item(groups: dict[str, tuple[int, float]], *, qvalue=None, pvalue=0.01, levels=AGREE5,
                 pairwise=(), reason=None) -> dict:
    """A Summary.to_dict() item of the documented shape, by hand."""
    test = None if qvalue is None else {
        "name": "Kruskal-Wallis H test", "statistic": 9.1, "dof": 2, "pvalue": pvalue, "qvalue": qvalue,
        "effect_size": {"name": "epsilon_squared", "value": 0.21, "magnitude": "medium"}}
    return {"item": "q1_timely", "question": "q1", "kind": "ordinal",
            "label": {"en": "Consultations take place early enough", "zh": "磋商进行得足够早"},
            "levels": levels,
            "groups": {code: {"n": n, "missing": 0, "agree_share": share, "median": 3.0, "counts": {}, "shares": {}}
                       for code, (n, share) in groups.items()},
            "test": test, "test_reason": reason, "pairwise": list(pairwise), "options": []}


EN = Context("en")
ZH = Context("zh")


def test_counts_and_percentages_come_from_the_summary():
    item = ordinal_item({"tcc_pcc": (12, 0.75), "council": (15, 0.4)}, qvalue=0.2)
    text = item_paragraph(item, EN)
    # Council first (fixed group order), then TCC/PCC: 0.4 × 15 = 6, 0.75 × 12 = 9.
    assert "of the 15 Council members that answered, 6 (40%) agreed" in text
    assert "of the 12 troop- and police-contributing countries that answered, 9 (75%) agreed" in text


def test_small_groups_get_counts_without_percentages():
    item = ordinal_item({"council": (15, 0.4), "secretariat": (3, 2 / 3)}, qvalue=0.2)
    text = item_paragraph(item, EN)
    assert "of the 3 Secretariat units that answered, 2 agreed" in text
    assert "67%" not in text, text


def test_a_single_answer_is_not_a_group():
    text = item_paragraph(ordinal_item({"council": (15, 0.4), "other": (1, 0.0)}, qvalue=0.2), EN)
    assert "the one other participant that answered did not agree" in text


@pytest.mark.parametrize("qvalue, pvalue, differs", [
    (0.012, 0.001, True),
    (0.049, 0.01, True),
    (0.05, 0.01, False),     # q not below 0.05: no claim, however small p is
    (0.119, 0.017, False),   # p < 0.05 but q >= 0.05 after correction: no claim
])
def test_difference_claimed_only_when_q_below_threshold(qvalue, pvalue, differs):
    item = ordinal_item({"council": (15, 0.4), "tcc_pcc": (12, 0.75)}, qvalue=qvalue, pvalue=pvalue)
    sentence = difference_sentence(item, EN)
    assert ("answered differently" in sentence) is differs, sentence
    assert ("do not show a difference" in sentence) is (not differs), sentence


def test_no_test_no_claim():
    item = ordinal_item({"council": (15, 0.4), "secretariat": (1, 1.0)},
                        reason="comparison not run: fewer than 2 groups have 2 or more answers")
    sentence = difference_sentence(item, EN)
    # The engine's "comparison not run:" prefix is dropped: the sentence already says so.
    assert sentence == "No test between groups was run: fewer than 2 groups have 2 or more answers."
    assert "differently" not in sentence
    assert difference_sentence(item, ZH) == "未进行组间检验：有2个及以上答复的组不足2个。"


def test_clearest_pair_named_only_when_adjusted_p_is_small():
    pairs = [{"a": "council", "b": "tcc_pcc", "statistic": 3.1, "pvalue": 0.001, "pvalue_adjusted": 0.004},
             {"a": "council", "b": "secretariat", "statistic": 1.0, "pvalue": 0.3, "pvalue_adjusted": 0.6}]
    item = ordinal_item({"council": (15, 0.4), "tcc_pcc": (12, 0.75)}, qvalue=0.01, pairwise=pairs)
    sentence = difference_sentence(item, EN)
    assert "between Council members and troop- and police-contributing countries (adjusted p = 0.004)" in sentence
    assert "Secretariat" not in sentence


def test_scale_that_is_not_agreement_names_its_top_choices():
    item = ordinal_item({"council": (10, 0.5)}, levels=QUALITY5, qvalue=0.3)
    assert "5 (50%) answered “Good” or “Very good”" in item_paragraph(item, EN)


def test_chinese_wording():
    item = ordinal_item({"tcc_pcc": (12, 0.75), "secretariat": (3, 2 / 3)}, qvalue=0.01)
    text = item_paragraph(item, ZH)
    assert "在作答的12个部队和警察派遣国中，9个（75%）表示同意" in text
    assert "在作答的3个秘书处单位中，2个表示同意" in text
    assert "各组的答复存在差异" in text
    assert not re.search(r"[A-Za-z]{4,}", text.replace("Kruskal-Wallis H test", "")), text


@pytest.mark.parametrize("engine_name, chinese", [
    ("Kruskal-Wallis H test (tie-corrected)", "Kruskal-Wallis H检验（结校正）"),
    ("Mann-Whitney U test (normal approximation, tie and continuity corrected)",
     "Mann-Whitney U检验（正态近似，结校正和连续性校正）"),
    ("Fisher-Freeman-Halton exact test (Monte Carlo, 9999 tables, seed 20151211)",
     "Fisher-Freeman-Halton精确检验（蒙特卡罗模拟，9999个表，随机种子20151211）"),
])
def test_chinese_sentence_names_the_test_in_chinese(engine_name, chinese):
    item = ordinal_item({"tcc_pcc": (12, 0.75), "council": (15, 0.2)}, qvalue=0.01)
    item["test"]["name"] = engine_name
    text = item_paragraph(item, ZH)
    assert chinese in text, text
    # Only the authors' names of a test stay in Latin letters.
    assert not re.search(r"[a-z]{4,}", re.sub(r"Kruskal|Wallis|Mann|Whitney|Fisher|Freeman|Halton", "", text)), text


def test_unknown_test_name_is_kept_as_the_engine_wrote_it():
    from analysis.exports.wording.methods import method_name

    assert method_name("zh", "Some new test") == "Some new test"
    assert method_name("en", "Fisher's exact test") == "Fisher's exact test"
    assert method_name("fr", "Fisher's exact test") == "test exact de Fisher"


def test_question_sentence_uses_the_engine_count():
    items = [ordinal_item({"council": (15, 0.4), "tcc_pcc": (12, 0.75)}, qvalue=q) for q in (0.01, 0.3)]
    assert question_sentence(items, {"n_items_differ": 1}, EN) == (
        "Of the 2 items of this question that could be tested, the groups answered differently on 1.")
    assert "none" in question_sentence(items, {"n_items_differ": 0}, EN).lower()


def test_dividing_line_without_significance_says_so():
    item = ordinal_item({"council": (15, 0.9), "tcc_pcc": (12, 0.1)}, qvalue=0.127)
    summary = {"items": [item], "dividing_lines": [
        {"item": "q1_timely", "question": "q1", "score": 0.8, "a": "council", "b": "tcc_pcc", "option": None}]}
    (line,) = dividing_line_lines(summary, EN)
    assert "80 percentage points apart" in line
    assert "does not show a difference" in line and "answered differently" not in line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_catalogue_complete(lang):
    assert wording.missing_keys(lang) == []


def test_every_catalogue_fills_the_same_placeholders():
    fields = re.compile(r"{(\w+)}")
    for lang, catalogue in wording.CATALOGUES.items():
        for key, template in catalogue.items():
            assert set(fields.findall(template)) == set(fields.findall(wording.CATALOGUES["en"][key])), (lang, key)


@pytest.mark.parametrize("text, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("-2+3", "'-2+3"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("＝1+1", "'＝1+1"),
    ("Plain comment", "Plain comment"),
    ("-3", "'-3"),  # text that looks like a number is still text: the CSV writes numbers itself
    ("", ""),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected
    assert not is_dangerous(neutralise(text))


def test_neutralise_passes_numbers_through():
    assert neutralise(3.5) == 3.5 and neutralise(None) is None


def test_other_compare_by_variables_name_their_groups():
    ctx = Context("en", by="region", group_labels={"african": {"en": "African Group"}})
    item = ordinal_item({"african": (8, 0.5)}, qvalue=0.3)
    assert "of the 8 respondents in African Group that answered, 4 (50%) agreed" in item_paragraph(item, ctx)
    seats = Context("en", by="p5_e10")
    assert seats.group_label("e10") == "elected members"


def test_an_empty_wave_still_exports():
    from analysis.exports import export_report

    empty = {"wave": "w", "by": "group", "filters": {}, "data_version": "v", "generated_at": "", "groups": {},
             "items": [], "common_ground": [], "dividing_lines": [], "questions": {}}
    for fmt in ("docx", "md", "xlsx"):
        assert export_report(empty, None, fmt, "en")
    assert "No item met this criterion." in export_report(empty, None, "md", "en").decode("utf-8")


def test_overview_names_the_compare_by_variable_and_filters_in_words():
    from analysis.exports.report import build_report

    summary = {"wave": "w", "by": "region", "filters": {"group": ["tcc_pcc"], "p5_e10": ["non_member"]},
               "data_version": "v", "generated_at": "", "groups": {"african": 8, "weog": 3},
               "group_labels": {}, "items": [], "common_ground": [], "dividing_lines": [], "questions": {}}
    zh = " ".join(build_report(summary, "zh").overview)
    assert "按区域组比较答复。" in zh, zh
    assert "答复方类别 = 部队和警察派遣国" in zh and "非安理会成员" in zh, zh
    assert "region" not in zh and "tcc_pcc" not in zh, zh
    en = " ".join(build_report(summary, "en").overview)
    assert "Answers are compared by regional group." in en, en
