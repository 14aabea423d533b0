"""Member-state registry, Council seats, Secretariat units, observers and classify()."""
from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest

from support.registry import DEC_2015, FIGURES, shared_file
from surveys.model import GROUP_LABELS, UN_LANGUAGES
from surveys.respondents.registry import (
    COUNCIL_YEARS,
    PERMANENT_MEMBERS,
    REGION_CODES,
    REGION_LABELS,
    classify,
    council_seats,
    find_observer,
    find_secretariat,
    find_state,
    member_states,
    name_key,
    parse_group,
)
from surveys.respondents.secretariat import observers, secretariat_entities

# --- member states ---------------------------------------------------------------------------

def test_193_member_states_with_six_names_and_a_region():
    states = member_states()
    assert len(states) == 193  # UN membership since South Sudan's admission, 14 July 2011
    assert len({s.iso3 for s in states}) == 193
    for state in states:
        assert set(state.names) == set(UN_LANGUAGES), state.iso3
        assert all(state.names.values()), state.iso3
        assert state.region in REGION_CODES, state.iso3
        assert find_state(state.iso3) is state
        for lang, name in state.names.items():
            assert find_state(name) is state, (state.iso3, lang, name)


def test_region_sizes():
    # UN DGACM "United Nations Regional Groups of Member States": 54 African States,
    # 23 Eastern European, 33 Latin American and Caribbean; WEOG 28 + the United States
    # (observer, counted for elections) and Türkiye (counted in WEOG for elections).
    counts = defaultdict(int)
    for state in member_states():
        counts[state.region] += 1
    assert counts["african"] == 54
    assert counts["eastern_european"] == 23
    assert counts["latin_american_caribbean"] == 33
    assert counts["weog"] == 29
    assert counts["asia_pacific"] == 54


@pytest.mark.parametrize("text, iso3", [
    ("中国", "CHN"), ("乍得", "TCD"), ("Russian Federation", "RUS"), ("russia", "RUS"),
    ("Côte d'Ivoire", "CIV"), ("cote d ivoire", "CIV"), ("Côte d’Ivoire", "CIV"), ("COTE D'IVOIRE", "CIV"),
    ("Türkiye", "TUR"), ("Turkey", "TUR"), ("turkiye", "TUR"), ("GBR", "GBR"), ("gbr", "GBR"),
    ("United Kingdom", "GBR"), ("United Kingdom of Great Britain and Northern Ireland", "GBR"), ("英国", "GBR"),
    ("Venezuela", "VEN"), ("Venezuela (Bolivarian Republic of)", "VEN"), ("委内瑞拉玻利瓦尔共和国", "VEN"),
    ("Bolivia (Plurinational State of)", "BOL"), ("Iran (Islamic Republic of)", "IRN"),
    ("Micronesia (Federated States of)", "FSM"), ("Republic of Korea", "KOR"), ("Korea, Republic of", "KOR"),
    ("Democratic People's Republic of Korea", "PRK"), ("Democratic Republic of the Congo", "COD"),
    ("Congo", "COG"), ("United Republic of Tanzania", "TZA"), ("Tanzania", "TZA"), ("Viet Nam", "VNM"),
    ("Vietnam", "VNM"), ("Czechia", "CZE"), ("Czech Republic", "CZE"), ("the Netherlands", "NLD"),
    ("Netherlands (Kingdom of the)", "NLD"), ("  united   states  ", "USA"), ("United States of America", "USA"),
    ("美利坚合众国", "USA"), ("Российская Федерация", "RUS"), ("Fédération de Russie", "RUS"),
    ("Federación de Rusia", "RUS"), ("الاتحاد الروسي", "RUS"), ("Tchad", "TCD"), ("Чад", "TCD"),
    ("Swaziland", "SWZ"), ("Eswatini", "SWZ"), ("Cabo Verde", "CPV"), ("Cape Verde", "CPV"),
    ("Lao People's Democratic Republic", "LAO"), ("Syrian Arab Republic", "SYR"), ("São Tomé and Príncipe", "STP"),
    ("Saint Vincent and the Grenadines", "VCT"), ("St. Kitts and Nevis", "KNA"), ("刚果（金）", "COD"),
])
def test_find_state(text, iso3):
    state = find_state(text)
    assert state is not None, text
    assert state.iso3 == iso3


@pytest.mark.parametrize("text", ["", "   ", "Atlantis", "Holy See", "DPKO", "European Union", "Kosovo", "Taiwan"])
def test_find_state_refuses_non_members(text):
    assert find_state(text) is None


