"""The demo wave's comments, codebook, coders' codings and quote bank.

Comments are written for the demo in the register of a Working Group consultation, in
the six UN languages; each delegation writes in its working language where the pool has a
comment for it (English otherwise). Each comment carries the themes a careful coder would
give it and, when it is not in English, an English rendering for the quote bank. Two
coders code the comments with a little disagreement each, and one of them codes only part
of them, so reliability, single-coded comments and agreed themes all show.

Everything is drawn from :data:`COMMENT_SEED` and :data:`CODING_SEED`, streams apart from
the answers' ``random.Random(42)``, so editing the comments never moves a numeric answer.
"""
from __future__ import annotations

import random
from typing import Mapping, NamedTuple, Sequence

from .coding.model import Codebook, Coding, Quote, Theme

COMMENT_SEED = 4215
CODING_SEED = 4216
CODERS = ("Coder A", "Coder B")


class Line(NamedTuple):
    """A demo comment: who tends to write it (``tcc_pcc``, ``council``, ``secretariat`` or ``*``),
    its language, text, themes and, if not English, its English rendering."""

    kind: str
    lang: str
    text: str
    themes: tuple[str, ...]
    english: str | None = None


# One letter a theme keeps the comment table below readable ("I" is information sharing, not one).
T, F, I, C, N = "timing", "formality", "information_sharing", "capacity", "institutionalisation"  # noqa: E741

