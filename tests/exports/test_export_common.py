"""The export tests' shared wave (:mod:`support.exports`): hostile comments arrive as text, the
summary holds the six questions in order."""
from __future__ import annotations

from support.exports import INJECTIONS, exported_wave


def test_injected_comments_arrive_as_text(tmp_path):
    wave = exported_wave(tmp_path)
    values = set(wave.data.answers["value"])
    missing = [text for text in INJECTIONS.values() if text not in values]
    assert not missing, f"the importer did not keep these comments verbatim: {missing}"


def test_summary_has_the_six_questions_in_order(tmp_path):
    wave = exported_wave(tmp_path)
    questions = list(dict.fromkeys(i["question"] for i in wave.summary.to_dict()["items"]))
    assert questions == ["q1", "q2", "q3", "q4", "q5", "q6"]