def test_un_short_names():
    # UN short names (UNTERM / UN member states list) as the canonical display names.
    assert find_state("CHN").name("zh") == "中国"
    assert find_state("TCD").name("zh") == "乍得"
    assert find_state("RUS").name("en") == "Russian Federation"
    assert find_state("KOR").name("en") == "Republic of Korea"
    assert find_state("GBR").name("en") == "United Kingdom"
    assert find_state("VEN").name("en") == "Venezuela"
    assert find_state("CIV").name("fr") == "Côte d'Ivoire"


@pytest.mark.parametrize("iso3, region", [
    # UN DGACM "United Nations Regional Groups of Member States" (un.org/dgacm/en/content/regional-groups)
    ("KIR", "asia_pacific"), ("CYP", "asia_pacific"), ("KAZ", "asia_pacific"), ("SAU", "asia_pacific"),
    ("ISR", "weog"), ("TUR", "weog"), ("USA", "weog"), ("AUS", "weog"), ("NZL", "weog"), ("CAN", "weog"),
    ("GEO", "eastern_european"), ("RUS", "eastern_european"), ("EST", "eastern_european"),
    ("CUB", "latin_american_caribbean"), ("GUY", "latin_american_caribbean"), ("MEX", "latin_american_caribbean"),
    ("ZAF", "african"), ("EGY", "african"), ("MAR", "african"), ("SSD", "african"),
])
def test_regional_group_sample(iso3, region):
    assert find_state(iso3).region == region


def test_region_labels_in_six_languages():
    for code in REGION_CODES:
        assert set(REGION_LABELS[code]) == set(UN_LANGUAGES)


def test_regions_match_the_un_regional_groups_file():
    path = shared_file("data", "un_membership", "un-regional-groups_openclimatedata.csv")
    names = {"African Group": "african", "Asia-Pacific Group": "asia_pacific",
             "Eastern European Group": "eastern_european", "GRULAC": "latin_american_caribbean", "WEOG": "weog"}
    reference = defaultdict(set)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            reference[row["Code"]].add(names[row["Region"]])
    ours = {s.iso3: s.region for s in member_states()}
    assert set(ours) == set(reference)
    wrong = {iso3: (region, reference[iso3]) for iso3, region in ours.items() if region not in reference[iso3]}
    assert not wrong


def test_membership_matches_mledoze_countries():
    path = shared_file("data", "un_membership", "countries_mledoze.json")
    entries = json.loads(path.read_text(encoding="utf-8"))
    # The file wrongly marks the Holy See (VAT) as a member; see its README.
    members = {e["cca3"] for e in entries if e["unMember"]} - {"VAT"}
    assert members == {s.iso3 for s in member_states()}


# --- Security Council -----------------------------------------------------------------------

def test_council_2015_exactly():
    # S/2015 composition; General Assembly elections of 2013 and 2014 (A/68/PV.34, A/69/PV.33).
    seats = council_seats(2015)
    assert {k for k, v in seats.items() if v == "p5"} == {"CHN", "FRA", "RUS", "GBR", "USA"}
    elected = {find_state(name).iso3 for name in ("Angola", "Chad", "Chile", "Jordan", "Lithuania",
                                                  "Malaysia", "New Zealand", "Nigeria", "Spain", "Venezuela")}
    assert {k for k, v in seats.items() if v == "e10"} == elected


@pytest.mark.parametrize("year", list(COUNCIL_YEARS))
def test_council_has_five_permanent_and_ten_elected(year):
    seats = council_seats(year)
    assert sorted(k for k, v in seats.items() if v == "p5") == sorted(PERMANENT_MEMBERS)
    assert sum(v == "e10" for v in seats.values()) == 10, year


@pytest.mark.parametrize("year", [1999, 2029, 1946])
def test_council_outside_coverage_is_refused(year):
    with pytest.raises(ValueError, match=str(year)):
        council_seats(year)


def _dppa_years(path: Path) -> dict[int, tuple[set[str], int]]:
    """year -> (ISO codes of the named members, number of blank names)."""
    years: dict[int, tuple[set[str], int]] = defaultdict(lambda: (set(), 0))
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            year, name = int(row["year"]), row["security_council_member"].strip()
            if year not in COUNCIL_YEARS:
                continue
            members, blanks = years[year]
            if not name:
                years[year] = (members, blanks + 1)
                continue
            state = find_state(name)
            assert state is not None, f"{path.name}: {year} {name!r} not in the registry"
            members.add(state.iso3)
    return years


# Blank names in the publisher's files (see the READMEs beside them): Côte d'Ivoire 2018-2019,
# Democratic Republic of the Congo 2026-2027, Türkiye 2009-2010 in the 2023 vintage.
DPPA_BLANKS = {2009: {"TUR"}, 2010: {"TUR"}, 2018: {"CIV"}, 2019: {"CIV"}, 2026: {"COD"}, 2027: {"COD"}}


