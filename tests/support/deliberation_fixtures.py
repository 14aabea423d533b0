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
