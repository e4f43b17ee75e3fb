"""The command line as a person uses it: real processes, real files, stdin and stdout."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main

NATO = Path(__file__).parent / "fixtures" / "nato_offensive.txt"


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """The real console entry point, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin.decode(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def call(capsys, monkeypatch, *args: str, stdin: bytes = b""):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_summarize_example_prints_title_and_bullets():
    result = run("summarize", str(NATO), "--sentences", "3")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == "NATO Musters More Arms for Ukraine, Says New Russian Offensive Has Started"
    bullets = [line for line in lines if line.startswith("- ")]
    assert len(bullets) == 3
    assert "Reuters" not in result.stdout.replace("Reuters contributed", "")


def test_summarize_json_has_summary_and_positions(capsys, monkeypatch):
    code, out, _ = call(capsys, monkeypatch, "summarize", str(NATO), "--json", "-n", "4")
    assert code == 0
    data = json.loads(out)
    assert data["title"].startswith("NATO Musters")
    assert data["language"] == "english"
    assert len(data["summary"]) == 4
    positions = [(s["paragraph"], s["position"]) for s in data["sentences"]]
    assert positions == sorted(positions), "summary sentences come in document order"


def test_summarize_ratio_and_algorithm(capsys, monkeypatch):
    code, out, _ = call(capsys, monkeypatch, "summarize", str(NATO), "--ratio", "0.1",
                        "--algorithm", "lexrank", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["algorithm"] == "lexrank"
    assert 1 <= len(data["summary"]) <= 10


def test_summarize_from_stdin(capsys, monkeypatch):
    text = NATO.read_bytes()
    code, out, _ = call(capsys, monkeypatch, "summarize", "-", "--json", stdin=text)
    assert code == 0
    assert json.loads(out)["title"].startswith("NATO Musters")


def test_ask_austin(capsys, monkeypatch):
    code, out, _ = call(capsys, monkeypatch, "ask", str(NATO), "What did Austin say?", "--json")
    assert code == 0
    answers = json.loads(out)["answers"]
    assert answers, "Austin is quoted in the article"
    assert "Austin" in answers[0]["paragraph"]
    assert answers[0]["sentence"] in answers[0]["paragraph"]
    assert any("Austin told reporters" in a["paragraph"] for a in answers)


def test_ask_without_answer_says_so(capsys, monkeypatch):
    code, out, _ = call(capsys, monkeypatch, "ask", str(NATO), "What is the boiling point of mercury?")
    assert code == 0
    assert out.strip() == "I couldn't find that in the article."


def test_extract_json(capsys, monkeypatch):
    code, out, _ = call(capsys, monkeypatch, "extract", str(NATO), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"title", "paragraphs", "language"}
    assert data["paragraphs"][0].startswith("NATO’s top official on Tuesday urged allies")
    assert not any(p in {"twitter", "Related Topics", "Updated:", "0:00"} for p in data["paragraphs"])


def test_chat_prints_summary_then_answers_each_question():
    result = run("chat", str(NATO), stdin=b"What did Austin say?\nWhat is the boiling point of mercury?\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("NATO Musters") < out.index("> What did Austin say?")
    after_austin = out.split("> What did Austin say?")[1].split("> What is the boiling")[0]
    assert "Austin" in after_austin
    assert out.rstrip().endswith("I couldn't find that in the article.")


def test_summarize_jsonl_keeps_order_and_reports_bad_lines(capsys, monkeypatch):
    text = "\n\n".join(
        [
            "The council approved the new budget on Monday. It raises school funding by ten percent.",
            "Critics said the plan ignores roads. The mayor disagreed and defended the choice.",
            "The budget takes effect in July. A review is planned for next spring.",
        ]
    )
    lines = [
        json.dumps({"id": "a", "text": text, "sentences": 2}),
        "{not json",
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"id": "d", "text": text}),
    ]
    code, out, _ = call(capsys, monkeypatch, "summarize", "--jsonl", stdin="\n".join(lines).encode())
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "c", "d"]
    assert len(rows[0]["summary"]) == 2
    assert "error" in rows[1] and "error" in rows[2]
    assert rows[3]["summary"]


