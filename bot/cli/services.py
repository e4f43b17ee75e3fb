"""The commands that run something bigger: ``eval`` and the Slack bot (serve, socket)."""

from __future__ import annotations

import argparse
import logging
import os
from typing import IO

from bot.cli.render import write_json
from bot.jobs.process import one_blas_thread

EXIT_OK = 0


def evaluate(args: argparse.Namespace, out: IO[str]) -> int:
    if args.what == "summaries":
        from bot.evaluation.summaries import (
            evaluate_summaries,
            format_summary_report,
            pool_reports,
            report_to_dict,
        )

        algorithms = tuple(args.algorithm or ("lead", "default"))
        reports = [
            evaluate_summaries(file, algorithms=algorithms, sentences=args.sentences,
                               limit=args.limit, half=args.half)
            for file in args.file
        ]
        if len(reports) > 1:
            reports.append(pool_reports(reports))
        if args.json:
            write_json(out, report_to_dict(reports[0]) if len(reports) == 1 else [report_to_dict(r) for r in reports])
        else:
            out.write("\n\n".join(format_summary_report(r) for r in reports) + "\n")
        return EXIT_OK
    from bot.evaluation.answers import evaluate_answers, format_answer_report
    from bot.evaluation.answers import report_to_dict as answers_to_dict

    areport = evaluate_answers(args.file, limit=args.limit, sentence_model=args.sentence_model)
    if args.json:
        write_json(out, answers_to_dict(areport))
    else:
        out.write(format_answer_report(areport) + "\n")
    return EXIT_OK


def run_slack(command: str) -> int:
    from bot.settings import Settings

    settings = Settings.from_env()
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s",
    )
    if command == "serve":
        from bot.slack.serve import run_server

        return run_server(settings)
    # Socket Mode runs the jobs in this process: give it the job process's BLAS default
    # now, before numpy loads (OpenBLAS reads it once, when it starts)
    os.environ.update(one_blas_thread(dict(os.environ)))
    from bot.slack.socket_mode import run_socket

    return run_socket(settings)
