"""Coding of open-ended answers: codebooks, coders' codes and the quote bank (read, checked, stored).

``import_codebook``, ``import_codings`` and ``import_quotes`` read a workbook, check every
row against the wave and the codebook, and store all of it or nothing
(:class:`InvalidCodingSheet` lists each problem by file, sheet and cell). ``load_*`` read
what is stored; ``coding_version`` changes whenever any of it does. ``save_theme``,
``code_comment``, ``mark_quote`` and ``remove_quote`` make one change at a time (the Coding
page), checked by the same rules.
"""
from surveys.lazy import exports

#: Where each public name lives; imported on first use, so ``python -m surveys --help`` (which
#: registers the coding commands) does not load the store and the sheet readers.
_HOMES = {
    **dict.fromkeys(("code_comment", "mark_quote", "remove_quote", "save_theme"), "edits"),
    **dict.fromkeys(("import_codebook", "import_codings", "import_quotes", "read_codebook", "read_codings",
                     "read_quotes"), "imports"),
    **dict.fromkeys(("LEVELS", "Codebook", "Coding", "Quote", "Theme"), "model"),
    "InvalidCodingSheet": "sheets",
    **dict.fromkeys(("CodingReport", "coding_version", "load_codebook", "load_codings", "load_quotes",
                     "save_codebook", "save_codings", "save_quotes"), "storage"),
}

__all__ = [
    "LEVELS", "Codebook", "Coding", "CodingReport", "InvalidCodingSheet", "Quote", "Theme", "code_comment",
    "coding_version", "mark_quote", "remove_quote", "save_theme",
    "import_codebook", "import_codings", "import_quotes", "load_codebook", "load_codings", "load_quotes",
    "read_codebook", "read_codings", "read_quotes", "save_codebook", "save_codings", "save_quotes",
]


__getattr__ = exports(__name__, _HOMES)
