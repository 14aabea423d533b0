"""Exact Fisher-Freeman-Halton p-values of r x c tables by a network algorithm.

The tables with the observed margins are the paths through a network (Mehta & Patel 1983,
JASA 78:427-434; 1986, ACM TOMS 12:154-161, the FEXACT behind R ``fisher.test``; Clarkson,
Fan & Joe 1993, ACM TOMS 19:484-488). Here the table is filled column by column and, within
a column, row by row; a node is what the rows and the current column still need, and a
move fills one cell with x, weighing 1/x!. A table's probability is a constant of the
margins times the product of its moves' weights, and the p-value sums the probabilities of
the tables no more probable than the observed one. Tables are never listed one by one:

1. The nodes are built first, without the tables: rows that are interchangeable for the
   rest of the table (finished with the current column, or still to take part of it) are
   kept sorted, so equal futures share one node. Working back from the last column, every
   node gets the exact weight of its most and least probable completion (the longest and
   shortest path of Mehta & Patel), by dynamic programming over its moves.
2. Partial tables then flow through the nodes, merged into one state per node and partial
   weight (with a multiplicity). A state whose most probable completion is no more
   probable than the observed table has every completion counted: its whole mass is added
   in closed form (completions with row totals R and column totals C weigh together
   M! / (prod R! prod C!), by Vandermonde's identity when a column is part-filled). A state
   whose least probable completion is still more probable is dropped. Only the states in
   between move on. Columns are filled smallest first, which keeps the states few while
   their partial weights are most varied. At the last step every completion is decided, so
   each node's moves are sorted once and a state adds the masses of the moves it counts
   from a running sum found by binary search, instead of following each move.

Weights are integers: log x! in units of 2^-32, so tied tables tie exactly, and rounding
(below 1e-8 in log probability for tables of a few dozen cells) stays well inside R's
tolerance: tables with probability up to p_obs * (1 + 1e-7) count.

The work is bounded: when the moves of the network pass a third of ``max_work``, or those
plus the moves followed by states pass ``max_work``, the search stops and returns None (at
once when the first two columns alone could give twenty times the bound), and the caller
falls back to Monte Carlo, as R asks for ``simulate.p.value = TRUE`` when FEXACT's workspace
runs out. The default bound admits more than R's default workspace (R's Job satisfaction
and Mehta & Patel's MP6 tables, and also four groups of 5-50 answers on four or five
options, for which R needs a larger workspace) and gives up within a few tenths of a second
of processor time on tables like four groups of 15-110 answers on six options, which R
cannot finish either.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

#: Fixed-point unit of log-probabilities (2^-32): exact ties, rounding far below 1e-7.
_SCALE = 2.0 ** 32
#: Default bound on the moves built and followed (a few tenths of a second of processor time).
MAX_NETWORK_WORK = 3_000_000


@dataclass(frozen=True)
class _Step:
    """One cell-filling step: every node's moves, grouped by node (``moves[u]`` of them
    from ``start[u]``), each to node ``target`` of the next step with weight ``-cost``."""

    moves: np.ndarray
    start: np.ndarray
    target: np.ndarray
    cost: np.ndarray


def _network(rows: np.ndarray, cols: np.ndarray, lft: np.ndarray, budget: int):
    """The nodes and moves of every step, or None past ``budget`` moves. Returns the steps
    and, per step, the nodes reached after it (remaining row totals) and their column rest."""
    r = rows.size
    radix = (int(rows.max()) + 1) ** np.arange(r, dtype=np.int64)
    nodes = np.sort(rows)[None, :]
    steps, reached, spent = [], [], 0
    for j in range(cols.size - 1):
        rem = np.full(nodes.shape[0], cols[j], dtype=np.int64)
        for i in range(r - 1):
            # Row i takes x of what is left of column j; after row r-2 the last row takes the rest.
            lo = np.maximum(0, rem - nodes[:, i + 1:].sum(axis=1))
            moves = np.minimum(nodes[:, i], rem) - lo + 1
            spent += int(moves.sum())
            if spent > budget:
                return None
            start = np.cumsum(moves) - moves
            parent = np.repeat(np.arange(moves.size), moves)
            x = lo[parent] + np.arange(parent.size) - start[parent]
            child, rest = nodes[parent], rem[parent] - x
            child[:, i] -= x
            cost = lft[x]
            done = i + 1
            if i == r - 2:
                child[:, r - 1] -= rest
                cost = cost + lft[rest]
                rest = np.zeros_like(rest)
                done = r
            # Rows finished with the column are interchangeable from here on, and so are
            # the rows still to take part of it (already sorted).
            child[:, :done] = np.sort(child[:, :done], axis=1)
            target, keys = pd.factorize(child @ radix)
            first = np.zeros(keys.size, dtype=np.int64)
            first[target] = np.arange(target.size)
            nodes, rem = child[first], rest[first]
            steps.append(_Step(moves, start, target.astype(np.int64), cost))
            reached.append((nodes, rem, done))
    return steps, reached


def _extremes(steps, last_nodes: np.ndarray, lft: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per step, the least and the largest sum log x! over the completions of each node
    reached after it (exact: dynamic programming from the last column back)."""
    low = high = lft[last_nodes].sum(axis=1)  # the last column takes every row's remainder
    out = [(low, high)]
    for step in reversed(steps[1:]):
        low = np.minimum.reduceat(step.cost + low[step.target], step.start)
        high = np.maximum.reduceat(step.cost + high[step.target], step.start)
        out.append((low, high))
    return out[::-1]


