from __future__ import annotations

import json

import pytest

from bot.errors import InputError, SourceNotFound, UsageError
from bot.evaluation.answers import evaluate_answers, format_answer_report, report_to_dict


def test_small_slice_reports_all_figures(shared_data) -> None:
    report = evaluate_answers(shared_data / "qa" / "squad_dev_even_questions.jsonl", limit=120)
    assert report.n == 120
    assert report.articles == 1
    # measured 0.542 / 0.908 on this slice of the hardest article (Super Bowl 50)
    assert 0.45 < report.top1 <= report.top3 <= 1.0
    assert report.top1 >= report.plain_bm25_top1
    assert report.lenient_top1 >= report.top1
    assert 0.0 <= report.answered <= 1.0 and 0.0 <= report.abstained <= 1.0
    # measured 0.89: the quoted sentence usually holds the answer text
    assert 0.6 < report.quoted <= 1.0
    text = format_answer_report(report)
    assert "rank-bm25" in text and "top-1" in text
    assert report_to_dict(report)["n"] == 120


def test_articles_file_finds_its_questions(shared_data) -> None:
    # the lexical ranking is enough to check that the questions are found (and faster)
    report = evaluate_answers(
        shared_data / "qa" / "squad_dev_even_articles.jsonl", limit=10, sentence_model=False
    )
    assert report.n == 10


def test_missing_and_malformed_files(tmp_path) -> None:
    with pytest.raises(SourceNotFound):
        evaluate_answers(tmp_path / "nope.jsonl")
    bad = tmp_path / "squad_dev_even_questions.jsonl"
    bad.write_text("{not json\n")
    (tmp_path / "squad_dev_even_articles.jsonl").write_text(json.dumps({"x": 1}) + "\n")
    with pytest.raises(InputError):
        evaluate_answers(bad)


def test_wrong_fields_are_an_input_error(tmp_path) -> None:
    q = tmp_path / "squad_dev_even_questions.jsonl"
    q.write_text(json.dumps({"question": "why?"}) + "\n")
    (tmp_path / "squad_dev_even_articles.jsonl").write_text(
        json.dumps({"article_idx": 0, "paragraphs": ["a b"]}) + "\n"
    )
    with pytest.raises(InputError):
        evaluate_answers(q)


def test_bad_limit() -> None:
    with pytest.raises(UsageError):
        evaluate_answers("whatever.jsonl", limit=0)


def test_reader_questions_report_ranking_decisions_and_the_curve(shared_data) -> None:
    from bot.evaluation.answers import ReaderReport

    report = evaluate_answers(shared_data / "qa" / "realpage_dev.jsonl", limit=2)
    assert isinstance(report, ReaderReport)
    assert report.pages == 2 and report.answerable == 10 and report.unanswerable == 4
    assert 0.0 <= report.top1 <= report.top3 <= 1.0
    assert report.answered_correct <= report.answered
    # a higher threshold answers less and declines more
    answered = [p.answered for p in report.curve]
    declined = [p.declined for p in report.curve]
    assert answered == sorted(answered, reverse=True)
    assert declined == sorted(declined)
    text = format_answer_report(report)
    assert "abstention curve" in text and "rank-bm25" in text
    assert report_to_dict(report)["answerable"] == 10


def test_reader_file_with_wrong_fields(tmp_path) -> None:
    bad = tmp_path / "pages.jsonl"
    bad.write_text(json.dumps({"paragraphs": ["a b c"], "questions": [{"gold": 0}]}) + "\n")
    with pytest.raises(InputError):
        evaluate_answers(bad)
