"""The ROUGE evaluation: format detection, row handling, scoring and reports."""

from __future__ import annotations

import json

import pytest

from bot.errors import InputError, SourceNotFound, UsageError
from bot.evaluation.summaries import (
    default_sentences,
    detect_format,
    detokenize,
    evaluate_summaries,
    format_summary_report,
    pool_reports,
    read_examples,
    report_to_dict,
    rouge,
    select_half,
)

SETS = {
    "bbc": "bbc_news_summary.jsonl",
    "summeval": "cnndm_summeval100.jsonl",
    "realsumm": "cnndm_realsumm100.jsonl",
    "gum": "gum_dev.jsonl",
}


@pytest.mark.parametrize(("fmt", "name"), SETS.items())
def test_each_shared_set_is_recognised_and_scored(shared_data, fmt, name):
    report = evaluate_summaries(shared_data / "summarization" / name, limit=4)
    assert report.format == fmt
    assert [s.algorithm for s in report.scores] == ["lead", "default"]
    for s in report.scores:
        assert s.n == 4
        assert 5 < s.rouge2 < s.rouge1 < 100
        assert 5 < s.rougeL <= 100


def test_the_report_table_shows_lead_side_by_side_with_deltas(shared_data):
    report = evaluate_summaries(shared_data / "summarization" / SETS["realsumm"],
                                algorithms=("lead", "default", "luhn"), limit=3)
    table = format_summary_report(report)
    lines = table.splitlines()
    assert "R-1" in lines[1] and "R-2" in lines[1] and "R-L" in lines[1] and "dR-1" in lines[1]
    assert lines[2].startswith("lead") and "+0.00" in lines[2]
    luhn = report.score("luhn")
    lead = report.score("lead")
    assert f"{luhn.rouge1 - lead.rouge1:+.2f}" in lines[4]
    data = report_to_dict(report)
    assert json.loads(json.dumps(data)) == data
    assert data["scores"][2]["delta_vs_lead"]["rouge1"] == pytest.approx(luhn.rouge1 - lead.rouge1, abs=1e-3)


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


BBC_ROW = {
    "id": "x/001", "title": "Ferries cancelled as storm hits coast",
    "paragraphs": ["Ferries between the islands were cancelled on Monday as a storm hit the coast.",
                   "Winds of up to 90 miles an hour were recorded at the harbour. Power was cut to "
                   "thousands of homes along the coast overnight.",
                   "The ferry company said services would resume once the storm had passed."],
    "summary_sentences": ["Ferries between the islands were cancelled on Monday as a storm hit the coast.",
                          "Winds of up to 90 miles an hour were recorded at the harbour."],
    "summary_split_verified": True,
}


def test_bbc_rows_unverified_and_duplicate_are_skipped(tmp_path):
    unverified = {**BBC_ROW, "summary_split_verified": False, "paragraphs": ["Other text here."]}
    path = _write(tmp_path / "bbc.jsonl", [BBC_ROW, BBC_ROW, unverified])
    fmt, examples, skipped = read_examples(path)
    assert (fmt, len(examples), skipped) == ("bbc", 1, 2)
    assert examples[0].document.title == BBC_ROW["title"]
    report = evaluate_summaries(path, algorithms=("lead",), sentences=2)
    # Lead-2 is exactly the reference here
    assert report.score("lead").rouge1 == pytest.approx(100.0)
    assert "2 rows skipped" in format_summary_report(report)


def test_cnn_rows_are_detokenized_and_fall_back_to_ptb_references(tmp_path):
    row = {"id": "a", "article_tok": "The mayor said it 's time to act . Critics do n't agree .",
           "highlights": None, "reference_ptb": "Mayor says it 's time . Critics disagree ."}
    path = _write(tmp_path / "se.jsonl", [row])
    fmt, examples, _ = read_examples(path)
    assert fmt == "summeval"
    assert [s.text for s in examples[0].document.sentences] == [
        "The mayor said it's time to act.", "Critics don't agree."]
    assert examples[0].references == ("Mayor says it 's time .", "Critics disagree .")


def test_detect_format_and_detokenize():
    assert detect_format({"article_tok_lower": "a", "highlights": []}) == "realsumm"
    assert detect_format({"article_tok": "a", "highlights": []}) == "summeval"
    assert detect_format(BBC_ROW) == "bbc"
    with pytest.raises(InputError):
        detect_format({"text": "a"})
    assert detokenize("' Hi , ' he said ( quietly ) . It 's $ 5 - 6 .") == "' Hi,' he said (quietly). It's $5-6."


def test_rouge_is_one_for_identical_text_and_lower_otherwise():
    assert rouge(["A cat sat on the mat."], ["A cat sat on the mat."])["rouge2"] == pytest.approx(1.0)
    partial = rouge(["A cat sat on the mat."], ["A dog sat on a rug."])
    assert 0 < partial["rouge1"] < 1