@pytest.mark.parametrize("file_name, last_year", [("DPPA-SCMembership_2026-07-02.csv", 2027),
                                                  ("DPPA-SCMEMBERSHIP_vintage-2023-06-06.csv", 2024)])
def test_council_matches_dppa_every_year(file_name, last_year):
    years = _dppa_years(shared_file("data", "security_council", file_name))
    assert set(range(2000, last_year + 1)) <= set(years)
    for year in range(2000, last_year + 1):
        members, blanks = years[year]
        ours = set(council_seats(year))
        missing = ours - members
        assert members <= ours, (year, members - ours)
        assert len(missing) == blanks, (year, missing)
        assert missing <= DPPA_BLANKS.get(year, set()), (year, missing)


# --- Secretariat and observers -----------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("DPKO", "DPKO"), ("UN DPKO", "DPKO"), ("Department of Peacekeeping Operations", "DPKO"), ("维持和平行动部", "DPKO"),
    ("DFS", "DFS"), ("外勤支助部", "DFS"), ("DPA", "DPA"), ("政治事务部", "DPA"), ("DPPA", "DPPA"), ("DPO", "DPO"),
    ("DOS", "DOS"), ("DMSPC", "DMSPC"), ("OMA", "OMA"), ("Office of Military Affairs", "OMA"), ("军事事务厅", "OMA"),
    ("Police Division", "PD"), ("警务司", "PD"), ("OROLSI", "OROLSI"), ("Office of Legal Affairs", "OLA"),
    ("Executive Office of the Secretary-General", "EOSG"), ("DSS", "DSS"), ("OCHA", "OCHA"), ("UNITAR", "UNITAR"),
    ("United Nations Office for the Coordination of Humanitarian Affairs", "OCHA"),
    ("Département des opérations de maintien de la paix", "DPKO"),
])
def test_find_secretariat(text, code):
    entity = find_secretariat(text)
    assert entity is not None, text
    assert entity.code == code


@pytest.mark.parametrize("text, code", [
    ("Holy See", "VAT"), ("罗马教廷", "VAT"), ("State of Palestine", "PSE"), ("巴勒斯坦国", "PSE"),
    ("African Union", "AU"), ("非洲联盟", "AU"), ("AU", "AU"), ("European Union", "EU"), ("EU", "EU"), ("欧盟", "EU"),
])
def test_find_observer(text, code):
    observer = find_observer(text)
    assert observer is not None, text
    assert observer.code == code


def test_no_name_means_two_things():
    """A name key shared by a state, a Secretariat unit or an observer would make classify guess."""
    owners = defaultdict(set)
    for state in member_states():
        for name in (state.iso3, state.alpha2, *state.names.values(), *state.aliases):
            owners[name_key(name)].add(("state", state.iso3))
    for entity in secretariat_entities():
        for name in (entity.code, *entity.names.values(), *entity.aliases):
            owners[name_key(name)].add(("secretariat", entity.code))
    for observer in observers():
        for name in (observer.code, *observer.names.values(), *observer.aliases):
            owners[name_key(name)].add(("observer", observer.code))
    clashes = {key: who for key, who in owners.items() if len(who) > 1}
    # Alpha-2 codes that are also an observer's or a unit's name: refused by find_state and
    # reported as ambiguous by classify (test_classify_refuses_ambiguous_codes).
    assert set(clashes) == {"au", "ua", "dm"}, clashes
    assert all(find_state(key) is None for key in clashes)


# --- declared groups and classify ----------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("council", "council"), ("Security Council", "council"), ("Security Council member", "council"),
    ("安全理事会", "council"), ("Conseil de sécurité", "council"), ("P5", "council"), ("E10", "council"),
    ("tcc_pcc", "tcc_pcc"), ("TCC", "tcc_pcc"), ("PCC", "tcc_pcc"), ("T/PCC", "tcc_pcc"), ("TCC/PCC", "tcc_pcc"),
    ("部队和警察派遣国", "tcc_pcc"), ("troop-contributing country", "tcc_pcc"),
    ("secretariat", "secretariat"), ("秘书处", "secretariat"), ("Secretaría", "secretariat"),
    ("other", "other"), ("Other", "other"), ("其他", "other"), ("Autres", "other"), ("", None), ("Foo", None),
])
def test_parse_group(text, code):
    assert parse_group(text) == code


def test_every_group_label_is_understood():
    for code, labels in GROUP_LABELS.items():
        for text in labels.values():
            assert parse_group(text) == code, (code, text)


