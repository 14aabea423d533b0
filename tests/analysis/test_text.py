"""Reading comments: folding, language detection, Chinese segmentation, search and distinctive terms.

The sentences are written for these tests in the register of the consultation (the Chinese
ones that are quoted are from the concept note S/2015/1042, a public UN document).
"""
from __future__ import annotations

import numpy as np
import pytest

from analysis.text.comments import Comment
from analysis.text.language import detect_language
from analysis.text.normalise import fold
from analysis.text.search import highlight, search_texts
from analysis.text.terms import distinctive_terms, log_odds_dirichlet
from analysis.text.tokens import terms, words

#: (language, sentence): comments as delegations write them, two or more per UN language.
SENTENCES = [
    ("en", "We are usually consulted after the draft resolution has already been agreed among the permanent members."),
    ("en", "Information on the security situation reaches troop contributors too late to prepare deployments."),
    ("en", "The informal interactive dialogues should become a standing practice before every mandate renewal."),
    ("fr", "Les pays fournisseurs de contingents sont consultés trop tard pour influer sur le mandat."),
    ("fr", "Nous souhaitons que les dialogues informels deviennent une pratique régulière du Conseil."),
    ("fr", "Le partage d'informations sur les menaces reste insuffisant sur le terrain."),
    ("es", "Las consultas con los países que aportan contingentes llegan demasiado tarde para influir en el mandato."),
    ("es", "Los diálogos interactivos oficiosos permiten un intercambio franco entre el Consejo y la Secretaría."),
    ("es", "Es necesario institucionalizar las reuniones antes de cada renovación de mandato."),
    ("ru", "Консультации со странами, предоставляющими войска, проводятся слишком поздно, чтобы повлиять на мандат."),
    ("ru", "Неофициальные интерактивные диалоги позволяют вести откровенный обмен мнениями."),
    ("ru", "Секретариату следует заранее знакомить потенциальных участников со стратегической оценкой."),
    ("ar", "تأتي المشاورات مع البلدان المساهمة بقوات متأخرة جدا بحيث لا تؤثر في الولاية."),
    ("ar", "ينبغي إشراك البلدان المساهمة بقوات وأفراد شرطة في التقييم الاستراتيجي قبل إنشاء البعثة."),
    ("ar", "الحوارات التفاعلية غير الرسمية هي الشكل الوحيد الذي يتيح تبادلا حقيقيا للآراء."),
    ("zh", "应在任务授权前加强与出兵国的沟通。"),
    ("zh", "非正式互动对话是唯一能够进行真正交流的形式，应当制度化。"),
    ("zh", "秘书处应尽早向潜在的部队派遣国通报战略评估的结果。"),
]


@pytest.mark.parametrize("lang, sentence", SENTENCES, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(SENTENCES)])
def test_language_of_real_sentences(lang, sentence):
    guess = detect_language(sentence)
    assert guess.code == lang, (sentence, guess)
    assert guess.confidence >= 0.5


def test_text_without_letters_or_too_short_is_undetermined():
    assert detect_language("A/70/357").code == "und"
    assert detect_language("  ").code == "und"
    assert detect_language("OK").code == "und"  # English or German: no guess shown as a fact


@pytest.mark.parametrize("raw, folded", [
    ("Échange d’INFORMATIONS", "echange d'informations"),
    ("Straße", "strasse"),
    ("ＴＣＣ／ＰＣＣ会议", "tcc/pcc会议"),                # full-width forms in Chinese text
    ("Ещё раз, йод", "еще раз, йод"),                   # ё → е, but й stays a letter
    ("المَعْلُومَاتُ", "المعلومات"),                       # harakat dropped
    ("إشراك الـــبلدان", "اشراك البلدان"),                # alef with hamza below, tatweel
    ("المساهمة", "المساهمه"),                            # taa marbuta
    ("مستوى", "مستوي"),                                  # alef maqsura
])
def test_folding(raw, folded):
    assert fold(raw) == folded


