"""One voice: every sentence, mark, suppression, table and chart Trialogue shows about a summary.

The dashboard and the exports both read results only through this package, so the Working
Group's chair never finds two stories about the same numbers. Its modules, each with one
reason to change:

* :mod:`~analysis.present.verdicts` — what a result means (differ / not shown / not tested,
  the pair that may be named, the heatmap marks);
* :mod:`~analysis.present.disclosure` — who may see which figure (:class:`Audience`; shares
  only for groups of five or more, members' minimum cell size);
* :mod:`~analysis.present.findings`, :mod:`~analysis.present.lists` — the sentences;
* :mod:`~analysis.present.tables`, :mod:`~analysis.present.charts` — frames, printed tables
  and altair charts (with :mod:`~analysis.present.palette` and :mod:`~analysis.present.fonts`);
* :mod:`~analysis.present.scales` — what an ordinal scale measures and how it is read out;
* :mod:`~analysis.present.labels`, :mod:`~analysis.present.numbers`,
  :mod:`~analysis.present.wording`, :mod:`~analysis.present.language` — names, numbers, the
  engine's terms and the gettext catalogues of all software text;
* :mod:`~analysis.present.roster` — who could have answered;
* :mod:`~analysis.present.outline` — the report as a list of sections, which the writers in
  :mod:`analysis.exports` render.

Every public function takes the frozen :class:`analysis.summary.Summary` (or one of its
items), a language and an ``audience`` (default :data:`SECRETARIAT`).
"""
from .disclosure import SECRETARIAT, Audience
from .language import LANGUAGES, translations

__all__ = ["LANGUAGES", "SECRETARIAT", "Audience", "translations"]
