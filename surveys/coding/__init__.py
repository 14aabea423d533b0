"""Coding of open-ended answers: codebooks, coders' codes and the quote bank (read, checked, stored).

``import_codebook``, ``import_codings`` and ``import_quotes`` read a workbook, check every
row against the wave and the codebook, and store all of it or nothing
(:class:`InvalidCodingSheet` lists each problem by file, sheet and cell). ``load_*`` read
what is stored; ``coding_version`` changes whenever any of it does.
"""
from .imports import import_codebook, import_codings, import_quotes, read_codebook, read_codings, read_quotes
from .model import LEVELS, Codebook, Coding, Quote, Theme
from .sheets import InvalidCodingSheet
from .storage import (CodingReport, coding_version, load_codebook, load_codings, load_quotes, save_codebook,
                      save_codings, save_quotes)

__all__ = [
    "LEVELS", "Codebook", "Coding", "CodingReport", "InvalidCodingSheet", "Quote", "Theme", "coding_version",
    "import_codebook", "import_codings", "import_quotes", "load_codebook", "load_codings", "load_quotes",
    "read_codebook", "read_codings", "read_quotes", "save_codebook", "save_codings", "save_quotes",
]