@pytest.mark.parametrize("text, declared, group, seat, tcc", [
    ("China", None, "council", "p5", True),
    ("中国", None, "council", "p5", True),
    ("乍得", None, "council", "e10", True),
    ("United Kingdom of Great Britain and Northern Ireland", None, "council", "p5", False),
    ("Ethiopia", None, "tcc_pcc", None, True),
    ("Iceland", None, "other", None, False),
    ("Chad", "安全理事会", "council", "e10", True),
    ("USA", "Security Council member", "council", "p5", False),
    ("DPKO", None, "secretariat", None, False),
    ("Office of Military Affairs", "secretariat", "secretariat", None, False),
    ("Holy See", None, "other", None, False),
    ("Holy See", "observer", "other", None, False),
    ("European Union", "other", "other", None, False),
    ("A research institute", "Other", "other", None, False),
])
def test_classify_accepts(text, declared, group, seat, tcc):
    result = classify(text, DEC_2015, declared_group=declared, contributions=FIGURES)
    assert result.error is None, result.error
    assert result.warning is None
    respondent = result.respondent
    assert (respondent.group, respondent.council_seat, respondent.tcc_pcc) == (group, seat, tcc)


def test_classify_fills_state_details():
    respondent = classify("cote d ivoire", DEC_2015, contributions=FIGURES).respondent
    assert (respondent.name, respondent.iso3, respondent.region) == ("Côte d'Ivoire", "CIV", "african")
    assert classify("Some new Unit", DEC_2015, declared_group="secretariat").respondent.name == "Some new Unit"
    assert classify("维持和平行动部", DEC_2015).respondent.name == "Department of Peacekeeping Operations"


@pytest.mark.parametrize("text, declared, expected", [
    ("China", "secretariat", "member state, not a Secretariat unit"),
    ("DPKO", "council", "Secretariat unit, not a member of the Security Council: the group cell says 'council', "
                        "the registry's group is Secretariat (a unit of the UN Secretariat); write Secretariat"),
    ("外勤支助部", "TCC", "Secretariat unit, not a troop- or police-contributing country"),
    ("Ethiopia", "council", "was not a member of the Security Council in 2015"),
    ("Iceland", "Security Council member", "write Other or leave the cell blank"),
    ("Atlantis", None, "unknown respondent 'Atlantis': expected a UN member state"),
    ("Atlantis", "council", "unknown member state 'Atlantis'"),
    ("African Union", "secretariat", "observer, not a Secretariat unit"),
    ("", None, "blank"),
    ("   ", "council", "blank"),
    ("China", "delegation", "unknown group 'delegation'"),
])
def test_classify_refuses(text, declared, expected):
    result = classify(text, DEC_2015, declared_group=declared, contributions=FIGURES)
    assert result.respondent is None
    assert expected in result.error


@pytest.mark.parametrize("text, declared, group, seat, tcc", [
    ("Chad", "TCC", "tcc_pcc", "e10", True),                 # a Council member that also contributes
    ("Ethiopia", "other", "other", None, True),              # a contributor declared other
    ("Some new Unit", "secretariat", "secretariat", None, False),  # a unit the registry does not list
])
def test_classify_keeps_a_plausible_override_with_a_warning(text, declared, group, seat, tcc):
    result = classify(text, DEC_2015, declared_group=declared, contributions=FIGURES)
    assert result.error is None and result.warning
    respondent = result.respondent
    assert (respondent.group, respondent.council_seat, respondent.tcc_pcc) == (group, seat, tcc)


def test_declared_tcc_not_in_figures_is_a_warning():
    result = classify("Iceland", DEC_2015, declared_group="T/PCC", contributions=FIGURES)
    assert result.error is None
    assert result.respondent.group == "tcc_pcc"
    assert "Iceland" in result.warning and "December 2015" in result.warning


def test_classify_uses_the_reference_year():
    # Ethiopia sat on the Council in 2017-2018 (A/70/PV.91); Venezuela left it at the end of 2016.
    assert classify("Ethiopia", dt.date(2017, 6, 1), contributions=FIGURES).respondent.council_seat == "e10"
    assert classify("Venezuela", dt.date(2017, 6, 1), contributions=FIGURES).respondent.group == "other"
    error = classify("Venezuela", dt.date(2017, 6, 1), declared_group="council", contributions=FIGURES).error
    assert "2017" in error


def test_classify_with_a_set_of_codes_and_with_built_in_figures():
    assert classify("Iceland", DEC_2015, contributions={"ISL"}).respondent.group == "tcc_pcc"
    # Built-in December 2015 report: Ethiopia 8,296 uniformed personnel (page 13).
    assert classify("Ethiopia", DEC_2015).respondent.group == "tcc_pcc"


def test_classify_outside_council_coverage_needs_a_group():
    result = classify("Ethiopia", dt.date(1995, 1, 1), contributions=FIGURES)
    assert "give a group column" in result.error
    assert classify("Ethiopia", dt.date(1995, 1, 1), declared_group="TCC", contributions=FIGURES).ok


# --- names as respondents write them -------------------------------------------------------------
