"""backcoach videos import FILE | search QUERY [--json] [--limit N] [--answers FILE] | recommend --answers FILE
| reindex"""

from __future__ import annotations

import argparse
from typing import Any


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="videos_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    load = actions.add_parser("import", help="import a catalogue: yt-dlp --dump-json lines or CSV; bad lines are "
                              "reported and skipped (exit 2 only when no line could be read)")
    load.add_argument("file", metavar="FILE")
    load.add_argument("--json", action="store_true", help="print the import report as JSON")
    load.set_defaults(handler=run_import)
    find = actions.add_parser("search", help="find the best videos for what you type")
    find.add_argument("query", metavar="QUERY", nargs="+")
    find.add_argument("--limit", type=int, default=10, metavar="N")
    find.add_argument("--answers", metavar="FILE", help="intake answers: leave out videos that contradict your plan")
    find.add_argument("--semantic", action="store_true",
                      help="also match by meaning with sentence embeddings (the embeddings extra; slower to start)")
    find.add_argument("--json", action="store_true")
    find.set_defaults(handler=run_search)
    advise = actions.add_parser("recommend", help="the best videos for each exercise of your plan")
    advise.add_argument("--answers", required=True, metavar="FILE|-")
    advise.add_argument("--json", action="store_true")
    advise.set_defaults(handler=run_recommend)
    again = actions.add_parser("reindex", help="rebuild the search index from the database")
    again.set_defaults(handler=run_reindex)


def run_import(args: argparse.Namespace) -> int:
    """Every good line is imported and every bad one reported (line number and why) and skipped: exit 0 when
    at least one video was read, 2 (bad input) when none could be."""
    import sys

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from backcoach.cli.local import application
    from backcoach.services.videos import read_catalog_file

    text = read_catalog_file(args.file)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True, disable=args.json) as bar:
        task = bar.add_task("Reading", total=None)
        report = application().videos.import_text(
            text, args.file, lambda phase, done, total: bar.update(task, description=phase, completed=done,
                                                                  total=total))
    for problem in report["bad_lines"]:
        print(f"backcoach: skipped {args.file}: {problem}", file=sys.stderr)
    if args.json:
        from backcoach.cli.io import print_json

        print_json(report)
    else:
        print(f"Imported {report['read']} videos from {args.file}: {report['inserted']} new, {report['updated']} "
              f"updated, {report['unchanged']} unchanged, {len(report['bad_lines'])} bad lines skipped. "
              f"The catalogue holds {report['total']} videos.")
    if report["read"] == 0:
        from backcoach.errors import InvalidInput

        raise InvalidInput("FILE", f"no video could be read from {args.file} ({len(report['bad_lines'])} bad lines)")
    return 0


EMPTY_CATALOGUE = ("The video catalogue is empty: import one with `backcoach videos import FILE` "
                   "(`make run` starts the web app with a small sample catalogue).")


def run_search(args: argparse.Namespace) -> int:
    from backcoach.cli.local import application

    plan = _plan(args.answers) if args.answers else None
    catalogue = application().videos
    results = catalogue.search(" ".join(args.query), args.limit, plan, semantic=args.semantic)
    if args.json:
        from backcoach.cli.io import print_json

        print_json(results)
        return 0
    from backcoach.cli.render import make_console
    from backcoach.cli.render_videos import render_results

    console = make_console()
    if not results and catalogue.size() == 0:
        console.print(EMPTY_CATALOGUE)
        return 0
    render_results(results, console)
    return 0


def run_recommend(args: argparse.Namespace) -> int:
    from backcoach.cli.local import application

    plan = _plan(args.answers)
    catalogue = application().videos
    found = catalogue.recommend(plan)
    if args.json:
        from backcoach.cli.io import print_json

        print_json({"triage": plan["triage"]["level"], "recommendations": found})
        return 0
    from backcoach.cli.render import make_console
    from backcoach.cli.render_videos import render_recommendations

    console = make_console()
    render_recommendations(plan, found, console)
    if catalogue.size() == 0:
        console.print(EMPTY_CATALOGUE)
    return 0


def run_reindex(args: argparse.Namespace) -> int:
    from backcoach.cli.local import application

    index = application().videos.rebuild_index()
    print(f"Search index rebuilt: {len(index)} videos.")
    return 0


def _plan(answers: str) -> dict[str, Any]:
    from backcoach.cli.io import read_text_argument
    from backcoach.services.planning import build_plan, parse_json

    return build_plan(parse_json(read_text_argument(answers, "--answers"), "--answers"))
