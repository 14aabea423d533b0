"""Text made literal where it is written into Markdown: the Markdown report and every Streamlit
element that renders Markdown (``st.markdown``, captions, alerts, titles, widget labels, help
texts, tab names, metric labels, progress texts).

Everything that came from a workbook, a form or an argument (names, wave names, headers,
attribute values, labels, comments, file names) passes :func:`md_escape` on its way into
Markdown, so it is shown as the characters it is, never as an image the browser fetches, a
link, HTML, emphasis, a heading, a list, math or an icon. Text that is not Markdown at all
(``st.text``, table cells, chart labels, select-box options) needs nothing.

Method: CommonMark's backslash escapes (spec §2.4: any ASCII punctuation may be escaped, and
is then shown as itself) for the characters that open inline constructs (emphasis, code,
links and images, tables, strikethrough, raw HTML and entities) and Streamlit's math (``$``);
a block marker at the start (heading, quote, list, thematic break) escaped likewise. Two
constructs are found in the parsed text, where backslashes no longer show: GitHub's autolink
literals (``http://``, ``www.``, e-mail addresses; Streamlit links them even when escaped)
and Streamlit's shortcodes (``:smile:``, ``:material/forum:``); both are broken by a
zero-width space (U+200B) before the character that makes them. Line breaks become spaces:
one escaped text is one line.
"""
from __future__ import annotations

import re

#: Characters that open an inline construct anywhere in a line.
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]|~$&"})
#: ``<`` opens raw HTML or an autolink only before a letter, ``/``, ``!`` or ``?`` (CommonMark
#: §6.6); "q < 0.001" stays readable in a plain-text e-mail.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
#: What starts a block at the beginning of a line: heading, quote, list item, thematic break.
_BLOCK_START = re.compile(r"^\s*(?:[#>+\-=]|\d+(?=[.)]))")
#: GitHub autolink literals: a scheme's colon, "www." and the "@" of an address.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto)(:)|\b(www)(\.)|(@)(?=\w)")
#: Streamlit shortcodes: emoji and icons (``:name:``, ``:material/name:``) and coloured text.
_SHORTCODE = re.compile(r":(?=[\w/+-]+(?::|\[))")


def _unlinked(match: re.Match) -> str:
    """A zero-width space before the character that makes an autolink; "www." also keeps its
    dot escaped, so that no parser joins the address into one host name."""
    scheme, colon, www, dot, at = match.groups()
    if www:
        return www + "\u200b\\."
    return (scheme or "") + "\u200b" + (colon or at)


def md_escape(text: object) -> str:
    """``text`` as Markdown that shows exactly these characters (one line)."""
    text = "" if text is None else str(text)
    text = " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text
    text = _TAG_OPEN.sub(r"\\<", text.translate(_INLINE))
    text = _AUTOLINK.sub(_unlinked, text)
    text = _SHORTCODE.sub(":\u200b", text)
    match = _BLOCK_START.match(text)
    if match:  # "# x" → "\# x"; "1. x" → "1\. x"
        cut = match.end() if match.group().strip()[:1].isdigit() else match.end() - 1
        text = text[:cut] + "\\" + text[cut:]
    return text