def test_arabic_words_are_not_broken():
    """Normalisation replaces letters one for one: no word is split, no clitic cut off."""
    sentence = "وَالمَعْلُومَاتُ تَصِلُ مُتَأَخِّرَةً إلى البلدانِ المساهمةِ بقواتٍ"
    found = [t.text for t in words(sentence)]
    assert found == sentence.split()  # one token per written word, diacritics included
    assert [t.norm for t in words(sentence)][:3] == ["والمعلومات", "تصل", "متاخره"]


#: Chinese sentences of the concept note S/2015/1042 (Chinese text), with the words the
#: segmentation must find; the peacekeeping terms stay whole.
CHINESE = [
    ("安全理事会成员对现行的磋商做法评价怎样？安理会成员如何更积极地与部队和警察派遣国进行接触？",
     ["安全理事会", "成员", "磋商", "做法", "安理会", "部队", "警察派遣国", "接触"]),
    ("开展更加包容、有意义和实质性的三方对话面临哪些挑战？", ["包容", "实质性", "三方对话", "挑战"]),
    ("对话还将提供早期信息，从而使部队和警察派遣国确保更好地为其派遣作准备。",
     ["对话", "早期", "信息", "警察派遣国", "准备"]),
    ("安全理事会非常任理事国能在促进三角讨论中发挥更大的作用吗？", ["安全理事会", "非常任理事国", "促进", "作用"]),
    ("非正式举措如何才能得以持续和制度化？", ["非正式", "举措", "持续", "制度化"]),
]


@pytest.mark.parametrize("sentence, expected", CHINESE)
def test_chinese_segmentation_of_the_concept_note(sentence, expected):
    segmented = [t.text for t in words(sentence)]
    for word in expected:
        assert word in segmented, (word, segmented)
    # Tokens point back at the text: joined, they are the sentence without its punctuation.
    assert "".join(segmented) == "".join(ch for ch in sentence if ch.isalnum())


def test_chinese_sentences_of_the_source_document(shared):
    """Segmentation of the whole concept note keeps the terms whole wherever they occur."""
    text = (shared / "source" / "S-2015-1042-concept-note-zh.txt").read_text(encoding="utf-8")
    segmented = [t.text for t in words(text)]
    assert segmented.count("维持和平行动") >= 10
    assert "部队派遣国" in segmented and "秘书处" in segmented
    assert "安全" not in segmented[:40] or "安全理事会" in segmented[:40]


def test_terms_drop_stop_words_and_keep_the_consultations_words():
    found = terms("Information on threats reaches us too late, after the decisions are taken.")
    assert found[:4] == ["information", "threats", "reaches", "late"]
    assert "threats reaches" in found and "information threats" not in found  # "on" ends the phrase
    assert "us" not in found and "the" not in found
    assert "tarde" in terms("Las consultas llegan demasiado tarde.")  # a stopwords-iso entry kept on purpose
    chinese = terms("信息共享仍然不足。")
    assert chinese[0] == "信息共享" and "不足" in chinese and "。" not in chinese
    # Latin-script stop words only of the comment's language: French "force" is one, English "force" is not.
    assert "force" in terms("Force generation depends on pledges.", "en")
    assert "force" not in terms("Il faut, à force de patience, convaincre.", "fr")


SEARCHABLE = [
    "Information sharing on threats reaches us late.",
    "Le partage d’informations reste insuffisant.",
    "信息共享仍然不足。",
    "لا يزال تبادلُ المعلوماتِ غير كاف، والمعلومات متأخرة.",
    "Обмен информацией остаётся недостаточным.",
    "The party was a good start.",
    "El intercambio de información sigue siendo insuficiente.",
]