def _count_at_most(group: np.ndarray, key: np.ndarray, q_group: np.ndarray, q_key: np.ndarray):
    """For each query: how many items of its group have ``key <= q_key``; also the order
    sorting the items by (group, key) and each query's group start in that order."""
    order = np.lexsort((key, group))
    values = np.unique(key)
    rank = np.searchsorted(values, key[order])
    q_rank = np.searchsorted(values, q_key, side="right")  # item ranks below q_rank are <= q_key
    width = values.size + 1
    code = group[order] * width + rank
    start = np.searchsorted(code, q_group * width)
    return np.searchsorted(code, q_group * width + q_rank) - start, order, start


def _ranges(first: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions first[s] .. first[s] + length[s] - 1 for every s, and the s of each."""
    who = np.repeat(np.arange(length.size), length)
    return first[who] + np.arange(who.size) - np.repeat(np.cumsum(length) - length, length), who


def _last_step(step: _Step, phi: np.ndarray, node_of: np.ndarray, past: np.ndarray, weight: np.ndarray, threshold: int,
               const: float) -> float:
    """Mass of the tables that the states complete no more probably than the observed one.

    After the last step one way is left to fill the table, so a state's moves are only
    counted or not: each node's moves are sorted once by the weight of the rest of the
    table, and each state finds the moves it counts by binary search and adds their
    masses from a running sum, instead of following every move.
    """
    visited, node_of = np.unique(node_of, return_inverse=True)
    at, owner = _ranges(step.start[visited], step.moves[visited])
    rest = step.cost[at] + phi[step.target[at]]  # sum log x! over the cells still to fill
    # A state with partial weight p counts a move when p - rest <= threshold.
    count, order, start = _count_at_most(owner, -rest, node_of, threshold - past)
    log_mass = -rest[order] / _SCALE
    shift = pd.Series(log_mass).groupby(owner[order]).transform("max").to_numpy()
    # Running sums within each node (least probable first; pandas keeps one sum per node,
    # so a node's small masses lose nothing to the others').
    running = pd.Series(np.exp(log_mass - shift)).groupby(owner[order]).cumsum().to_numpy()
    counted = count > 0
    last = start[counted] + count[counted] - 1
    return float(np.sum(weight[counted] * running[last] * np.exp(past[counted] / _SCALE + const + shift[last])))


def network_pvalue(table, *, max_work: int = MAX_NETWORK_WORK) -> float | None:
    """Exact two-sided Fisher-Freeman-Halton p-value of an r x c table, or None when the
    search would pass ``max_work`` moves and states (see the module docstring)."""
    t = np.asarray(table, dtype=np.int64)
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    if min(t.shape) < 2:
        return 1.0
    if t.shape[0] > t.shape[1]:  # the shorter side is filled cell by cell
        t = t.T
    rows = t.sum(axis=1)
    cols = np.sort(t.sum(axis=0))  # small columns first: few partial tables while their weights are many
    if rows.size * np.log2(int(rows.max()) + 1) > 62:  # node keys would not fit in 64 bits
        return None
    # Every row but the largest chooses its cell in each column: the first two columns alone
    # could reach this many nodes and moves.
    free = np.sort(rows)[:-1]
    first_two = np.prod(np.minimum(free, cols[0]) + 1.0) * (np.prod(np.minimum(free, cols[1]) + 1.0)
                                                             if cols.size > 2 else 1.0)
    if first_two > 20 * max_work:
        return None
    n = int(rows.sum())
    log_fact = special.gammaln(np.arange(n + 1) + 1.0)
    lft = np.rint(log_fact * _SCALE).astype(np.int64)
    # Building a move costs a few times more than following one, and a large network
    # means many states: the network gets a third of the bound.
    built = _network(rows, cols, lft, max_work // 3)
    if built is None:
        return None
    steps, reached = built
    bounds = _extremes(steps, reached[-1][0], lft)
    const = log_fact[rows].sum() + log_fact[cols].sum() - log_fact[n]
    threshold = -int(lft[t].sum()) + int(np.ceil(np.log1p(1e-7) * _SCALE))

    node_of: np.ndarray = np.zeros(1, dtype=np.int64)
    past: np.ndarray = np.zeros(1, dtype=np.int64)
    weight: np.ndarray = np.ones(1)
    pvalue, work = 0.0, sum(int(s.moves.sum()) for s in steps)
    r = rows.size
    for k, (step, (nodes, rem, done), (low, high)) in enumerate(zip(steps, reached, bounds)):
        if k == len(steps) - 1:
            work += node_of.size + int(step.moves[np.unique(node_of)].sum())
            if work > max_work:
                return None
            pvalue += _last_step(step, low, node_of, past, weight, threshold, const)
            break
        # Every state follows every move of its node.
        n_moves = step.moves[node_of]
        work += int(n_moves.sum())
        if work > max_work:
            return None
        owner = np.repeat(np.arange(node_of.size), n_moves)
        move = step.start[node_of][owner] + np.arange(owner.size) - np.repeat(np.cumsum(n_moves) - n_moves, n_moves)
        codes, past, weight = step.target[move], past[owner] - step.cost[move], weight[owner]
        # All completions count when even the most probable is no more probable than the
        # table: add the state's whole mass. None counts when even the least probable is
        # more probable: drop the state.
        full = past - low[codes] <= threshold
        if full.any():
            future = cols[k // (r - 1) + 1:]
            rest = nodes[:, done:].sum(axis=1)
            log_mass = (log_fact[future.sum()] - log_fact[future].sum() - log_fact[nodes].sum(axis=1)
                        + log_fact[rest] - log_fact[rem] - log_fact[rest - rem])
            pvalue += float(np.sum(weight[full] * np.exp(past[full] / _SCALE + const + log_mass[codes[full]])))
        keep = ~full & (past - high[codes] <= threshold)
        if not keep.any():
            break
        # Partial tables that meet at one node with one weight become one state.
        codes, past = codes[keep], past[keep]
        past_code, past_values = pd.factorize(past)
        state, state_keys = pd.factorize(codes * np.int64(past_values.size) + past_code)
        weight = np.bincount(state, weights=weight[keep], minlength=state_keys.size)
        node_of, past = state_keys // past_values.size, past_values[state_keys % past_values.size]
    return min(1.0, pvalue)
