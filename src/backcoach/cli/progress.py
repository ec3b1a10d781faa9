"""backcoach progress [--json] [--png FILE]: pain and function over time, and the program's level."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the progress as JSON")
    parser.add_argument("--png", metavar="FILE", help="also draw the chart into a PNG file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from backcoach.cli.local import local

    progress = local().programs.progress()
    if args.png:
        from backcoach.cli.chart import write_png

        write_png(progress, args.png)
    if args.json:
        from backcoach.cli.io import print_json

        print_json(progress)
        return 0
    from backcoach.cli.render import make_console
    from backcoach.cli.render_progress import render_progress

    console = make_console()
    render_progress(progress, console)
    if args.png:
        console.print(f"Chart written to {args.png}", style="dim")
    return 0
