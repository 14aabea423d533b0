"""The JSON of ``Summary.to_dict()`` — the external contract of ``python -m analysis summary`` —
checked whole: every key at every level of the demo wave's summary, and every value's type,
against the structure documented in docs/ARCHITECTURE.md. A key added, dropped or renamed
anywhere fails here, and so does a schema branch the demo never reaches."""
from __future__ import annotations

import json

import pytest

from analysis import summarize
from surveys.demo import load_demo
from surveys.storage.store import open_store


class Nullable:
    def __init__(self, schema):
        self.schema = schema


ANY = "*"  # a mapping with data keys (group codes, languages, choice names) → the schema of each value
NUM = "num"
TEST = {"name": "str", "statistic": Nullable(NUM), "dof": Nullable(NUM), "pvalue": NUM, "qvalue": NUM, "n": "int",
        "note": Nullable("str"), "pvalue_standard_error": Nullable(NUM),
        "effect_size": {"name": Nullable("str"), "value": Nullable(NUM), "magnitude": Nullable("str")}}
DIVERGENCE = {"a": "str", "b": "str", "difference": NUM, "option": Nullable("str"),
              "effect_size": {"name": "str", "value": NUM, "magnitude": Nullable("str")},
              "pvalue": NUM, "pvalue_adjusted": NUM}
DISTINCTIVE = [{"group": "str", "share": NUM, "rest_share": NUM, "pvalue": NUM}]
GROUP = {"n": "int", "missing": "int", "counts": Nullable({ANY: "int"}), "shares": Nullable({ANY: NUM}),
         "median": Nullable(NUM), "iqr": Nullable(NUM), "quartiles": Nullable([NUM]), "mean": Nullable(NUM),
         "sd": Nullable(NUM), "agree_share": Nullable(NUM), "agree_ci95": Nullable([NUM]),
         "disagree_share": Nullable(NUM), "median_ci95": Nullable([Nullable(NUM)]),
         "mean_ci95": Nullable([Nullable(NUM)]), "consensus": Nullable(NUM), "reason": Nullable("str"),
         "notes": ["str"]}
OPTION = {"option": "str", "label": {ANY: "str"},
          "groups": {ANY: {"n": "int", "selected": "int", "share": Nullable(NUM), "ci95": [Nullable(NUM)]}},
          "test": Nullable(TEST), "test_reason": Nullable("str"), "qvalue": Nullable(NUM),
          "group_consensus": Nullable(NUM), "divergence": Nullable(DIVERGENCE), "distinctive": DISTINCTIVE}
ITEM = {"item": "str", "question": Nullable("str"), "kind": "str", "scale": Nullable("str"), "label": {ANY: "str"},
        "levels": [{"name": "str", "label": {ANY: "str"}, "missing": "bool", "rank": Nullable("int")}],
        "groups": {ANY: GROUP}, "test": Nullable(TEST), "test_reason": Nullable("str"),
        "pairwise": [{"a": "str", "b": "str", "statistic": NUM, "pvalue": NUM, "pvalue_adjusted": NUM}],
        "options": [OPTION], "group_consensus": Nullable(NUM), "divergence": Nullable(DIVERGENCE),
        "distinctive": DISTINCTIVE}
SUMMARY = {
    "wave": "str", "by": "str", "filters": {ANY: ["str"]}, "data_version": "str", "generated_at": "str",
    "groups": {ANY: "int"}, "group_labels": {ANY: {ANY: "str"}}, "n_excluded": "int", "catch_all": ["str"],
    "items": [ITEM],
    "common_ground": [{"item": "str", "question": "str", "score": NUM, "option": Nullable("str"),
                       "counted": ["str"], "too_few": ["str"]}],
    "dividing_lines": [{"item": "str", "question": "str", "score": NUM, "a": "str", "b": "str",
                        "option": Nullable("str"), "pvalue_adjusted": NUM}],
    "questions": {ANY: {"groups": {ANY: {"direction": Nullable(NUM), "consensus": Nullable(NUM), "n_items": "int",
                                         "n_comments": "int"}}, "n_items_differ": "int"}},
}
TYPES = {"str": str, "int": int, "bool": bool, NUM: (int, float)}


