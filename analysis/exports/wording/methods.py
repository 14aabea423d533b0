"""Names of the engine's tests and its reasons for not testing, in the report's language.

The statistics engine names each test in English (``TestResult.method``, e.g.
"Kruskal-Wallis H test (tie-corrected)") and says in English why a comparison was not run;
the report's sentences and the Excel workbook's test and reason columns show them in the
report's language (a Chinese or French report must not switch to English half-way). Names
and reasons are matched exactly (the Monte Carlo variant of the Fisher-Freeman-Halton test
and the note naming groups left out of a test by pattern, since they carry numbers or codes);
anything unknown is returned unchanged, so a new test in the engine still reads correctly in
English rather than disappearing.
"""
from __future__ import annotations

import re

#: The prefix the engine puts before a reason; the report's own sentence already says it.
NOT_RUN_PREFIX = "comparison not run: "

#: The engine's note when groups with one answer sat out a test that ran (analysis.items).
_LEFT_OUT = re.compile(r"^left out of the test \(fewer than 2 answers\): (.+)$")
_MONTE_CARLO = re.compile(r"^Fisher-Freeman-Halton exact test \(Monte Carlo, (\d+) tables, seed (\d+)\)$")

METHODS: dict[str, dict[str, str]] = {
    "zh": {
        "Mann-Whitney U test": "Mann-Whitney U检验",
        "Dunn's test (tie-corrected)": "Dunn检验（结校正）",
        "Tastle-Wierman consensus": "Tastle-Wierman共识度",
        "Kruskal-Wallis H test (tie-corrected)": "Kruskal-Wallis H检验（结校正）",
        "Mann-Whitney U test (exact)": "Mann-Whitney U检验（精确）",
        "Mann-Whitney U test (normal approximation, tie and continuity corrected)":
            "Mann-Whitney U检验（正态近似，结校正和连续性校正）",
        "Pearson chi-square test of independence": "Pearson卡方独立性检验",
        "Pearson chi-square test of independence (Yates' continuity correction)":
            "Pearson卡方独立性检验（Yates连续性校正）",
        "Fisher's exact test": "Fisher精确检验",
        "Fisher-Freeman-Halton exact test (exact enumeration)": "Fisher-Freeman-Halton精确检验（完全枚举）",
        "monte_carlo": "Fisher-Freeman-Halton精确检验（蒙特卡罗模拟，{n}个表，随机种子{seed}）",
    },
    "fr": {
        "Mann-Whitney U test": "test U de Mann-Whitney",
        "Dunn's test (tie-corrected)": "test de Dunn (corrigé pour les ex aequo)",
        "Tastle-Wierman consensus": "consensus de Tastle-Wierman",
        "Kruskal-Wallis H test (tie-corrected)": "test H de Kruskal-Wallis (corrigé pour les ex aequo)",
        "Mann-Whitney U test (exact)": "test U de Mann-Whitney (exact)",
        "Mann-Whitney U test (normal approximation, tie and continuity corrected)":
            "test U de Mann-Whitney (approximation normale, corrigé pour les ex aequo et la continuité)",
        "Pearson chi-square test of independence": "test d’indépendance du khi-deux de Pearson",
        "Pearson chi-square test of independence (Yates' continuity correction)":
            "test d’indépendance du khi-deux de Pearson (correction de continuité de Yates)",
        "Fisher's exact test": "test exact de Fisher",
        "Fisher-Freeman-Halton exact test (exact enumeration)":
            "test exact de Fisher-Freeman-Halton (énumération exacte)",
        "monte_carlo": "test exact de Fisher-Freeman-Halton (Monte-Carlo, {n} tableaux, graine {seed})",
    },
    "es": {
        "Mann-Whitney U test": "prueba U de Mann-Whitney",
        "Dunn's test (tie-corrected)": "prueba de Dunn (corregida por empates)",
        "Tastle-Wierman consensus": "consenso de Tastle-Wierman",
        "Kruskal-Wallis H test (tie-corrected)": "prueba H de Kruskal-Wallis (corregida por empates)",
        "Mann-Whitney U test (exact)": "prueba U de Mann-Whitney (exacta)",
        "Mann-Whitney U test (normal approximation, tie and continuity corrected)":
            "prueba U de Mann-Whitney (aproximación normal, corregida por empates y continuidad)",
        "Pearson chi-square test of independence": "prueba ji cuadrado de independencia de Pearson",
        "Pearson chi-square test of independence (Yates' continuity correction)":
            "prueba ji cuadrado de independencia de Pearson (corrección de continuidad de Yates)",
        "Fisher's exact test": "prueba exacta de Fisher",
        "Fisher-Freeman-Halton exact test (exact enumeration)":
            "prueba exacta de Fisher-Freeman-Halton (enumeración exacta)",
        "monte_carlo": "prueba exacta de Fisher-Freeman-Halton (Monte Carlo, {n} tablas, semilla {seed})",
    },
}

