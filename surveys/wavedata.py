"""A stored wave as the analysis sees it: the instrument, who answered, and the answers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from .model import Instrument, Wave

if TYPE_CHECKING:  # the frames are built where a wave is loaded; importing needs no pandas
    import pandas as pd

#: Columns every respondents frame has, before any workbook attributes.
RESPONDENT_COLUMNS: tuple[str, ...] = (
    "respondent", "group", "iso3", "region", "council_seat", "p5_e10", "tcc_pcc", "wave",
)
ANSWER_COLUMNS: tuple[str, ...] = ("respondent", "item", "value")


@dataclass(frozen=True)
class WaveData:
    """Everything known about one wave, as tidy frames.

    ``respondents``: one row per respondent with :data:`RESPONDENT_COLUMNS`
    (``p5_e10`` is ``p5``, ``e10`` or ``non_member``; ``council_seat`` is ``p5``/``e10``/None)
    followed by one column per workbook attribute.
    ``answers``: one row per answered item, columns :data:`ANSWER_COLUMNS`; ``value`` is text
    (choice names; select_multiple names space-separated; numbers as text).
    ``data_version``: a hash of the stored answers; changes exactly when they change.
    ``attribution``: the wave's attribution mode (``surveys.access.attribution.MODES``);
    ``consent``: respondent -> whether its comments may carry its name (absent: not said).
    """

    wave: Wave
    instrument: Instrument
    respondents: pd.DataFrame
    answers: pd.DataFrame
    data_version: str
    attribution: str = "attributed"
    consent: Mapping[str, bool] = field(default_factory=dict)

    @property
    def attributes(self) -> tuple[str, ...]:
        """Extra respondent columns usable as compare-by variables."""
        return tuple(c for c in self.respondents.columns if c not in RESPONDENT_COLUMNS)
