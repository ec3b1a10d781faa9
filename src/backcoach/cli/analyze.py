"""backcoach analyze VIDEO_FILE --exercise ID [--json]: the camera form check on a recorded video."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("video", metavar="VIDEO_FILE", help="a video file of the exercise (the camera extra reads it)")
    parser.add_argument("--exercise", required=True, metavar="ID", help="the exercise in the video (an id of "
                        "`backcoach exercises`)")
    parser.add_argument("--json", action="store_true", help="print the form summary as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from backcoach.services.analysis import analyze_video

    console = Console(stderr=True)
    with Progress(TextColumn("Checking form"), BarColumn(), MofNCompleteColumn(), TextColumn("frames"),
                  TimeRemainingColumn(), console=console, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("frames", total=None)
        summary = analyze_video(args.video, args.exercise,
                                lambda done, total: bar.update(task, completed=done, total=total))
    if args.json:
        from backcoach.cli.io import print_json

        print_json(summary)
        return 0
    sys.stdout.write(describe(summary, args.video))  # plain text: a path or a cue is never read as markup
    return 0


def describe(summary: Mapping[str, Any], video: str) -> str:
    """The summary in words: what was seen, what was counted, and what to fix with its time in the video."""
    camera = summary["camera"]
    fps = f" at {summary['fps']:g} frames a second" if summary["fps"] else ""
    lines = [f"Form check of {summary['exercise_id']} in {video}: {summary['frames']} frames{fps}.",
             f"Camera: {camera['view']} view, {camera['quality']} (form judged in {summary['frames_judged']} of "
             f"{summary['frames']} frames)."]
    if summary["counted_by"] == "reps":
        lines.append(f"Repetitions with good form: {summary['reps']}.")
    lines.append(f"Time held with good form: {summary['valid_hold_seconds']:g} s.")
    if summary["findings"]:
        lines.append("What to fix:")
        lines += [f"  {_clock(f['t'])}  {f['message']}" for f in summary["findings"]]
    else:
        lines.append("Nothing to fix: the form was right whenever the camera could judge it.")
    return "\n".join(lines) + "\n"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"