COMMENTS: Mapping[str, Sequence[Line]] = {
    "q1_comment": (
        Line("tcc_pcc", "en", "We are consulted after the decisions are taken, when the draft resolution is already "
             "agreed among the permanent members.", (T,)),
        Line("tcc_pcc", "en", "The formal meetings before renewals are too short and too scripted to discuss the "
             "situation our troops actually face.", (F, T)),
        Line("tcc_pcc", "en", "Troop contributors should be heard before the mandate is drafted, not informed "
             "afterwards.", (T,)),
        Line("council", "en", "The penholder now meets the main contributors before each renewal, but the practice "
             "remains uneven across missions.", (T, N)),
        Line("council", "en", "Council members would engage more actively if contributors shared their "
             "assessments of the mission in writing beforehand.", (I,)),
        Line("secretariat", "en", "Our briefings to contributors depend on what the Council asks for; a fixed "
             "calendar would let us prepare them properly.", (N, C)),
        Line("*", "fr", "Les consultations arrivent trop tard pour influer sur le contenu du mandat.", (T,),
             "Consultations come too late to influence the content of the mandate."),
        Line("*", "fr", "Les réunions formelles se limitent à la lecture de déclarations préparées.", (F,),
             "The formal meetings are limited to reading out prepared statements."),
        Line("*", "es", "Las consultas con los países que aportan contingentes llegan demasiado tarde para "
             "influir en el mandato.", (T,),
             "Consultations with troop-contributing countries come too late to influence the mandate."),
        Line("*", "ru", "Консультации со странами, предоставляющими войска, проводятся слишком поздно и носят "
             "формальный характер.", (T, F),
             "Consultations with troop-contributing countries are held too late and are a formality."),
        Line("*", "ar", "تأتي المشاورات مع البلدان المساهمة بقوات متأخرة جدا بحيث لا تؤثر في الولاية.", (T,),
             "Consultations with troop-contributing countries come too late to affect the mandate."),
        Line("*", "zh", "应在任务授权前加强与出兵国的沟通，而不是在决议草案商定之后。", (T,),
             "Communication with troop-contributing countries should be strengthened before the mandate is "
             "authorised, not after the draft resolution is agreed."),
    ),
    "q2_comment": (
        Line("tcc_pcc", "en", "Information on threats in the mission area reaches us late, often after an incident.",
             (I, T)),
        Line("tcc_pcc", "en", "Invitations go to the largest contributors only; smaller contributors learn of "
             "decisions from the press.", (I, F)),
        Line("council", "en", "Many capitals do not give their delegations the mandate to engage substantively "
             "in these meetings.", (C, F)),
        Line("secretariat", "en", "Mission capacity to produce shareable analysis is limited, and some of it "
             "cannot be shared at all.", (C, I)),
        Line("*", "en", "The formality of the meetings discourages any real exchange.", (F,)),
        Line("*", "fr", "Le manque d'informations sur la situation sur le terrain reste le principal obstacle.",
             (I,), "The lack of information about the situation on the ground remains the main obstacle."),
        Line("*", "es", "Falta un intercambio de información sistemático entre la Secretaría y los países "
             "contribuyentes.", (I, N),
             "There is no systematic exchange of information between the Secretariat and contributing countries."),
        Line("*", "ru", "Обмен информацией о безопасности остаётся недостаточным и запоздалым.", (I, T),
             "The exchange of security information remains insufficient and late."),
        Line("*", "ar", "لا يزال تبادل المعلومات بين الأمانة العامة والبلدان المساهمة بقوات غير كاف.", (I,),
             "Information sharing between the Secretariat and troop-contributing countries is still insufficient."),
        Line("*", "zh", "会议过于形式化，信息共享仍然不足。", (F, I),
             "Meetings are too formal, and information sharing is still insufficient."),
    ),
    "q3_comment": (
        Line("tcc_pcc", "en", "Potential contributors should see the strategic assessment before the Council "
             "authorises a new mission.", (T, I)),
        Line("tcc_pcc", "en", "For a new mission, dialogue must start at the planning stage, when we can still "
             "say what we are able to deploy.", (T, C)),
        Line("secretariat", "en", "Early force generation depends on early conditional pledges of capabilities.",
             (T, C)),
        Line("council", "en", "Existing mandates need a review of what works; new ones need early consultation "
             "on the concept of operations.", (T,)),
        Line("*", "fr", "Le dialogue sur une nouvelle mission doit commencer dès l'évaluation stratégique.", (T,),
             "Dialogue on a new mission must begin as soon as the strategic assessment."),
        Line("*", "es", "Los países que aportan contingentes necesitan conocer la evaluación estratégica antes de "
             "la autorización.", (T, I),
             "Troop-contributing countries need to know the strategic assessment before authorisation."),
        Line("*", "ru", "Секретариату следует заранее знакомить потенциальных участников со стратегической "
             "оценкой.", (T, I),
             "The Secretariat should brief potential participants on the strategic assessment in advance."),
        Line("*", "ar", "ينبغي إشراك البلدان المساهمة بقوات في التقييم الاستراتيجي قبل إنشاء أي بعثة جديدة.",
             (T,), "Troop-contributing countries should be involved in the strategic assessment before any new "
                   "mission is established."),
        Line("*", "zh", "新特派团的对话应在战略评估阶段就开始。", (T,),
             "Dialogue on a new mission should begin at the strategic assessment stage."),
    ),
    "q4_comment": (
        Line("council", "en", "Elected members are ready to host the informal interactive dialogues on the "
             "missions they follow.", (F, N)),
        Line("council", "en", "Co-penholding would give elected members a real voice and a reason to consult "
             "contributors.", (N,)),
        Line("tcc_pcc", "en", "Elected members from contributing regions understand our constraints and can "
             "carry them into the Council.", (C,)),
        Line("*", "en", "The elected members can bridge the Council and the contributors.", ()),
        Line("*", "fr", "Les membres élus pourraient organiser des dialogues informels avec les pays "
             "contributeurs.", (F,), "Elected members could organise informal dialogues with contributing countries."),
        Line("*", "es", "Los miembros elegidos pueden servir de puente entre el Consejo y los países "
             "contribuyentes.", (), "Elected members can serve as a bridge between the Council and contributing "
                                    "countries."),
        Line("*", "ru", "Избранные члены могли бы чаще выступать соавторами проектов резолюций.", (N,),
             "Elected members could act as co-penholders of draft resolutions more often."),
        Line("*", "ar", "يمكن للأعضاء المنتخبين أن يكونوا جسرا بين المجلس والبلدان المساهمة بقوات.", (),
             "Elected members can be a bridge between the Council and troop-contributing countries."),
        Line("*", "zh", "非常任理事国可以发挥桥梁作用。", (), "Elected members can play a bridging role."),
    ),
    "q5_comment": (
        Line("*", "en", "The informal interactive dialogues are the only format with real exchange.", (F,)),
        Line("*", "en", "Expert-level meetings allow more candour; ambassadors should meet only to take stock.",
             (F,)),
        Line("tcc_pcc", "en", "Formal meetings produce statements, not dialogue; we need a format where military "
             "advisers can speak.", (F, C)),
        Line("secretariat", "en", "Briefings at expert level let us share operational detail we could not give "
             "in a formal meeting.", (F, I)),
        Line("*", "fr", "Les dialogues informels permettent un véritable échange, contrairement aux séances "
             "formelles.", (F,), "Informal dialogues allow a real exchange, unlike formal meetings."),
        Line("*", "es", "Los diálogos interactivos oficiosos permiten un intercambio franco.", (F,),
             "Informal interactive dialogues allow a frank exchange."),
        Line("*", "ru", "Неофициальные интерактивные диалоги позволяют вести откровенный обмен мнениями.", (F,),
             "Informal interactive dialogues allow a frank exchange of views."),
        Line("*", "ar", "الحوارات التفاعلية غير الرسمية هي الشكل الوحيد الذي يتيح تبادلا حقيقيا للآراء.", (F,),
             "Informal interactive dialogues are the only format that allows a real exchange of views."),
        Line("*", "zh", "非正式互动对话是唯一能够进行真正交流的形式。", (F,),
             "Informal interactive dialogues are the only format that allows real exchange."),
    ),
    "q6_comment": (
        Line("*", "en", "A note by the President would give the dialogues continuity beyond the current "
             "membership.", (N,)),
        Line("*", "en", "A calendar tied to mandate renewals would make the dialogues routine.", (N, T)),
        Line("tcc_pcc", "en", "Follow-up by the Working Group, with a short written summary, would show that our "
             "views were heard.", (N, I)),
        Line("secretariat", "en", "Institutionalising the dialogues needs staff time; the Secretariat would need "
             "the capacity to support them.", (N, C)),
        Line("*", "fr", "Une note du Président permettrait d'institutionnaliser ces dialogues.", (N,),
             "A note by the President would make it possible to institutionalise these dialogues."),
        Line("*", "es", "Un calendario vinculado a las renovaciones de mandato daría continuidad al diálogo.",
             (N, T), "A calendar linked to mandate renewals would give the dialogue continuity."),
        Line("*", "ru", "Следует закрепить практику неофициальных диалогов в записке Председателя.", (N, F),
             "The practice of informal dialogues should be set down in a note by the President."),
        Line("*", "ar", "ينبغي إضفاء الطابع المؤسسي على الحوارات غير الرسمية من خلال مذكرة من الرئيس.", (N, F),
             "The informal dialogues should be institutionalised through a note by the President."),
        Line("*", "zh", "建议通过安理会主席说明将非正式对话制度化。", (N, F),
             "We propose institutionalising the informal dialogues through a note by the President of the "
             "Security Council."),
    ),
}

