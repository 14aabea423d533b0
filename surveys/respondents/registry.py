"""The member-state registry: who a respondent is and which corner of the triangle it sits in.

Data (project-owned, in ``surveys/respondents/data/``, nothing read from outside the package):

* ``member_states.csv`` — the 193 UN member states: ISO 3166-1 alpha-3 and alpha-2 codes, UN regional
  group, the UN short name in the six official languages, and aliases (the UN's long
  forms such as "United Kingdom of Great Britain and Northern Ireland" or "Venezuela
  (Bolivarian Republic of)", ISO-style names such as "Korea, Republic of", common names).
* ``council_seats.csv`` — elected Security Council terms 2000-2027; the five permanent
  members sit every year (Charter of the United Nations, Art. 23).

Regional groups follow the UN Department for General Assembly and Conference Management
list "United Nations Regional Groups of Member States". Two states need a word: the
United States attends WEOG meetings as an observer and is counted in WEOG for electoral
purposes; Türkiye takes part in both Asia-Pacific and WEOG and is counted in WEOG for
electoral purposes. Both are recorded here as ``weog`` (see :data:`REGION_NOTES`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, AbstractSet, Iterable, Mapping

from surveys.messages import N_, Name, Text
from surveys.model import GROUP_CODES, GROUP_LABELS, Respondent
from surveys.respondents import contributions as figures, statenames as _statenames
from surveys.respondents.declared import Declared, Standing, judge
from surveys.respondents.names import (
    NAME_CACHE_SIZE,
    PARENTHETICAL,
    build_index,
    clean_name,
    lookup,
    may_unwrap,
    name_form,
    name_key,
    name_words,
    read_table,
    resolve,
)
from surveys.respondents.secretariat import (
    Observer,
    SecretariatEntity,
    find_observer,
    find_secretariat,
    observer_index,
    observer_named,
    secretariat_index,
    secretariat_named,
)
from surveys.respondents.statenames import MemberState, member_states, state_index

if TYPE_CHECKING:
    from surveys.respondents.contributions import ContributionMonth

__all__ = [
    "COUNCIL_YEARS", "PERMANENT_MEMBERS", "REGION_CODES", "REGION_LABELS", "REGION_NOTES",
    "Classification", "MemberState", "Observer", "SecretariatEntity", "classify",
    "council_seats", "find_observer", "find_secretariat", "find_state", "member_states",
    "name_key", "named", "parse_group",
]

REGION_CODES: tuple[str, ...] = ("african", "asia_pacific", "eastern_european",
                                 "latin_american_caribbean", "weog")

REGION_LABELS: Mapping[str, Mapping[str, str]] = {
    "african": {"en": "African Group", "zh": "非洲国家组", "fr": "Groupe des États d'Afrique",
                "es": "Grupo de los Estados de África", "ru": "Группа африканских государств",
                "ar": "مجموعة الدول الأفريقية"},
    "asia_pacific": {"en": "Asia-Pacific Group", "zh": "亚洲及太平洋国家组",
                     "fr": "Groupe des États d'Asie et du Pacifique",
                     "es": "Grupo de los Estados de Asia y el Pacífico",
                     "ru": "Группа азиатско-тихоокеанских государств",
                     "ar": "مجموعة دول آسيا والمحيط الهادئ"},
    "eastern_european": {"en": "Eastern European Group", "zh": "东欧国家组",
                         "fr": "Groupe des États d'Europe orientale",
                         "es": "Grupo de los Estados de Europa Oriental",
                         "ru": "Группа восточноевропейских государств",
                         "ar": "مجموعة دول أوروبا الشرقية"},
    "latin_american_caribbean": {"en": "Latin American and Caribbean Group", "zh": "拉丁美洲和加勒比国家组",
                                 "fr": "Groupe des États d'Amérique latine et des Caraïbes",
                                 "es": "Grupo de los Estados de América Latina y el Caribe",
                                 "ru": "Группа латиноамериканских и карибских государств",
                                 "ar": "مجموعة دول أمريكا اللاتينية ومنطقة البحر الكاريبي"},
    "weog": {"en": "Western European and Others Group", "zh": "西欧和其他国家组",
             "fr": "Groupe des États d'Europe occidentale et autres États",
             "es": "Grupo de los Estados de Europa Occidental y otros Estados",
             "ru": "Группа западноевропейских и других государств",
             "ar": "مجموعة دول أوروبا الغربية ودول أخرى"},
}

REGION_NOTES: Mapping[str, str] = {
    "USA": "not a member of any regional group; attends WEOG meetings as an observer and is "
           "counted in WEOG for electoral purposes",
    "TUR": "takes part in both the Asia-Pacific Group and WEOG; counted in WEOG for electoral purposes",
}

#: Charter of the United Nations, Article 23(1).
PERMANENT_MEMBERS: tuple[str, ...] = ("CHN", "FRA", "RUS", "GBR", "USA")

#: Years for which the registry knows the whole Council (elected terms in council_seats.csv).
COUNCIL_YEARS = range(2000, 2028)

# Declared-group spellings beyond the codes and GROUP_LABELS (compared by name_key).
_GROUP_VARIANTS: Mapping[str, tuple[str, ...]] = {
    "council": ("Security Council member", "Council member", "Council", "SC", "UNSC", "SC member",
                "Member of the Security Council", "P5", "E10", "permanent member", "elected member",
                "non-permanent member", "elected Council member", "permanent Council member",
                "安理会", "安理会成员", "安全理事会成员", "安理会成员国", "安理会理事国", "常任理事国",
                "非常任理事国", "Conseil", "CSNU", "membre du Conseil", "membre du Conseil de sécurité",
                "membre permanent", "membre élu", "membre non permanent", "Consejo", "miembro del Consejo",
                "miembro del Consejo de Seguridad", "miembro permanente", "miembro electo",
                "miembro no permanente", "Совет", "СБ ООН", "член Совета", "члены Совета",
                "член Совета Безопасности", "члены Совета Безопасности", "постоянный член",
                "непостоянный член", "избранный член", "عضو في مجلس الأمن", "عضو مجلس الأمن",
                "أعضاء مجلس الأمن", "عضو دائم", "عضو منتخب", "عضو غير دائم"),
    "tcc_pcc": ("TCC", "PCC", "T/PCC", "TPCC", "TCCs", "PCCs", "T/PCCs", "TCC/PCCs", "TCC and PCC",
                "troop-contributing country", "police-contributing country",
                "troop- and police-contributing country", "troop and police contributing country",
                "troop and police contributors", "troop contributor", "police contributor",
                "contributing country", "部队派遣国", "警察派遣国", "出兵国", "派遣国", "出兵出警国",
                "部队和警察派遣国", "出警国", "pays fournisseur de contingents",
                "pays fournisseurs de contingents",
                "pays fournisseur de contingents ou de personnel de police", "pays fournisseur de police",
                "pays contributeur de troupes", "pays contributeur", "país que aporta contingentes",
                "país que aporta fuerzas de policía", "países que aportan contingentes",
                "país contribuyente de tropas", "país contribuyente",
                "страна, предоставляющая войска", "страна, предоставляющая полицию",
                "страны, предоставляющие войска", "страна, предоставляющая войска и полицию",
                "بلد مساهم بقوات", "بلد مساهم بأفراد شرطة", "البلدان المساهمة بقوات",
                "بلد مساهم بقوات وأفراد شرطة"),
    "secretariat": ("UN Secretariat", "United Nations Secretariat", "Secretariat unit", "Secretariat entity",
                    "Secretariat department", "Secretariat office", "联合国秘书处", "秘书处部门",
                    "Secrétariat de l'ONU", "Secrétariat des Nations Unies", "Secretaría de las Naciones Unidas",
                    "Secretaría de la ONU", "Секретариат ООН", "Секретариат Организации Объединенных Наций",
                    "الأمانة العامة للأمم المتحدة"),
    "other": ("Others", "observer", "Observer State", "non-member", "non-member State",
              "other member state", "other Member States", "non-Council member", "general membership",
              "观察员", "观察员国", "其他会员国", "其他方", "autre", "observateur", "État observateur",
              "autre État Membre", "autres États Membres", "otro", "observador", "Estado observador",
              "otro Estado Miembro", "otros Estados Miembros", "другое", "наблюдатель",
              "государство-наблюдатель", "другое государство-член", "другие государства-члены",
              "مراقب", "دولة مراقبة", "دولة عضو أخرى", "الدول الأعضاء الأخرى"),
}


@dataclass(frozen=True)
class Classification:
    """The outcome of :func:`classify`: a respondent, or a refusal; perhaps a warning.

    ``problem`` is the message (an error when there is no respondent, else a warning),
    ``kind`` its class (``group_conflict``, ``group_override``, ``unknown_respondent`` …),
    and ``on_group`` tells that it lies in the group cell rather than in the name.
    """

    respondent: Respondent | None
    problem: Text | None = None
    kind: str | None = None
    on_group: bool = False

    @property
    def error(self) -> str | None:
        return str(self.problem) if self.respondent is None and self.problem is not None else None

    @property
    def warning(self) -> str | None:
        return str(self.problem) if self.respondent is not None and self.problem is not None else None

    @property
    def ok(self) -> bool:
        return self.respondent is not None


@lru_cache(maxsize=4096)
def named(text: str) -> Name:
    """``text`` as a message field that reads in the reader's language: the names of the state,
    Secretariat unit or observer it names (a name the registry does not know reads as written)."""
    entry = find_state(text) or find_secretariat(text) or find_observer(text)
    return Name(text, tuple(entry.names.items()) if entry is not None else ())


def find_state(text: str) -> MemberState | None:
    """The member state called ``text``, else None.

    Accepts the ISO alpha-3 code, the alpha-2 code (only as the whole text: "gh", "GH"),
    the UN short name in any of the six languages, the UN long form, ISO-style and common
    names; case-, space-, punctuation- and accent-insensitive (see
    :func:`surveys.respondents.names.name_key`). On a miss (and only then) it also reads the name
    inside a mission or delegation, before a bracketed role ("Ghana (TCC)"), after "St."
    and after an official-form prefix ("Reino de España", "République du Sénégal"); see
    :mod:`surveys.respondents.statenames`. An ambiguous text matches nothing: a wrong country is worse
    than "unknown respondent".
    """
    return _state_for(clean_name(text))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _state_for(text: str) -> MemberState | None:
    # Two letters are an ISO alpha-2 code or an abbreviation (UK), never a fuzzy name.
    if _statenames.is_code_like(text):
        return _statenames.alpha2_state(text)
    return resolve(_bare_state, text, is_label=_is_group_label)


def _bare_state(text: str) -> MemberState | None:
    return (lookup(state_index(), text) or _without_the().get(_key_without_the(text))
            or _statenames.saint(text) or _statenames.official_form(text))


def _key_without_the(text: str) -> str:
    key, words = name_form(text)
    return "".join(word for word in words if word != "the") if "the" in words else key


@lru_cache(maxsize=1)
def _without_the() -> dict[str, MemberState]:
    """Names keyed without "the": "Democratic Republic of Congo" is the one with "the"."""
    return build_index(member_states(), lambda s: (" ".join(w for w in name_words(n) if w != "the")
                                                  for n in (*s.names.values(), *s.aliases)))


def _is_group_label(text: str) -> bool:
    return parse_group(text) is not None


@lru_cache(maxsize=1)
def _elected_terms() -> tuple[tuple[str, int, int], ...]:
    return tuple((row["iso3"], int(row["first_year"]), int(row["last_year"]))
                 for row in read_table("council_seats.csv"))


def council_seats(year: int) -> dict[str, str]:
    """Security Council members in calendar ``year``: ``{iso3: "p5" | "e10"}``.

    Raises ``ValueError`` for a year outside :data:`COUNCIL_YEARS`.
    """
    if year not in COUNCIL_YEARS:
        raise ValueError(f"Security Council membership is known for {COUNCIL_YEARS[0]}-"
                         f"{COUNCIL_YEARS[-1]}, not {year}")
    return dict(_seat_table(year))


@lru_cache(maxsize=64)
def _seat_table(year: int) -> dict[str, str]:
    """:func:`council_seats` built once per year (callers of this one never change it)."""
    seats = {iso3: "p5" for iso3 in PERMANENT_MEMBERS}
    seats.update({iso3: "e10" for iso3, first, last in _elected_terms() if first <= year <= last})
    return seats


@lru_cache(maxsize=1)
def _group_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code in GROUP_CODES:
        for text in (code, *GROUP_LABELS.get(code, {}).values(), *_GROUP_VARIANTS.get(code, ())):
            index[name_key(text)] = code
    return index


def parse_group(text: str) -> str | None:
    """The group code for a declared group (code, label in any UN language or common variant).

    On a miss, plurals are read as singulars ("Council members", "Membres du Conseil") and a
    bracketed detail that names the same group is dropped ("Security Council (elected member)").
    """
    return _group_for(clean_name(text)) if text and text.strip() else None


def _singular(word: str) -> str:
    """English, French and Spanish plurals: countries → country, membres → membre, miembros → miembro."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@lru_cache(maxsize=4096)