def test_ask_jsonl_returns_verbatim_paragraphs(capsys, monkeypatch):
    paragraphs = [
        "The river flooded the old town after three days of rain.",
        "Mayor Ana Ruiz said the city would open two shelters. \"Nobody will sleep outside,\" Ruiz told reporters.",
        "The football club postponed its weekend match.",
    ]
    lines = [
        json.dumps({"id": 1, "text": "\n\n".join(paragraphs), "question": "What did Ruiz say?", "top": 1}),
        json.dumps({"id": 2, "text": "\n\n".join(paragraphs), "question": "Who won the chess olympiad?"}),
        json.dumps({"id": 3, "text": "x"}),
    ]
    code, out, _ = call(capsys, monkeypatch, "ask", "--jsonl", stdin="\n".join(lines).encode())
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["id"] == 1
    assert [a["paragraph"] for a in rows[0]["answers"]] == [paragraphs[1]]
    assert set(rows[0]["answers"][0]) == {"paragraph", "sentence", "score"}
    # no answer, and why: the same fields as ask --json
    assert rows[1]["answers"] == [] and rows[1]["reply"] == "not_found"
    assert rows[1]["reason"] == "low-evidence"
    assert rows[0]["reply"] == "answered" and rows[0]["reason"] == ""
    assert rows[2]["id"] == 3 and "question" in rows[2]["error"]


def test_every_door_gives_the_same_summary(capsys, monkeypatch):
    # batch mode used to skip cleaning: captions, bylines and "Share" lines of a
    # copied web page became summary sentences there and nowhere else
    text = NATO.read_text(encoding="utf-8")
    summaries = []
    for args, stdin in (
        (["summarize", str(NATO), "--json"], b""),
        (["summarize", "-", "--json"], text.encode()),
        (["summarize", "--jsonl"], (json.dumps({"id": "n", "text": text}) + "\n").encode()),
    ):
        code, out, _ = call(capsys, monkeypatch, *args, stdin=stdin)
        assert code == 0
        summaries.append(json.loads(out)["summary"])
    assert summaries[0] == summaries[1] == summaries[2]
    assert not any("Reuters" in s or "Updated:" in s for s in summaries[2])