#: Working language of delegations that do not write in English (others write in English).
LANGUAGE_OF: Mapping[str, str] = {
    **dict.fromkeys(("France", "Chad", "Senegal", "Burkina Faso", "Niger", "Togo", "Benin", "Cameroon", "Burundi"),
                    "fr"),
    **dict.fromkeys(("Chile", "Spain", "Venezuela", "Uruguay", "Guatemala", "Costa Rica"), "es"),
    "Russian Federation": "ru", "China": "zh",
    **dict.fromkeys(("Egypt", "Jordan", "Morocco", "Saudi Arabia", "Qatar"), "ar"),
}

THEME_LABELS: Mapping[str, Mapping[str, str]] = {
    T: {"en": "Timing", "fr": "Calendrier", "es": "Momento", "ru": "Сроки", "zh": "时机", "ar": "التوقيت"},
    F: {"en": "Formality", "fr": "Formalisme", "es": "Formalidad", "ru": "Формальность", "zh": "形式化",
        "ar": "الطابع الرسمي"},
    I: {"en": "Information sharing", "fr": "Partage d'informations", "es": "Intercambio de información",
        "ru": "Обмен информацией", "zh": "信息共享", "ar": "تبادل المعلومات"},
    C: {"en": "Capacity", "fr": "Capacités", "es": "Capacidad", "ru": "Потенциал", "zh": "能力", "ar": "القدرات"},
    N: {"en": "Institutionalisation", "fr": "Institutionnalisation", "es": "Institucionalización",
        "ru": "Институционализация", "zh": "制度化", "ar": "إضفاء الطابع المؤسسي"},
}
THEME_DESCRIPTIONS: Mapping[str, str] = {
    T: "When consultation happens: too late, before or after drafting, at which stage of a mission.",
    F: "The format of meetings: formal, scripted or informal, expert or ambassador level.",
    I: "What is shared, with whom and how early: assessments, threats, drafts.",
    C: "Resources and mandates of delegations, missions and the Secretariat to take part.",
    N: "Making practices last: notes by the President, calendars, follow-up, co-penholding.",
}


