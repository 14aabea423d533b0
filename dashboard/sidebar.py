"""The sidebar every page shares: language, wave, compare-by, filters, data version, live check.

Built once per run by ``streamlit_app.py`` (entry-point widgets keep their values across
pages); pages read the result with :func:`selection`. The live check is a fragment that
re-reads the data version every :data:`~dashboard.cache.LIVE_SECONDS` and reruns the whole
app when an import has changed it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import streamlit as st

from analysis.present.disclosure import SECRETARIAT, Audience
from analysis.present.labels import code_label, variable_title
from analysis.present.markdown import md_escape
from surveys.errors import TrialogueError

from . import access, accessibility, cache
from .i18n import LANGUAGE_KEY, LANGUAGE_NAMES, LANGUAGES, _, language, ngettext

SELECTION_KEY = "_selection"
SEEN_KEY = "_seen_version"
UPDATED_KEY = "_updated"


@dataclass(frozen=True)
class Selection:
    """What the reader chose; every page works from this."""

    url: str
    lang: str
    wave: str | None = None
    version: str | None = None
    by: str = "group"
    filters: cache.Filters = ()
    other: str | None = None
    other_version: str | None = None
    #: Whom the figures are for (the signed-in reader's role and the minimum cell size).
    audience: Audience = SECRETARIAT

    @property
    def empty(self) -> bool:
        return self.wave is None or self.version is None

    @property
    def audience_key(self) -> cache.AudienceKey:
        return self.audience.key

    def summary(self):
        """The summary of this selection for its audience (cached on its small keys)."""
        return cache.summary(self.url, self.wave, self.version, self.by, self.filters, self.other,
                             self.other_version, self.audience_key)


def selection() -> Selection:
    """The current selection (builds the sidebar when a page runs on its own)."""
    current = st.session_state.get(SELECTION_KEY)
    return current if isinstance(current, Selection) else render()


def language_choice() -> str:
    """The language selector, first in the sidebar, and the page's language, direction and
    accessibility styles (:mod:`dashboard.accessibility`). ``streamlit_app.py`` draws it before
    anything else, so the sign-in page and a refusal have them too."""
    with st.sidebar:
        st.selectbox(_("Language"), LANGUAGES, format_func=LANGUAGE_NAMES.get, key=LANGUAGE_KEY)
        lang = language()
        accessibility.apply(lang)
    return lang


def render(language_drawn: bool = False) -> Selection:
    """Draw the sidebar and remember the selection for the pages (with the language selector
    unless :func:`language_choice` has drawn it in this run)."""
    url = cache.database_url()
    audience = access.audience()
    lang = language() if language_drawn else language_choice()
    with st.sidebar:
        try:
            waves = cache.waves(url)
        except TrialogueError as exc:
            st.error(_("Cannot open the database: {problem}. Check TRIALOGUE_DATABASE_URL.").format(
                problem=md_escape(str(exc))))
            current = Selection(url, lang, audience=audience)
            st.session_state[SELECTION_KEY] = current
            return current
        current = _choices(url, lang, waves, audience) if waves else Selection(url, lang, audience=audience)
        st.session_state[SELECTION_KEY] = current
        if not current.empty:
            _status(current)
            _live(url, current.wave)
    return current


def _keep_valid(key: str, options, multiple: bool = False) -> None:
    """Drop a remembered widget value that the new options no longer offer."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    if multiple:
        st.session_state[key] = [v for v in value if v in options]
    elif value not in options:
        del st.session_state[key]


def localised(widget, key: str, lang: str, options, *args, multiple: bool = False, **kwargs):
    """Draw ``widget`` (a selectbox, radio or multiselect whose option names are translated)
    under a key per language, carrying the choice over from the previous language.

    Streamlit keeps the text a keyed widget showed, so one key across languages would leave
    "Respondent group" on screen after switching to 中文; the plain ``key`` holds the value.
    """
    own = f"{key}_{lang}"
    _keep_valid(key, options, multiple)
    if key in st.session_state and st.session_state.get(f"{key}__lang") != lang:
        st.session_state[own] = st.session_state[key]
    _keep_valid(own, options, multiple)
    value = widget(*args, options, key=own, **kwargs)
    st.session_state[key] = value
    st.session_state[f"{key}__lang"] = lang
    return value


