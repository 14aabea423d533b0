"""The delegations a secretariat form offers (member states and Secretariat units, named in
the reader's language) and the name each choice is stored under."""
from __future__ import annotations

from surveys.respondents.registry import member_states
from surveys.respondents.secretariat import secretariat_entities

#: The key of a Secretariat unit among the choices (member states are keyed by ISO alpha-3).
UNIT = "secretariat:"


def delegation_choices(lang: str) -> dict[str, str]:
    """{key: name in ``lang``}: member states by name, then Secretariat units."""
    states = sorted(member_states(), key=lambda s: s.name(lang))
    names = {s.iso3: s.name(lang) for s in states}
    names.update({f"{UNIT}{u.code}": u.name(lang) for u in secretariat_entities()})
    return names


def respondent(key: str) -> str | None:
    """The English name a choice is stored under (as the importer and the rounds store it)."""
    if not key:
        return None
    if key.startswith(UNIT):
        return next((u.name("en") for u in secretariat_entities() if f"{UNIT}{u.code}" == key), None)
    return next((s.name("en") for s in member_states() if s.iso3 == key), None)