def test_ask_jsonl_answers_are_the_callers_paragraphs_after_cleaning(capsys, monkeypatch):
    paragraphs = [
        "By Jane Doe",
        "Share this article",
        "The river flooded the old town after three days of rain, and the water rose quickly.",
        "Mayor Ana Ruiz said the city would open two shelters.\n\"Nobody will sleep outside,\" Ruiz told  reporters.",
        "Follow us on Twitter",
    ]
    line = json.dumps({"id": 1, "text": "\n\n".join(paragraphs), "question": "What did Ruiz say?", "top": 3})
    code, out, _ = call(capsys, monkeypatch, "ask", "--jsonl", stdin=line.encode())
    assert code == 0
    answers = json.loads(out)["answers"]
    assert answers and answers[0]["paragraph"] == paragraphs[3]  # verbatim: line break, two spaces
    assert all(a["paragraph"] in paragraphs[2:4] for a in answers)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summarize", "/no/such/file.txt"], "no such file"),
        (["summarize", "__FIXTURE__/image.png"], "png image"),
        (["summarize", "__FIXTURE__/empty.txt"], "empty"),
        (["summarize", "__FIXTURE__/scan.pdf"], "text layer"),
        (["summarize", "http://127.0.0.1:9/article"], "127.0.0.1"),
        (["summarize", "--sentences", "3", "--ratio", "0.5", "x.txt"], "not allowed with"),
        (["ask", "__FIXTURE__/empty.txt"], "QUESTION"),
        (["summarize", "."], ". is not a file"),
        (["summarize", "ftp://example.com/a.txt"], "only http and https"),
        (["summarize", "--sentences", "x", "a.txt"], "summarize: argument --sentences/-n: invalid int"),
        (["summarize", "--jsonl", "a.txt"], "summarize --jsonl reads JSON lines on standard input"),
        (["ask", "--jsonl", "--language", "xx"], "unsupported language 'xx'"),
        (["ask", "--top", "0", "a.txt", "why?"], "--top must be at least 1"),
    ],
)
def test_bad_input_gives_one_line_and_nonzero_exit(tmp_path, args, message):
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (tmp_path / "empty.txt").write_bytes(b"")
    _blank_pdf(tmp_path / "scan.pdf")
    args = [a.replace("__FIXTURE__", str(tmp_path)) for a in args]
    result = run(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    err_lines = result.stderr.strip().splitlines()
    assert len(err_lines) == 1, result.stderr
    assert message.lower() in err_lines[0].lower()
    # one style: a single prefix, never "summarybot: error: summarybot summarize: ..."
    assert err_lines[0].startswith("summarybot: error: ")
    assert not err_lines[0].startswith("summarybot: error: summarybot")
    assert not err_lines[0].endswith(".")
    assert result.stdout == ""


def test_every_option_has_help_and_every_command_examples():
    from bot.cli.parser import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse's own
    for name, command in commands.items():
        assert command.epilog and "examples:" in command.epilog, name
        for action in command._actions:  # noqa: SLF001
            if action.dest not in {"help", "what"}:
                assert action.help, f"{name} {action.dest} has no help text"


def test_chat_leaves_on_quit_and_wraps_to_the_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = call(
        capsys, monkeypatch, "chat", str(NATO), stdin=b"What did Austin say?\nquit\nWho is Putin?\n"
    )
    assert code == 0
    assert "> What did Austin say?" in out
    assert "Who is Putin" not in out  # nothing is asked after quit
    assert "> quit" not in out
    assert max(len(line) for line in out.splitlines()) <= 60


def test_cli_defaults_are_the_settings(capsys, monkeypatch):
    monkeypatch.setenv("SUMMARYBOT_TOP_ANSWERS", "1")
    monkeypatch.setenv("SUMMARYBOT_SENTENCES", "2")
    code, out, _ = call(capsys, monkeypatch, "ask", str(NATO), "What did Austin say?", "--json")
    assert code == 0 and len(json.loads(out)["answers"]) == 1
    code, out, _ = call(capsys, monkeypatch, "summarize", str(NATO), "--json")
    assert code == 0 and len(json.loads(out)["summary"]) == 2


def _blank_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(50, 50, 100, 100)  # a drawing, no text: like a scan without OCR
    c.showPage()
    c.save()


def test_eval_answers_with_and_without_the_sentence_model(capsys, monkeypatch, shared_data):
    questions = str(shared_data / "qa" / "squad_dev_even_questions.jsonl")
    reports = {}
    for flags in ((), ("--no-sentence-model",)):
        code, out, err = call(capsys, monkeypatch, "eval", "answers", questions, "--limit", "60", "--json", *flags)
        assert code == 0, err
        reports[flags] = json.loads(out)
    assert {r["n"] for r in reports.values()} == {60}
    # the sentence model helps tell another article's questions apart (both decline all 60 here)
    assert reports[()]["abstained"] >= reports[("--no-sentence-model",)]["abstained"]


def test_extract_shows_headings_where_they_stand(capsys, monkeypatch, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Tide tables</title></head><body><article><h1>Tide tables</h1>"
        "<p>The harbour keeps a tide table for every day of the year, printed each spring.</p>"
        "<h2>How to read one</h2>"
        "<p>High water is listed first, then low water, each with its height in metres.</p>"
        "</article></body></html>"
    )
    code, out, _ = call(capsys, monkeypatch, "extract", str(page))
    assert code == 0
    assert out.split("\n\n") == [
        "Tide tables",
        "The harbour keeps a tide table for every day of the year, printed each spring.",
        "How to read one",
        "High water is listed first, then low water, each with its height in metres.\n",
    ]
    code, out, _ = call(capsys, monkeypatch, "extract", str(page), "--json")
    data = json.loads(out)
    assert data["headings"] == ["How to read one"]
    assert len(data["paragraphs"]) == 2  # headings stay out of what summaries quote
    assert data["text"].split("\n\n")[1] == "How to read one"


def test_a_question_about_the_whole_article_is_answered_with_its_summary(capsys, monkeypatch):
    code, out, _ = call(capsys, monkeypatch, "ask", str(NATO), "what's this about?")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "In short, the article says:"
    assert lines[1].startswith("• NATO’s top official on Tuesday urged allies")
    code, out, _ = call(capsys, monkeypatch, "ask", str(NATO), "tl;dr", "--json")
    data = json.loads(out)
    assert (data["reply"], data["answers"]) == ("gist", [])
    assert len(data["summary"]) == 5  # SUMMARYBOT_SENTENCES
    line = json.dumps({"id": 7, "text": NATO.read_text(encoding="utf-8"), "question": "what's the gist?"})
    code, out, _ = call(capsys, monkeypatch, "ask", "--jsonl", stdin=line.encode())
    batch = json.loads(out)
    assert (batch["id"], batch["reply"], batch["summary"]) == (7, "gist", data["summary"])