def check(value, schema, path: str, seen: set[str]) -> None:
    """``value`` matches ``schema``; ``seen`` collects every schema path met with a value."""
    if isinstance(schema, Nullable):
        if value is None:
            return
        schema = schema.schema
    seen.add(path)
    if isinstance(schema, str):
        assert isinstance(value, TYPES[schema]) and not (schema != "bool" and isinstance(value, bool)), \
            f"{path}: {value!r} is not {schema}"
    elif isinstance(schema, list):
        assert isinstance(value, list), f"{path}: expected a list"
        for element in value:
            check(element, schema[0], path + "[]", seen)
    elif ANY in schema:
        assert isinstance(value, dict), f"{path}: expected a mapping"
        for key, element in value.items():
            assert isinstance(key, str)
            check(element, schema[ANY], path + ".*", seen)
    else:
        assert isinstance(value, dict) and set(value) == set(schema), \
            f"{path}: keys {sorted(set(value) ^ set(schema))} differ from the contract"
        for key, sub in schema.items():
            check(value[key], sub, f"{path}.{key}", seen)


def schema_paths(schema, path: str = "$") -> set[str]:
    if isinstance(schema, Nullable):
        return schema_paths(schema.schema, path)
    paths = {path}
    if isinstance(schema, list):
        paths |= schema_paths(schema[0], path + "[]")
    elif isinstance(schema, dict):
        for key, sub in schema.items():
            paths |= schema_paths(sub, path + (".*" if key == ANY else f".{key}"))
    return paths


#: Branches the demo leaves null, and why: an option's divergence names no option (it is one);
#: a test's note is a caveat of the chi-square approximation, which the demo's small tables never
#: use for options (exact tests, no degrees of freedom), and every demo option could be tested;
#: every demo p-value is exact, so no test carries a Monte Carlo standard error.
NULL_IN_THE_DEMO = frozenset({"$.items[].options[].divergence.option", "$.items[].test.note",
                              "$.items[].options[].test.note", "$.items[].options[].test.dof",
                              "$.items[].options[].test_reason", "$.items[].test.pvalue_standard_error",
                              "$.items[].options[].test.pvalue_standard_error"})


def _json(summary) -> dict:
    return json.loads(json.dumps(summary.to_dict(), allow_nan=False))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('contract') / 'demo.sqlite'}")
    load_demo(store)
    return store.load_wave()


@pytest.fixture(scope="module")
def demo_json(demo):
    return _json(summarize(demo))


def test_the_summary_json_is_the_contract_whole(demo, demo_json):
    seen: set[str] = set()
    check(demo_json, SUMMARY, "$", seen)
    # Western European and other States only: the Secretariat is listed with 0 and is too few to count.
    filtered = _json(summarize(demo, filters={"region": ["weog"]}))
    check(filtered, SUMMARY, "$", seen)
    assert filtered["groups"]["secretariat"] == 0 and filtered["filters"] == {"region": ["weog"]}
    # The two summaries exercise every branch of the contract (else this test would check less than it says).
    unmet = schema_paths(SUMMARY) - seen - NULL_IN_THE_DEMO
    assert not unmet, sorted(unmet)


def test_the_contract_carries_the_new_meaning_fields(demo_json):
    items = {item["item"]: item for item in demo_json["items"]}
    assert items["q3_start"]["scale"] == "sequence" and items["q3_start"]["groups"]["council"]["agree_share"] is None
    assert items["q1_overall"]["scale"] == "quality" and items["q1_channels"]["scale"] is None
    assert demo_json["catch_all"] == ["other"]
    assert all("other" not in (f["a"], f["b"]) for f in demo_json["dividing_lines"])
    assert all(set(f["counted"]) <= {"council", "tcc_pcc", "secretariat"} for f in demo_json["common_ground"])
