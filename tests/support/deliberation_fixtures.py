"""Rounds built in memory for the deliberation analysis tests (no store needed)."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from surveys.model import GROUP_CODES
from surveys.rounds.model import PARTICIPANT_COLUMNS, VOTE_COLUMNS, Round, RoundVotes, Statement


def round_votes(groups: dict[str, str], votes: list[tuple[str, str, str]], statements: list[str], *,
                closed: bool = True) -> RoundVotes:
    """A RoundVotes of participants ``groups`` ({participant: group}) and ``votes`` (participant, statement, vote)."""
    people = pd.DataFrame([(p, g, None, None, None, "non_member", False) for p, g in groups.items()],
                          columns=list(PARTICIPANT_COLUMNS))
    frame = pd.DataFrame(votes, columns=list(VOTE_COLUMNS))
    found = Round("fixture", "wave", dt.datetime(2015, 12, 11), dt.datetime(2015, 12, 12) if closed else None)
    present = set(groups.values())
    return RoundVotes(found, tuple(Statement(s, "q1", {"en": f"Statement {s}"}) for s in statements), people, frame,
                      "version", False, tuple(g for g in GROUP_CODES if g in present))


def planted_camps(seed: int, *, n_statements: int = 24, structure: bool = True):
    """60 delegations (15 Council, 30 TCC/PCC, 6 Secretariat, 9 others), split into two camps
    alternately within every institutional group, so the camps cut across the groups.

    With ``structure`` a camp agrees with a statement with probability 0.85 when its stance
    is on the camp's side and 0.15 otherwise; without, every vote is agree, disagree or pass
    with equal chance. 10 % of statements unseen, 5 % passed. Returns (RoundVotes, camp of each).
    """
    rng = np.random.default_rng(seed)
    sizes = {"council": 15, "tcc_pcc": 30, "secretariat": 6, "other": 9}
    groups, camp = {}, {}
    for group, size in sizes.items():
        for i in range(size):
            name = f"{group}-{i:02d}"
            groups[name], camp[name] = group, i % 2
    stance = rng.choice([1, -1], size=n_statements)
    statements = [f"s{j:02d}" for j in range(n_statements)]
    votes = []
    for name in groups:
        for j, statement in enumerate(statements):
            if rng.random() < 0.10:
                continue
            if not structure:
                votes.append((name, statement, str(rng.choice(["agree", "disagree", "pass"]))))
                continue
            if rng.random() < 0.05:
                votes.append((name, statement, "pass"))
                continue
            agree = 0.85 if (stance[j] == 1) == (camp[name] == 0) else 0.15
            votes.append((name, statement, "agree" if rng.random() < agree else "disagree"))
    return round_votes(groups, votes, statements), camp


GROUPS = {"c1": "council", "c2": "council", "c3": "council", "c4": "council",
          "t1": "tcc_pcc", "t2": "tcc_pcc", "t3": "tcc_pcc", "t4": "tcc_pcc", "t5": "tcc_pcc",
          "x1": "secretariat", "x2": "secretariat", "x3": "secretariat"}


VOTES = [
    # s1: council A A A D; TCC/PCC A A A A P; Secretariat A A A
    ("c1", "s1", "agree"), ("c2", "s1", "agree"), ("c3", "s1", "agree"), ("c4", "s1", "disagree"),
    ("t1", "s1", "agree"), ("t2", "s1", "agree"), ("t3", "s1", "agree"), ("t4", "s1", "agree"), ("t5", "s1", "pass"),
    ("x1", "s1", "agree"), ("x2", "s1", "agree"), ("x3", "s1", "agree"),
    # s2: council D D D D; TCC/PCC A A A A A; Secretariat A D P
    ("c1", "s2", "disagree"), ("c2", "s2", "disagree"), ("c3", "s2", "disagree"), ("c4", "s2", "disagree"),
    ("t1", "s2", "agree"), ("t2", "s2", "agree"), ("t3", "s2", "agree"), ("t4", "s2", "agree"), ("t5", "s2", "agree"),
    ("x1", "s2", "agree"), ("x2", "s2", "disagree"), ("x3", "s2", "pass"),
    # s3: council P P (two unseen); TCC/PCC A D (three unseen); Secretariat unseen
    ("c1", "s3", "pass"), ("c2", "s3", "pass"), ("t1", "s3", "agree"), ("t2", "s3", "disagree"),
]