def _choices(url: str, lang: str, waves: tuple[str, ...], audience: Audience = SECRETARIAT) -> Selection:
    _keep_valid("wave", waves)
    wave = st.selectbox(_("Wave"), waves, index=len(waves) - 1, key="wave")
    version = cache.data_version(url, wave)
    if version is None:
        return Selection(url, lang, audience=audience)
    options = cache.filter_options(url, wave, version)
    bys = ["group", "p5_e10", "region"] + [c for c in options if c not in ("group", "p5_e10", "region")]
    if not audience.sees_everything:
        # Only what cannot single out fewer than k respondents (analysis.present.disclosure).
        allowed = set(cache.disclosed(url, wave, version, audience.key).variables)
        bys = [b for b in bys if b in allowed]
        options = {c: v for c, v in options.items() if c in allowed}
    if audience.role == "viewer":  # the published comparison only
        return Selection(url, lang, wave, version, audience=audience)
    if len(waves) > 1:
        bys.append("wave")
    by = localised(st.selectbox, "by", lang, bys, _("Compare by"), format_func=lambda b: variable_title(b, lang))
    other = other_version = None
    if by == "wave":
        others = [w for w in waves if w != wave]
        _keep_valid("other_wave", others)
        other = st.selectbox(_("Compare with wave"), others, key="other_wave")
        other_version = cache.data_version(url, other)
    chosen: dict[str, list[str]] = {}
    with st.expander(_("Filters"), expanded=False):
        for column, values in options.items():
            # A widget's label is Markdown; a workbook column's name is shown as text.
            chosen[column] = localised(st.multiselect, f"filter_{column}", lang, values,
                                       md_escape(variable_title(column, lang)), multiple=True, placeholder=_("All"),
                                       format_func=lambda v, c=column: code_label(c, v, lang))
    return Selection(url, lang, wave, version, by,
                     cache.filters_key(chosen), other, other_version, audience)


def _status(current: Selection) -> None:
    """The data version, the last import and any live update this session saw."""
    last = cache.last_import(current.url, current.wave, current.version)
    n = (cache.respondent_count(current.url, current.wave, current.version) if current.audience.sees_everything
         else len(cache.disclosed(current.url, current.wave, current.version, current.audience_key).data.respondents))
    text = ngettext("{n} respondent", "{n} respondents", n).format(n=n)
    text += " · " + _("data version {version}").format(version=current.version[:8])
    if last is not None:
        text += " · " + _("last import {time}").format(time=_local(last).strftime("%Y-%m-%d %H:%M"))
    st.caption(text)  # md-safe: counts, a hash and a time
    updated = st.session_state.get(UPDATED_KEY)
    if updated and updated[0] == current.version:
        time, new = updated[1], updated[2]
        if new > 0:
            note = ngettext("updated {time} — {n} new response", "updated {time} — {n} new responses",
                            new).format(time=time, n=new)
        else:
            note = _("updated {time}").format(time=time)
        st.info(note, icon=":material/sync:")  # md-safe: a time and a count


def _local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in the reader's time zone when the browser tells it (UTC otherwise)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    try:
        zone = st.context.timezone
        return moment.astimezone(ZoneInfo(zone)) if zone else moment
    except Exception:  # an unknown zone name: show UTC rather than fail
        return moment


def note_change(url: str, wave: str, version: str | None) -> bool:
    """Record the wave's data version; True when it differs from the one this session last saw."""
    if version is None:
        return False
    seen = st.session_state.get(SEEN_KEY)
    if seen is not None and seen[:2] == (wave, version):
        return False
    count = cache.respondent_count(url, wave, version)
    st.session_state[SEEN_KEY] = (wave, version, count)
    if seen is None or seen[0] != wave:
        return False
    now = _local(dt.datetime.now(dt.timezone.utc)).strftime("%H:%M")
    st.session_state[UPDATED_KEY] = (version, now, count - seen[2])
    return True


@st.fragment(run_every=cache.LIVE_SECONDS)
def _live(url: str, wave: str) -> None:
    """Every few seconds: has an import changed the wave? Then rerun the whole app."""
    if note_change(url, wave, cache.data_version(url, wave)):
        st.rerun(scope="app")