def _group_for(text: str) -> str | None:
    index = _group_index()
    found = index.get(name_key(text))
    if found is None:
        singular = " ".join(_singular(word) for word in text.split())
        found = index.get(name_key(singular))
    if found is None:
        match = PARENTHETICAL.match(text)
        if match:
            outer, inner = _group_for(match.group("outer").strip()), _group_for(match.group("inner").strip())
            found = outer if outer is not None and outer == inner else None
    return found


def _contributors(contributions, when: dt.date) -> tuple[AbstractSet[str], dt.date | None]:
    """Contributors at ``when`` and the month the figures come from (for messages)."""
    if contributions is None:
        return _builtin_contributors(when)
    return _contributors_in(contributions, when)


@lru_cache(maxsize=256)
def _builtin_contributors(when: dt.date) -> tuple[AbstractSet[str], dt.date | None]:
    """The same for the months that ship with the package, which never change: once per date."""
    return _contributors_in(None, when)


def _contributors_in(contributions, when: dt.date) -> tuple[AbstractSet[str], dt.date | None]:
    items = list(contributions) if contributions is not None else None
    if items is not None and all(isinstance(item, str) for item in items):
        return frozenset(items), None
    months = items if items is not None else list(figures.builtin_months())
    month, _note = figures.month_for(months, when)
    if month is None:
        return frozenset(), None
    return frozenset(month.contributors), month.month


