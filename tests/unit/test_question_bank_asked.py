"""The labelled lines the interviewer learns from (question_bank/asked/): checked rows, and what learning them does."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.interviewer.clarify import ReplyKind, answer_clarification
from question_bank import BankError, QuestionBank
from question_bank.asked import AskedLine, AskedLines, load_asked, read_asked_file

HEADER = "question\tutterance\tlabel\n"


def test_every_shipped_line_names_a_question_and_a_clarification_it_has(bank: QuestionBank) -> None:
    lines = load_asked(bank=bank)
    assert len(lines) >= 2400
    assert {line.question_id for line in lines} == set(bank.ids)
    for line in lines:
        question = bank.get(line.question_id)
        assert question is not None
        assert line.label in {"assume", "design"} or 1 <= int(line.label) <= len(question.clarifications)


def test_a_bad_row_is_reported_with_its_file_and_line(tmp_path: Path, bank: QuestionBank) -> None:
    (tmp_path / "a.tsv").write_text(
        HEADER + "url-shortener\tok line\t1\nno-such-question\thi\t1\nurl-shortener\ttoo high\t99\nbroken row\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as raised:
        load_asked(tmp_path, bank)
    problems = [str(problem) for problem in raised.value.problems]
    assert problems == [
        "a.tsv: line 3: no question 'no-such-question' in the bank",
        "a.tsv: line 4: label '99' is not a clarification of url-shortener",
        "a.tsv: line 5: needs three tab-separated fields",
    ]


def test_a_file_without_the_header_is_refused(tmp_path: Path, bank: QuestionBank) -> None:
    path = tmp_path / "b.tsv"
    path.write_text("url-shortener\thow many links\t1\n", encoding="utf-8")
    lines, problems = read_asked_file(path, bank)
    assert lines == []
    assert [problem.field for problem in problems] == ["header"]


def test_lines_belong_to_the_clarification_they_asked_for_and_nothing_else(bank: QuestionBank) -> None:
    shortener = bank.get("url-shortener")
    assert shortener is not None
    lines = [
        AskedLine("url-shortener", "gizmo tally per moon?", "1", "t.tsv"),
        AskedLine("url-shortener", "anything else?", "assume", "t.tsv"),
    ]
    learned = AskedLines.of(lines, bank).for_question(shortener)
    assert learned[0] == ("gizmo tally per moon?",)
    assert all(not wordings for wordings in learned[1:])
    # A bank edit that rewrites the ask detaches its lines rather than handing them to another clarification.
    edited = shortener.model_copy(
        update={"clarifications": [shortener.clarifications[0].model_copy(update={"ask": "Something new?"})]}
    )
    assert AskedLines.of(lines, bank).for_question(edited) == ((),)


def test_a_learned_line_makes_a_new_wording_answerable(bank: QuestionBank) -> None:
    shortener = bank.get("url-shortener")
    assert shortener is not None
    utterance = "what's the gizmo tally per moon for these things"
    assert answer_clarification(shortener, utterance, AskedLines({})).kind is ReplyKind.ASSUME
    learned = AskedLines.of([AskedLine("url-shortener", "gizmo tally per moon?", "1", "t.tsv")], bank)
    reply = answer_clarification(shortener, utterance, learned)
    assert (reply.kind, reply.index, reply.text) == (ReplyKind.ANSWER, 0, shortener.clarifications[0].answer)