@pytest.mark.parametrize("query, expected", [
    ("information", [0, 1]),
    ("INFORMACION", [6]),           # accents and case folded
    ("信息", [2]),                    # Chinese: no spaces, substring
    ("共享 不足", [2]),                # every term must match
    ("معلومات", [3]),                 # after the article and the conjunction: والمعلومات
    ("المعلومات", [3]),
    ("информац", [4]),               # word prefix
    ("art", []),                     # not inside "party" or "start"
    ('"information sharing"', [0]),  # a quoted phrase
    ("", []),
])
def test_search(query, expected):
    assert [hit.index for hit in search_texts(SEARCHABLE, query)] == expected


def test_search_spans_point_at_the_original_text():
    hits = search_texts(SEARCHABLE, "معلومات")
    marked = highlight(SEARCHABLE[3], hits[0].spans)
    assert marked == "لا يزال تبادلُ ال[معلوماتِ] غير كاف، وال[معلومات] متأخرة."
    hit = search_texts(SEARCHABLE, "informacion")[0]
    assert highlight(SEARCHABLE[6], hit.spans) == "El intercambio de [información] sigue siendo insuficiente."


def test_log_odds_by_hand():
    """Monroe et al. (2008) eq. 16, 18-19 on a two-term vocabulary, computed by hand:
    y_i = (3, 1), y_j = (1, 5), prior (1, 1): n_i = 4, n_j = 6, a_0 = 2.
    delta_1 = log(4 / 2) - log(2 / 6) = log 6; var_1 = 1/4 + 1/2 = 0.75."""
    result = log_odds_dirichlet([3, 1], [1, 5], [1, 1])
    assert result.delta[0] == pytest.approx(np.log(6))
    assert result.variance[0] == pytest.approx(0.75)
    assert result.zscore[0] == pytest.approx(np.log(6) / np.sqrt(0.75))
    assert result.delta[1] == pytest.approx(np.log(2 / 4) - np.log(6 / 2))
    with pytest.raises(ValueError):
        log_odds_dirichlet([1], [1], [0])


#: Sentences every group writes, and the group-specific terms planted in English, French, Chinese.
SHARED = [
    "The consultations before the mandate renewal should start earlier.",
    "Les consultations sur le renouvellement du mandat devraient commencer plus tôt.",
    "任务延期前的磋商应当更早开始。",
    "Informal dialogue works better than formal meetings.",
    "Le dialogue informel fonctionne mieux que les séances formelles.",
    "非正式对话比正式会议更有效。",
]
PLANTED = {  # within each language, only the planted term recurs in a group's two sentences
    "tcc_pcc": ["Reimbursement of contingent-owned equipment is delayed for months.",
                "Slow reimbursement strains our ability to deploy again.",
                "Le remboursement du matériel appartenant aux contingents accuse des mois de retard.",
                "Un remboursement lent pèse sur nos capacités de déploiement.",
                "特遣队所属装备的偿还拖延数月。", "偿还缓慢影响我们再次部署的能力。"],
    "council": ["The penholder circulates the draft to contributors too late.",
                "Each penholder should meet the troop-contributing countries before drafting.",
                "Le porte-plume devrait consulter les contributeurs avant la rédaction.",
                "Chaque porte-plume partage le projet trop tard.",
                "执笔国应在起草前与派遣国会面。", "执笔国分发草案太晚。"],
    "secretariat": ["Force generation depends on early pledges.",
                    "Without conditional pledges, deployment takes months.",
                    "Les annonces de contributions précoces facilitent le déploiement.",
                    "Sans annonces conditionnelles, la constitution des forces prend des mois.",
                    "兵力生成取决于早期认捐。", "没有附条件认捐，部署需要数月。"],
}


def _corpus() -> list[Comment]:
    made = []
    for group, planted in PLANTED.items():
        for j, text in enumerate(SHARED + planted):
            guess = detect_language(text)
            made.append(Comment(f"{group}-{j}", "q1_comment", "q1", group, None, None, text, guess.code,
                                guess.confidence))
    return made


