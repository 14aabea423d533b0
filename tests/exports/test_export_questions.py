"""The report has a section per group of the questionnaire: seven groups, seven sections, in
Markdown and in Word, through the export command on a real store."""
from __future__ import annotations

import docx

from analysis.cli import main
from support.seven import GROUPS, WAVE, seven_group_store


def test_a_seven_group_questionnaire_gives_a_seven_section_report(tmp_path):
    url = seven_group_store(tmp_path)
    markdown, word = tmp_path / "report.md", tmp_path / "report.docx"
    for out, fmt in ((markdown, "md"), (word, "docx")):
        assert main(["export", "--db", url, "--wave", WAVE, "--format", fmt, "--out", str(out)]) == 0
    headings = [line for line in markdown.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    questions = [line for line in headings if "Discussion question" in line]
    assert [line.split("Discussion question ")[1] for line in questions] == [
        "1", "2", "3", "4", "5", "6", "followup"]
    text = markdown.read_text(encoding="utf-8")
    assert all(label in text for label in GROUPS.values())  # each section leads with its question
    document = docx.Document(str(word))
    word_questions = [p.text for p in document.paragraphs
                      if p.style.name.startswith("Heading") and "Discussion question" in p.text]
    assert len(word_questions) == 7