def _state_respondent(state: MemberState, group: str, seat: str | None, tcc: bool) -> Respondent:
    return Respondent(name=state.name("en"), group=group, iso3=state.iso3, region=state.region,
                      council_seat=seat, tcc_pcc=tcc)


def classify(text: str, reference_date: dt.date | None, *, declared_group: str | None = None,
             contributions: Iterable[ContributionMonth] | AbstractSet[str] | None = None
             ) -> Classification:
    """Who ``text`` is and which group it answers for, at ``reference_date``.

    Without a declared group the registry decides: on the Council in the reference year →
    ``council``; contributed uniformed personnel in the month of figures at or before the
    reference date → ``tcc_pcc``; a Secretariat unit → ``secretariat``; else ``other``. A
    declared group (code, label or variant, see :func:`parse_group`) is checked against
    that view by :func:`surveys.respondents.declared.judge`: an impossible one is refused, an override
    is kept with a warning. ``contributions`` is a list of :class:`ContributionMonth` or a
    set of ISO codes; ``None`` uses the built-in months. ``reference_date`` ``None`` means today.
    """
    name = " ".join((text or "").split())
    if not name:
        return Classification(None, Text.of(N_("respondent name is blank: expected a UN member state, "
                                               "a Secretariat unit or an observer")), "blank_respondent")
    declared = None
    written = None if declared_group is None else " ".join(str(declared_group).split())
    if written:
        code = _declared_code(written)
        if code is None:
            return Classification(None, Text.of(N_("unknown group '{written}': expected one of {codes} (or their "
                                                   "labels)"), written=written, codes=", ".join(GROUP_CODES)),
                                  "unknown_group", True)
        declared = _declared(code, written)
    when = reference_date or dt.date.today()
    if isinstance(when, dt.datetime):
        when = when.date()

    state, problem, unit, observer = _who(name)
    if problem:
        return Classification(None, Text.plain(problem), "ambiguous_code")
    if state is None:
        entity = unit or observer
        kind = "unit" if unit else "observer" if observer else "unknown"
        standing = Standing(kind, entity.name("en") if entity else name, when.year,
                            names=tuple(entity.names.items()) if entity else ())
        verdict = judge(standing, declared, when)
        respondent = None if verdict.group is None else Respondent(
            name=standing.name, group=verdict.group, iso3=observer.iso3 if observer else None)
        return Classification(respondent, verdict.problem, verdict.kind, verdict.on_group)

    seats_known = when.year in COUNCIL_YEARS
    seat = _seat_table(when.year).get(state.iso3) if seats_known else None
    contributors, month = _contributors(contributions, when)
    is_tcc = state.iso3 in contributors
    standing = Standing("state", state.name("en"), when.year, seat, seats_known, is_tcc, month, COUNCIL_YEARS,
                        tuple(state.names.items()))
    verdict = judge(standing, declared, when)
    respondent = None if verdict.group is None else _state_respondent(
        state, verdict.group, seat, is_tcc or verdict.group == "tcc_pcc")
    return Classification(respondent, verdict.problem, verdict.kind, verdict.on_group)


