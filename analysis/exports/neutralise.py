"""Spreadsheet (CSV/formula) injection: make free text inert before it reaches a spreadsheet.

Delegations type free text, and a comment that begins with ``=``, ``+``, ``-`` or ``@`` is a
live formula once Excel or LibreOffice opens the file (``=HYPERLINK(...)`` exfiltrates,
``=cmd|...`` runs DDE). openpyxl writes any string that starts with ``=`` as a formula, and
pandas' ``to_excel`` does the same.

Method: OWASP "CSV Injection" guidance — a text cell whose first character is ``=``, ``+``,
``-``, ``@``, tab or carriage return is prefixed with a single quote ``'`` so the program
shows it as text. The full-width forms of the four signs are treated alike because some
spreadsheet programs fold them to ASCII when parsing. Every such text is prefixed, even one
that looks like a number ("+1" in a comment); a writer that knows a value is a validated
number (a numeric item's answer) writes it as a number instead.
Reference: https://owasp.org/www-community/attacks/CSV_Injection
"""
from __future__ import annotations

from surveys.limits import MAX_CELL_CHARACTERS
from surveys.plaintext import plain

#: First characters that make a spreadsheet cell a formula (OWASP list + full-width forms).
TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def is_dangerous(text: str) -> bool:
    """True when ``text`` would be read as a formula by a spreadsheet program."""
    return bool(text) and text[0] in TRIGGERS


def neutralise(value: object) -> object:
    """``value`` made safe for a spreadsheet cell: plain text under the store's text policy
    (:func:`surveys.plaintext.plain`: no control character, which a spreadsheet's XML cannot
    hold), at most a cell's 32,767 characters, and dangerous text with a leading ``'``.

    Non-text values (numbers, dates, None) pass through unchanged.
    """
    if isinstance(value, str):
        value = plain(value)
        if len(value) > MAX_CELL_CHARACTERS:
            value = value[:MAX_CELL_CHARACTERS - 1] + "…"
        if is_dangerous(value):
            return "'" + value
    return value