def demo_comment(rng: random.Random, item: str, name: str, kind: str) -> str | None:
    """A demo comment by ``name`` on ``item``, or None (about a third of delegations comment)."""
    pool = COMMENTS.get(item)
    if not pool or rng.random() > 0.38:
        return None
    group_kind = "council" if kind in ("p5", "e10") else kind
    lang = LANGUAGE_OF.get(name, "en")
    fitting = [line for line in pool if line.lang == lang and line.kind in (group_kind, "*")]
    if not fitting:
        fitting = [line for line in pool if line.lang == "en" and line.kind in (group_kind, "*")]
    return rng.choice(fitting).text if fitting else None


def demo_codebook() -> Codebook:
    """The five themes on every comment item, labelled in the six UN languages."""
    return Codebook(tuple(Theme(item, code, dict(THEME_LABELS[code]), description={"en": THEME_DESCRIPTIONS[code]})
                          for item in COMMENTS for code in (T, F, I, C, N)))


def _line(item: str, text: str) -> Line | None:
    return next((line for line in COMMENTS.get(item, ()) if line.text == text), None)


def demo_codings(comments: Sequence[tuple[str, str, str]]) -> list[Coding]:
    """Two coders' codings of ``(respondent, item, text)`` comments: Coder A codes all, Coder B
    about four in five; each misses a theme now and then and adds one rarely."""
    rng = random.Random(CODING_SEED)
    codings: list[Coding] = []
    for respondent, item, text in comments:
        line = _line(item, text)
        if line is None:
            continue
        for coder, keep, add, share in (("Coder A", 0.93, 0.03, 1.0), ("Coder B", 0.88, 0.05, 0.8)):
            if rng.random() > share:
                continue
            given = [code for code in (T, F, I, C, N)
                     if (code in line.themes and rng.random() < keep) or (code not in line.themes and rng.random() < add)]
            codings.extend(Coding(respondent, item, coder, code) for code in given)
            if not given:
                codings.append(Coding(respondent, item, coder, None))
    return codings


def demo_quotes(comments: Sequence[tuple[str, str, str]], groups: Mapping[str, str]) -> list[Quote]:
    """The first comment of each group on each item, with its English rendering beside it."""
    chosen: dict[tuple[str, str], Quote] = {}
    for respondent, item, text in comments:
        line = _line(item, text)
        group = groups.get(respondent)
        if line is None or group is None or (item, group) in chosen:
            continue
        consent = None if len(chosen) % 3 == 2 else len(chosen) % 3 == 0
        chosen[(item, group)] = Quote(respondent, item, group, text, line.lang, line.english,
                                      "en" if line.english else None, consent)
    return list(chosen.values())