@lru_cache(maxsize=1024)
def _declared(code: str, written: str) -> Declared:
    return Declared.read(code, written)  # a group column holds a handful of distinct spellings


@lru_cache(maxsize=1024)
def _declared_code(text: str) -> str | None:
    return parse_group(text)  # a group column holds a handful of distinct spellings


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _who(name: str) -> tuple[MemberState | None, str | None, SecretariatEntity | None, Observer | None]:
    """Who the space-normalised ``name`` is, read once however often it is classified:
    (state, why it is refused as an ISO code, Secretariat unit, observer). The name is cleaned
    once for all three look-ups; a unit or observer is only looked for when no state matched.
    The answer is kept here, so the look-ups' own caches (for :func:`find_state` ...) are passed by."""
    cleaned = clean_name(name)
    if _beyond_the_registry(cleaned):
        return None, _statenames.ambiguous_code(name), None, None
    state = _state_for.__wrapped__(cleaned)
    if state is not None:
        return state, None, None, None
    problem = _statenames.ambiguous_code(name)
    if problem:
        return None, problem, None, None
    unit = secretariat_named.__wrapped__(cleaned)
    return None, None, unit, None if unit else observer_named.__wrapped__(cleaned)


@lru_cache(maxsize=1)
def _registry_letters() -> frozenset[str]:
    """Every character of every key the registry's look-ups can find (states in six languages,
    their aliases and forms without "the", Secretariat units, observers)."""
    keys = [*state_index(), *_without_the(), *secretariat_index(), *observer_index()]
    return frozenset("".join(keys))


def _beyond_the_registry(cleaned: str) -> bool:
    """True when no look-up can find ``cleaned``: its key holds a character no registry key
    holds (a digit: "Participant 17", "Unit 00001"), and it has neither a bracket nor a mission
    word, the only forms whose rules take words away. Every other rule (a leading "the" or
    "UN", "St." for "Saint", an official form's prefix) keeps the name's own characters, so the
    character stays and no key can match: such a name is unknown without the look-ups, which
    cost more than a parse of its row."""
    if may_unwrap(cleaned):
        return False
    return not _registry_letters().issuperset(name_key(cleaned))