REASONS: dict[str, dict[str, str]] = {
    "zh": {
        "one sample is empty: nothing to compare": "有一组没有答复，无可比较",
        "expected counts too small for the chi-square approximation": "期望频数过小，不宜采用卡方近似",
        "left_out": "未纳入检验（答复少于2个）：{groups}",
        "fewer than 2 groups have 2 or more answers": "有2个及以上答复的组不足2个",
        "tested option by option (see options)": "按选项逐一检验",
        "free-text answers are counted, not tested": "书面意见只计数，不作检验",
        "dates are counted, not tested": "日期只计数，不作检验",
        "all answers are the same: no ranks to compare": "所有答复相同，无可比较",
        "everyone gave the same answer: nothing to compare": "所有答复相同，无可比较",
        "fewer than 2 groups with answers: nothing to compare": "有答复的组不足2个，无可比较",
    },
    "fr": {
        "one sample is empty: nothing to compare": "un groupe n’a pas de réponse",
        "expected counts too small for the chi-square approximation": "effectifs attendus trop faibles pour l’approximation du khi-deux",
        "left_out": "exclus du test (moins de 2 réponses) : {groups}",
        "fewer than 2 groups have 2 or more answers": "moins de 2 groupes ont au moins 2 réponses",
        "tested option by option (see options)": "test option par option",
        "free-text answers are counted, not tested": "les réponses libres sont comptées, non testées",
        "dates are counted, not tested": "les dates sont comptées, non testées",
        "all answers are the same: no ranks to compare": "toutes les réponses sont identiques",
        "everyone gave the same answer: nothing to compare": "toutes les réponses sont identiques",
        "fewer than 2 groups with answers: nothing to compare": "moins de 2 groupes ont répondu",
    },
    "es": {
        "one sample is empty: nothing to compare": "un grupo no tiene respuestas",
        "expected counts too small for the chi-square approximation": "frecuencias esperadas demasiado pequeñas para la aproximación ji cuadrado",
        "left_out": "excluidos de la prueba (menos de 2 respuestas): {groups}",
        "fewer than 2 groups have 2 or more answers": "menos de 2 grupos tienen 2 o más respuestas",
        "tested option by option (see options)": "prueba opción por opción",
        "free-text answers are counted, not tested": "las respuestas libres se cuentan, no se prueban",
        "dates are counted, not tested": "las fechas se cuentan, no se prueban",
        "all answers are the same: no ranks to compare": "todas las respuestas son iguales",
        "everyone gave the same answer: nothing to compare": "todas las respuestas son iguales",
        "fewer than 2 groups with answers: nothing to compare": "menos de 2 grupos respondieron",
    },
}


def method_name(lang: str, name: str) -> str:
    """The engine's test name ``name`` in ``lang`` (unchanged when not known)."""
    names = METHODS.get(lang)
    if not names:
        return name
    if name in names:
        return names[name]
    found = _MONTE_CARLO.match(name)
    if found:
        return names["monte_carlo"].format(n=found.group(1), seed=found.group(2))
    return name


def reason_text(lang: str, reason: str) -> str:
    """The engine's reason for not testing, without its "comparison not run" prefix, in ``lang``."""
    reason = str(reason).strip().rstrip(".")
    if reason.startswith(NOT_RUN_PREFIX):
        reason = reason[len(NOT_RUN_PREFIX):]
    reasons = REASONS.get(lang, {})
    found = _LEFT_OUT.match(reason)
    if found and "left_out" in reasons:
        return reasons["left_out"].format(groups=found.group(1))
    return reasons.get(reason, reason)