def test_bad_input_is_refused(tmp_path):
    with pytest.raises(SourceNotFound):
        evaluate_summaries(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match="not a summarization set"):
        evaluate_summaries(_write(tmp_path / "other.jsonl", [{"question": "why"}]))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        evaluate_summaries(bad)
    good = _write(tmp_path / "bbc.jsonl", [BBC_ROW])
    with pytest.raises(UsageError, match="bert"):
        evaluate_summaries(good, algorithms=("lead", "bert"))
    with pytest.raises(UsageError):
        evaluate_summaries(good, sentences=0)
    with pytest.raises(UsageError):
        evaluate_summaries(good, limit=0)


GUM_ROWS = [
    {"doc": "GUM_news_ferry", "genre": "news",
     "paragraphs": [["Storm cancels island ferries"],
                    ["Ferries between the islands were cancelled on Monday as a storm hit the coast.",
                     "Winds of up to 90 miles an hour were recorded at the harbour."],
                    ["The ferry company said services would resume once the storm had passed."]],
     "summaries": ["A storm with 90 mph winds cancelled ferries between the islands on Monday.",
                   "Ferries were cancelled."]},
    {"doc": "GUM_whow_basil", "genre": "whow",
     "paragraphs": [["How to Grow Basil"],
                    ["Basil is easy to grow.", "Plant the seeds in spring in a sunny spot.",
                     "Water the basil every morning and pick the leaves often."]],
     "summaries": ["This guide explains how to grow basil by planting seeds in spring and watering daily."]},
    {"doc": "GUM_news_vote", "genre": "news",
     "paragraphs": [["Council approves library budget."], ["The vote was seven to two.", "Critics wanted roads."]],
     "summaries": ["The council approved a library budget by seven votes to two."]},
]


def test_gum_rows_keep_their_sentences_and_take_a_heading_as_title(tmp_path):
    path = _write(tmp_path / "gum.jsonl", GUM_ROWS)
    fmt, examples, skipped = read_examples(path)
    assert (fmt, len(examples), skipped) == ("gum", 3, 0)
    assert default_sentences(fmt) == 2 and default_sentences("realsumm") == 3
    first = examples[0]
    assert first.document.title == "Storm cancels island ferries"
    assert first.genre == "news" and first.alternatives
    assert [s.text for s in first.document.sentences][1:3] == GUM_ROWS[0]["paragraphs"][1]
    # a first paragraph that reads as a sentence is text, not a title
    assert examples[2].document.title == ""


def test_gum_is_scored_against_the_best_reference_and_broken_down_by_genre(tmp_path):
    path = _write(tmp_path / "gum.jsonl", GUM_ROWS)
    report = evaluate_summaries(path, algorithms=("lead", "default"))
    assert report.sentences == 2
    lead = report.score("lead")
    assert [g.genre for g in lead.genres] == ["news", "whow"]
    assert [g.n for g in lead.genres] == [2, 1]
    assert lead.rouge1 == pytest.approx(sum(g.rouge1 * g.n for g in lead.genres) / 3)
    table = format_summary_report(report)
    assert "by genre" in table and "whow" in table
    assert report_to_dict(report)["scores"][0]["genres"]["news"]["n"] == 2
    # the best of several references counts, not their concatenation
    best = rouge(["Totally unrelated words here.", "Ferries were cancelled."], ["Ferries were cancelled."],
                 alternatives=True)
    assert best["rouge1"] == pytest.approx(1.0)


def test_halves_alternate_within_each_genre(tmp_path):
    path = _write(tmp_path / "gum.jsonl", GUM_ROWS)
    _, examples, _ = read_examples(path)
    one, two = select_half(examples, 1), select_half(examples, 2)
    assert [e.document.source for e in one] == ["GUM_news_ferry", "GUM_whow_basil"]
    assert [e.document.source for e in two] == ["GUM_news_vote"]
    assert evaluate_summaries(path, algorithms=("lead",), half=2).score("lead").n == 1
    with pytest.raises(UsageError):
        evaluate_summaries(path, half=3)


def test_several_files_are_scored_each_and_pooled_by_document(tmp_path, capsys):
    from bot.cli.main import main

    one = _write(tmp_path / "one.jsonl", GUM_ROWS[:2])
    two = _write(tmp_path / "two.jsonl", GUM_ROWS[2:])
    assert main(["eval", "summaries", str(one), str(two), "-a", "lead", "--json"]) == 0
    each_one, each_two, pooled = json.loads(capsys.readouterr().out)
    assert [r["scores"][0]["n"] for r in (each_one, each_two, pooled)] == [2, 1, 3]
    lead = {r["path"]: r["scores"][0]["rouge1"] for r in (each_one, each_two, pooled)}
    assert lead[pooled["path"]] == pytest.approx((2 * lead[each_one["path"]] + lead[each_two["path"]]) / 3)
    assert pooled["format"] == "pooled" and pooled["path"] == "one.jsonl + two.jsonl"
    # the whole set scored at once gives the same means
    whole = evaluate_summaries(_write(tmp_path / "all.jsonl", GUM_ROWS), algorithms=("lead",))
    assert whole.score("lead").rouge1 == pytest.approx(lead[pooled["path"]])
    assert main(["eval", "summaries", str(one), str(two), "-a", "lead"]) == 0
    assert "one.jsonl + two.jsonl (pooled)" in capsys.readouterr().out
    with pytest.raises(UsageError):
        pool_reports([])