def test_planted_terms_come_out_on_top_in_english_french_and_chinese():
    result = distinctive_terms(_corpus())
    expected = {"tcc_pcc": {"reimbursement", "remboursement", "偿还"},
                "council": {"penholder", "porte plume", "执笔国"},  # porte-plume: two words, one phrase
                "secretariat": {"pledges", "annonces", "认捐"}}
    for group, planted in expected.items():
        top = [t.term for t in result.top(group, 6)]
        assert planted <= set(top), (group, top)
        best = result.top(group, 1)[0]
        assert best.count == 2 and best.count_rest == 0 and best.zscore > 1
        assert {respondent for respondent, _ in best.comments} <= {f"{group}-{j}" for j in range(12)}
    shared_term = next(t for t in result.terms if t.group == "council" and t.term == "mandate")
    assert abs(shared_term.zscore) < 0.5  # used by every group alike: not distinctive


def test_distinctive_terms_need_two_groups():
    one = [c for c in _corpus() if c.group == "council"]
    result = distinctive_terms(one)
    assert result.terms == () and "fewer than two groups" in result.reason


def test_theme_finding_says_the_counts_and_a_difference_only_when_shown():
    from analysis.items import ItemSummary, OptionGroup, OptionSummary
    from analysis.present.themes import theme_finding, theme_findings
    from analysis.results import ConfidenceInterval, TestResult
    from analysis.text.themes import ThemesSummary

    themes = ThemesSummary("w", "group", {}, "v", {"council": 10, "tcc_pcc": 12, "secretariat": 0}, {}, ())

    def option(code, label, groups, q):
        counts = {g: OptionGroup(n, k, k / n if n else float("nan"), ConfidenceInterval(0.0, 1.0))
                  for g, (n, k) in groups.items()}
        test = TestResult("Fisher's exact test", pvalue=q) if q is not None else None
        return OptionSummary(code, label, counts, test, qvalue=q or float("nan"),
                             summary_qvalue=q if q is not None else float("nan"))

    groups = {"tcc_pcc": (12, 8), "council": (10, 2), "secretariat": (0, 0)}
    shown = option("timing", {"en": "Timing", "zh": "时机"}, groups, 0.004)
    # Groups in their fixed order, the summary-wide q of the theme's test behind the claim.
    assert theme_finding(themes, shown) == (
        "Timing was raised by 2 of 10 Council members and 8 of 12 troop- and police-contributing countries. "
        "The groups differ (q = 0.004).")
    calm = option("timing", {"en": "Timing", "zh": "时机"}, groups, 0.3)
    assert theme_finding(themes, calm).endswith("troop- and police-contributing countries.")
    assert theme_finding(themes, calm, lang="zh") == "10个安理会成员中的2个和12个部队和警察派遣国中的8个提到“时机”。"
    other = option("capacity", {"en": "Capacity"}, {"council": (10, 1)}, None)
    item = ItemSummary("q1_comment", "q1", "multiple", {"en": "Comments"}, (), {}, options=(other, calm))
    assert theme_findings(themes, item)[0].startswith("Timing was raised")
    assert theme_finding(themes, option("x", {"en": "x"}, {"council": (0, 0)}, None)) is None


def test_comments_of_one_term_have_no_distinctive_terms_rather_than_infinite_ones():
    """A vocabulary of one term leaves nothing to weigh it against (its log-odds against the other
    terms would divide by zero): no term, a reason, and the page says so."""
    from analysis.present.comments import terms_note
    from analysis.text.terms import ONE_TERM

    comments = [Comment(f"r{j}", "q1_comment", "q1", group, None, None, "Timing.", "en", 1.0)
                for j, group in enumerate(["council", "council", "tcc_pcc"])]
    with np.errstate(all="raise"):
        result = distinctive_terms(comments)
    assert result.terms == () and result.reason == ONE_TERM
    assert terms_note(result) == "No distinctive terms: the comments on this question hold a single term."
