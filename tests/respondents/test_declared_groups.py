"""A declared group checked against the registry, every combination, end to end.

Registry standing at the default wave's reference date (11 December 2015) with the built-in
December 2015 contribution figures (UN, "Summary of contributions", 31 December 2015):
Angola sits on the Council (E10, 2015-2016) and had no uniformed personnel deployed; Chad
sits on the Council and contributed; Ghana contributed and was not on the Council; Iceland
did neither; the Holy See is an observer State; the Department of Peacekeeping Operations
is a Secretariat unit; "Atlantis Institute" is not in the registry.

Each combination is imported through ``python -m surveys import`` and uploaded on the
Upload page (Streamlit AppTest), in English and in Chinese: an impossible one is refused
with a message at the group cell that shows the registry's view; a plausible override is
stored as declared with a warning beside the registry's view.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest
from streamlit.testing.v1 import AppTest

from support.cli_imports import refused, run
from support.workbooks import write_rows
from surveys.respondents.registry import classify
from surveys.storage.store import URL_VARIABLE, open_store

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "streamlit_app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REF = dt.date(2015, 12, 11)

# The registry's view, as each message shows it beside the declared group.
VIEW = {
    "Angola": {"en": "Security Council (elected member in 2015; no uniformed personnel in the figures for December 2015)",
               "zh": "安全理事会（2015 年当选理事国；2015年12月派遣数据中无其军警人员）"},
    "Chad": {"en": "Security Council (elected member in 2015; uniformed personnel in the figures for December 2015)",
             "zh": "安全理事会（2015 年当选理事国；2015年12月派遣数据中有其军警人员）"},
    "Ghana": {"en": "TCC/PCC (not on the Council in 2015; uniformed personnel in the figures for December 2015)",
              "zh": "部队和警察派遣国（2015 年非安理会成员；2015年12月派遣数据中有其军警人员）"},
    "Iceland": {"en": "Other (not on the Council in 2015; no uniformed personnel in the figures for December 2015)",
                "zh": "其他（2015 年非安理会成员；2015年12月派遣数据中无其军警人员）"},
    "Holy See": {"en": "Other (an observer, not a UN member state)", "zh": "其他（观察员，非联合国会员国）"},
    "Department of Peacekeeping Operations": {"en": "Secretariat (a unit of the UN Secretariat)",
                                              "zh": "秘书处（联合国秘书处单位）"},
}


class Case(NamedTuple):
    name: str
    declared: str
    stored: str | None          # the group stored; None: refused
    said: dict[str, str]        # what the message says, by language
    severity: str = "warning"

    @property
    def id(self) -> str:
        return f"{self.name}-{self.declared}"


def _override(name, declared, stored, zh_name, en_label, zh_label) -> Case:
    return Case(name, declared, stored, {
        "en": f"{name} is declared {en_label} ('{declared}'), but the registry's group is {VIEW[name]['en']}: "
              f"stored as {en_label} as declared",
        "zh": f"{zh_name}申报为“{zh_label}”（“{declared}”），但登记册中的组别为{VIEW[name]['zh']}：已按申报存为“{zh_label}”"})


def _conflict(name, declared, en_reason, zh_reason) -> Case:
    return Case(name, declared, None, {"en": f"{en_reason}: the group cell says '{declared}', the registry's group "
                                             f"is {VIEW[name]['en']}",
                                       "zh": f"{zh_reason}：组别单元格填写的是“{declared}”，登记册中的组别为{VIEW[name]['zh']}"},
                "error")


# Plausible overrides: stored as declared, with a warning. Two imports (a delegation answers once per file).
WARNED = (
    (_override("Angola", "TCC", "tcc_pcc", "安哥拉", "TCC/PCC", "部队和警察派遣国"),        # Council member, no troops
     _override("Chad", "other", "other", "乍得", "Other", "其他"),                         # Council and contributor
     _override("Ghana", "other", "other", "加纳", "Other", "其他"),                        # contributor
     _override("Iceland", "TCC", "tcc_pcc", "冰岛", "TCC/PCC", "部队和警察派遣国"),          # neither
     _override("Department of Peacekeeping Operations", "other", "other", "维持和平行动部", "Other", "其他"),
     Case("Atlantis Institute", "Secretariat", "secretariat", {
         "en": "'Atlantis Institute' is not a Secretariat unit the registry knows: stored as Secretariat as declared",
         "zh": "“Atlantis Institute”不是登记册所列的秘书处单位：已按申报存为“秘书处”"}),
     Case("Holy See", "observer", "other", {}, "none"),                                   # agrees: no message
     Case("Nigeria", "council", "council", {}, "none")),
    (_override("Angola", "other", "other", "安哥拉", "Other", "其他"),
     _override("Chad", "TCC", "tcc_pcc", "乍得", "TCC/PCC", "部队和警察派遣国")),           # a Council member that contributes
)

# Impossible combinations: refused, the group cell named.
REFUSED = (
    _conflict("Angola", "Secretariat", "Angola is a member state, not a Secretariat unit", "安哥拉是会员国，不是秘书处单位"),
    _conflict("Angola", "observer", "Angola is a UN member state, not an observer", "安哥拉是联合国会员国，不是观察员"),
    _conflict("Chad", "Secretariat", "Chad is a member state, not a Secretariat unit", "乍得是会员国，不是秘书处单位"),
    _conflict("Chad", "observer", "Chad is a UN member state, not an observer", "乍得是联合国会员国，不是观察员"),
    _conflict("Ghana", "council", "Ghana was not a member of the Security Council in 2015 (reference date 2015-12-11)",
              "加纳在 2015 年不是安全理事会成员（参考日期 2015-12-11）"),
    _conflict("Ghana", "Secretariat", "Ghana is a member state, not a Secretariat unit", "加纳是会员国，不是秘书处单位"),
    _conflict("Ghana", "observer", "Ghana is a UN member state, not an observer", "加纳是联合国会员国，不是观察员"),
    _conflict("Iceland", "council", "Iceland was not a member of the Security Council in 2015 (reference date "
              "2015-12-11)", "冰岛在 2015 年不是安全理事会成员（参考日期 2015-12-11）"),
    _conflict("Iceland", "Secretariat", "Iceland is a member state, not a Secretariat unit", "冰岛是会员国，不是秘书处单位"),
    _conflict("Iceland", "observer", "Iceland is a UN member state, not an observer", "冰岛是联合国会员国，不是观察员"),
    _conflict("Holy See", "council", "Holy See is an observer, not a member of the Security Council",
              "教廷是观察员，不是安全理事会成员"),
    _conflict("Holy See", "TCC", "Holy See is an observer, not a troop- or police-contributing country",
              "教廷是观察员，不是部队或警察派遣国"),
    _conflict("Holy See", "Secretariat", "Holy See is an observer, not a Secretariat unit", "教廷是观察员，不是秘书处单位"),
    _conflict("Department of Peacekeeping Operations", "council", "Department of Peacekeeping Operations is a "
              "Secretariat unit, not a member of the Security Council", "维持和平行动部是秘书处单位，不是安全理事会成员"),
    _conflict("Department of Peacekeeping Operations", "TCC", "Department of Peacekeeping Operations is a "
              "Secretariat unit, not a troop- or police-contributing country",
              "维持和平行动部是秘书处单位，不是部队或警察派遣国"),
    _conflict("Department of Peacekeeping Operations", "observer", "Department of Peacekeeping Operations is a "
              "Secretariat unit, not an observer", "维持和平行动部是秘书处单位，不是观察员"),
    Case("Atlantis Institute", "council", None, {
        "en": "unknown member state 'Atlantis Institute' declared Security Council: expected a UN member state",
        "zh": "未知会员国“Atlantis Institute”申报为“安全理事会”：应为联合国会员国"}, "error"),
    Case("Atlantis Institute", "TCC", None, {
        "en": "unknown member state 'Atlantis Institute' declared TCC/PCC",
        "zh": "未知会员国“Atlantis Institute”申报为“部队和警察派遣国”"},
        "error"),
)
SEVERITY = {"en": {"error": "error", "warning": "warning"}, "zh": {"error": "错误", "warning": "警告"}}
PAGE_SEVERITY = {"en": {"error": "Error", "warning": "Warning"}, "zh": {"error": "错误", "warning": "警告"}}


def _book(folder: Path, name: str, cases) -> Path:
    return write_rows(folder / name, [["respondent", "group", "q1_overall"]] + [[c.name, c.declared, 4] for c in cases])


def _cell(case_number: int, case: Case) -> str:
    """Where the message must be: the group cell (B) when the registry knows the name, else the name (A)."""
    return f"{'A' if case.name == 'Atlantis Institute' else 'B'}{case_number + 2}"


def _stored_groups(url: str, wave: str) -> dict[str, str]:
    with open_store(url) as store:
        frame = store.load_wave(wave).respondents
    return dict(zip(frame["respondent"], frame["group"]))


def _line_at(lines: list[str], cell: str) -> str:
    found = [line for line in lines if f"responses!{cell}:" in line]
    assert len(found) == 1, (cell, lines)
    return found[0]


def _check_lines(lines: list[str], cases, lang: str, severities: dict[str, str]) -> None:
    for number, case in enumerate(cases):
        cell = _cell(number, case)
        if case.severity == "none":
            assert not [line for line in lines if f"responses!{cell}:" in line], (case, lines)
            continue
        line = _line_at(lines, cell)
        assert f"{severities[case.severity]}:" in line or f"{severities[case.severity]} ·" in line, line
        assert case.said[lang] in line, (case.said[lang], line)


# --- the library: the whole matrix ---------------------------------------------------------------

@pytest.mark.parametrize("case", [c for cases in WARNED for c in cases] + list(REFUSED), ids=lambda c: c.id)
def test_classify_matrix(case):
    result = classify(case.name, REF, declared_group=case.declared)
    assert (result.respondent.group if result.respondent else None) == case.stored
    assert (result.warning is not None) == (case.severity == "warning")
    assert (result.error is not None) == (case.severity == "error")
    if case.said:
        message = result.problem.render("en")
        assert case.said["en"] in message, message
        assert case.said["zh"] in result.problem.render("zh")


@pytest.mark.parametrize("name, stored", [("Angola", "council"), ("Chad", "council"), ("Ghana", "tcc_pcc"),
                                          ("Iceland", "other"), ("Holy See", "other"),
                                          ("Department of Peacekeeping Operations", "secretariat")])
@pytest.mark.parametrize("declared", [None, ""])
def test_without_a_declared_group_the_registry_decides_silently(name, stored, declared):
    result = classify(name, REF, declared_group=declared)
    assert result.respondent.group == stored and result.problem is None


def test_the_registrys_own_group_declared_is_accepted_silently():
    for name, declared in (("Angola", "Security Council"), ("Chad", "安理会"), ("Ghana", "TCC"), ("Iceland", "other"),
                           ("Holy See", "Observer State"), ("Department of Peacekeeping Operations", "秘书处"),
                           ("Atlantis Institute", "other"), ("Atlantis Institute", "observer")):
        result = classify(name, REF, declared_group=declared)
        assert result.problem is None and result.respondent is not None, (name, declared, result.problem)


# --- the command line ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_stores_overrides_as_declared_with_a_warning(db, tmp_path, lang):
    for number, cases in enumerate(WARNED):
        wave = f"groups-{number}"
        book = _book(tmp_path, f"declared-{number}.xlsx", cases)
        done = run(book, db=db, extra=("--wave", wave, "--lang", lang))
        assert done.returncode == 0, done.stderr
        lines = done.stderr.splitlines()
        _check_lines(lines, cases, lang, SEVERITY[lang])
        assert _stored_groups(db, wave) == {c.name: c.stored for c in cases}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_refuses_impossible_groups_naming_the_group_cell(seeded, tmp_path, lang):
    with open_store(seeded) as store:
        before = store.data_version()
    done = run(_book(tmp_path, "impossible.xlsx", REFUSED), db=seeded, extra=("--lang", lang))
    if lang == "en":
        refused(done)
    else:
        assert done.returncode == 2 and "未存储任何内容" in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    _check_lines(lines, REFUSED, lang, SEVERITY[lang])
    # Each conflict says what to write instead: the registry's group, or a blank cell.
    assert _line_at(lines, "B3").endswith("write Security Council or leave the cell blank" if lang == "en"
                                           else "请填写“安全理事会”或将该单元格留空")
    with open_store(seeded) as store:
        assert store.data_version() == before


# --- the Upload page -----------------------------------------------------------------------------

def _upload_page(url: str, monkeypatch, lang: str) -> AppTest:
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("dashboard/pages/upload.py").run()
    if lang != "en":
        at.selectbox(key="lang").set_value(lang).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _page_lines(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_upload_page_warns_then_stores_the_declared_groups(sqlite_url, monkeypatch, tmp_path, lang):
    at = _upload_page(sqlite_url, monkeypatch, lang)
    for number, cases in enumerate(WARNED):
        wave = f"groups-{number}"
        book = _book(tmp_path, f"declared-{number}.xlsx", cases)
        at.text_input(key="upload_wave").set_value(wave).run()
        at.file_uploader[0].set_value([(book.name, book.read_bytes(), XLSX)]).run()
        assert not at.exception, [e.message for e in at.exception]
        _check_lines(_page_lines(at), cases, lang, PAGE_SEVERITY[lang])
        at.button(key="upload_import").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert _stored_groups(sqlite_url, wave) == {c.name: c.stored for c in cases}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_upload_page_refuses_impossible_groups_naming_the_group_cell(sqlite_url, monkeypatch, tmp_path, lang):
    at = _upload_page(sqlite_url, monkeypatch, lang)
    book = _book(tmp_path, "impossible.xlsx", REFUSED)
    at.file_uploader[0].set_value([(book.name, book.read_bytes(), XLSX)]).run()
    assert not at.exception, [e.message for e in at.exception]
    _check_lines(_page_lines(at), REFUSED, lang, PAGE_SEVERITY[lang])
    assert not [b for b in at.button if b.key == "upload_import"]
    with open_store(sqlite_url) as store:
        assert not store.waves()
