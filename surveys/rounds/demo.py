"""A deterministic demo round on the demo wave, so every deliberation page has data.

Twelve statements, two per discussion question (one drawn from a delegation's stored
comment, the link kept), a statement submitted by a delegation waiting for moderation and
one rejected. Votes are drawn with ``random.Random(42)`` from the demo delegations, with
two kinds of structure a chair should find: institutional lines (contributors want
earlier, wider consultation; the permanent members defend the current formats) and a
cross-cutting "reform" camp, half of every group, that backs institutionalising the
dialogue. Everyone backs the informal interactive dialogues (a bridging statement). A few
delegations have not voted yet, and the round is open with running results shown, so the
voting page and the results pages both have something to show.

The figures are invented for demonstration; they are not votes of any delegation.
"""
from __future__ import annotations

import random
from typing import Sequence

import sqlalchemy as sa

from surveys.storage.round_tables import round_statements as S

from ..errors import NotFound
from ..model import Respondent
from .ledger import create_round, get_round, refresh_version, round_row
from .model import Statement, StatementSource
from .votes import insert_votes, participant_id

DEMO_ROUND = "demo-2015-round-1"

#: (id, question, English, Chinese, agree chance by kind p5/e10/tcc_pcc/other/secretariat, reform shift)
STATEMENTS = (
    ("s01", "q1", "Consultations with TCCs/PCCs should begin before the strategic assessment.",
     "与部队和警察派遣国的协商应在战略评估之前开始。", (0.3, 0.6, 0.9, 0.7, 0.6), 0.1),
    ("s02", "q1", "Troop contributors should be heard before the mandate is drafted.",
     "应在起草任务授权之前听取出兵国的意见。", (0.35, 0.65, 0.9, 0.7, 0.7), 0.1),
    ("s03", "q2", "Information on threats reaches contributors too late.",
     "有关威胁的信息送达派遣国太晚。", (0.2, 0.5, 0.85, 0.6, 0.5), 0.0),
    ("s04", "q2", "Consultations should be open to all contributors, not only the largest.",
     "协商应向所有派遣国开放，而不仅限于最大的派遣国。", (0.4, 0.7, 0.85, 0.8, 0.6), 0.15),
    ("s05", "q3", "Potential contributors should see the strategic assessment.",
     "潜在派遣国应能看到战略评估。", (0.3, 0.6, 0.85, 0.6, 0.4), 0.1),
    ("s06", "q3", "Conditional pledges should be sought before the Secretary-General's report.",
     "应在秘书长报告之前征求有条件的认捐。", (0.6, 0.6, 0.5, 0.5, 0.9), 0.0),
    ("s07", "q4", "Elected members should co-hold the pen on peacekeeping mandates.",
     "非常任理事国应共同执笔维和任务授权。", (0.1, 0.9, 0.6, 0.6, 0.4), 0.3),
    ("s08", "q4", "Elected members can bridge the Council and the contributors.",
     "非常任理事国可以在安理会与派遣国之间发挥桥梁作用。", (0.6, 0.95, 0.8, 0.8, 0.7), 0.05),
    ("s09", "q5", "Informal interactive dialogues should be held before every mandate renewal.",
     "每次任务授权延期之前都应举行非正式互动对话。", (0.85, 0.95, 0.95, 0.9, 0.9), 0.0),
    ("s10", "q5", "Formal meetings with TCCs/PCCs are sufficient as they are.",
     "与部队和警察派遣国的正式会议现状已足够。", (0.7, 0.3, 0.15, 0.3, 0.4), -0.3),
    ("s11", "q6", "A note by the President should institutionalise triangular cooperation.",
     "应通过安理会主席说明将三方合作制度化。", (0.5, 0.7, 0.7, 0.6, 0.6), 0.35),
    ("s12", "q6", "A calendar of consultations tied to mandate renewals should be agreed.",
     "应商定与任务授权延期挂钩的协商日程。", (0.4, 0.7, 0.8, 0.7, 0.7), 0.3),
)
KINDS = ("p5", "e10", "tcc_pcc", "other", "secretariat")
#: The comment statement s02 is drawn from: the first demo comment on q1 that begins so.
DRAWN = ("s02", "q1_comment", "Troop contributors should be heard before the mandate is drafted")
SUBMITTED = ("d01", "q6", "Brazil", "The Working Group should report every year on triangular cooperation.")
REJECTED = ("d02", "q2", "Fiji", "Peacekeeping budgets should be doubled.",
            "outside the six questions of this round")
NOT_YET = 7  # delegations left to vote, for the voting page


def demo_statements(store, wave: str) -> tuple[Statement, ...]:
    data = store.load_wave(wave)
    answers = data.answers
    author = answers[(answers["item"] == DRAWN[1]) & answers["value"].str.startswith(DRAWN[2])]["respondent"]
    statements = []
    for code, question, english, chinese, _, _ in STATEMENTS:
        texts = {"en": english, "zh": chinese}
        if code == DRAWN[0] and len(author):
            statements.append(Statement(code, question, texts, "comment",
                                        source=StatementSource(str(author.iloc[0]), DRAWN[1])))
        else:
            statements.append(Statement(code, question, texts))
    code, question, who, text = SUBMITTED
    statements.append(Statement(code, question, {"en": text}, "delegation", "pending", source=StatementSource(who)))
    code, question, who, text, reason = REJECTED
    statements.append(Statement(code, question, {"en": text}, "delegation", "rejected", reason,
                                source=StatementSource(who)))
    return tuple(statements)


def load_demo_round(store, wave: str, respondents: Sequence[tuple[str, str, str]]) -> str | None:
    """Create the demo round on the demo ``wave`` with the votes of its ``respondents`` ((name,
    declared group, kind) as :func:`surveys.demo.demo_respondents` gives them), unless the round
    exists; returns its name, or None."""
    try:
        get_round(store, DEMO_ROUND)
        return None
    except NotFound:
        pass
    create_round(store, DEMO_ROUND, wave=wave, statements=demo_statements(store, wave), running_results=True)
    data = store.load_wave(wave)
    people = {row.respondent: row for row in data.respondents.itertuples(index=False)}
    rng = random.Random(42)
    voters = [(name, kind) for name, _group, kind in respondents if name in people]
    rng.shuffle(voters)
    voters = sorted(voters[NOT_YET:], key=lambda pair: pair[0])
    reform = {name for name, _ in voters if rng.random() < 0.5}
    with store.engine.begin() as conn:
        round_id = round_row(conn, DEMO_ROUND).id
        ids = dict(conn.execute(sa.select(S.c.code, S.c.id).where(S.c.round_id == round_id)).all())
        votes = []
        for name, kind in voters:
            who = participant_id(conn, round_id, _respondent(people[name]))
            for code, _q, _en, _zh, chances, shift in STATEMENTS:
                if rng.random() < 0.06:
                    continue  # not seen
                if rng.random() < 0.08:
                    votes.append((ids[code], who, "pass"))
                    continue
                chance = chances[KINDS.index(kind)] + (2 * shift if name in reform else -1.5 * shift)
                votes.append((ids[code], who, "agree" if rng.random() < chance else "disagree"))
        insert_votes(conn, round_id, votes, channel="demo")
        refresh_version(conn, round_id)
    return DEMO_ROUND


def _respondent(row) -> Respondent:
    """The stored respondent of the demo wave (a row of ``WaveData.respondents``)."""
    def text(value):
        return value if isinstance(value, str) else None
    return Respondent(row.respondent, row.group, text(row.iso3), text(row.region), text(row.council_seat),
                      bool(row.tcc_pcc))
