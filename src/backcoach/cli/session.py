"""backcoach session replay --plan FILE --events FILE --json | session run [--plan FILE] [--voice]"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from backcoach.bootstrap import Person
    from backcoach.services.sessions import RecordedSession

MAX_SPEED = 200.0


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="session_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    replay = actions.add_parser("replay", help="run the session engine on a script of timed events")
    replay.add_argument("--plan", required=True, metavar="FILE", help="a plan (plan.schema.json), - for stdin")
    replay.add_argument("--events", required=True, metavar="FILE", help="JSON lines of session events")
    replay.add_argument("--json", action="store_true", help="print the timeline as JSON (the default)")
    replay.set_defaults(handler=run_replay)
    live = actions.add_parser("run", help="today's program, guided live in the terminal")
    live.add_argument("--plan", metavar="FILE", help="practise this plan (kept as your current program)")
    live.add_argument("--voice", action="store_true", help="speak the cues offline with espeak-ng")
    live.add_argument("--resume", action="store_true", help="resume an interrupted session without asking")
    live.add_argument("--new", action="store_true", help="start afresh even if a session was interrupted")
    live.add_argument("--auto", action="store_true", help="hands-free demo: no keys; check-ins answer 'no pain'")
    live.add_argument("--speed", type=float, default=1.0, metavar="N", help="run the clock N times faster")
    live.set_defaults(handler=run_live)


def run_replay(args: argparse.Namespace) -> int:
    from backcoach.cli.io import print_json, read_text_argument
    from backcoach.errors import InvalidInput
    from backcoach.services.planning import parse_json
    from backcoach.services.session_replay import parse_events, replay

    if args.plan == "-" and args.events == "-":
        raise InvalidInput("--events", "only one of --plan and --events can read standard input")
    plan = parse_json(read_text_argument(args.plan, "--plan"), "--plan")
    events = parse_events(read_text_argument(args.events, "--events").splitlines(), "--events")
    print_json(replay(plan, events, argument="--plan"))
    return 0


def run_live(args: argparse.Namespace) -> int:
    from rich.console import Console

    from backcoach.cli.live import LiveDriver, LiveRunner
    from backcoach.cli.local import local
    from backcoach.errors import InvalidInput

    if not 0 < args.speed <= MAX_SPEED:
        raise InvalidInput("--speed", f"must be more than 0 and at most {MAX_SPEED:g}")
    if args.resume and args.new:
        raise InvalidInput("--new", "cannot be used together with --resume")
    console = Console(highlight=False)
    person = local()
    recorded, resuming = _session_to_run(args, person, console)
    driver = LiveDriver(person.sessions, recorded)
    voice = _voice() if args.voice else None
    if voice is not None and voice.notice:
        console.print(f"[yellow]{voice.notice}[/yellow]")
    baseline_leg = (_plan_of(person, recorded).get("baseline") or {}).get("leg_symptoms")
    runner = LiveRunner(driver, console, speed=args.speed, auto=args.auto,
                        say=voice.say if voice else None, baseline_leg=baseline_leg)
    try:
        runner.run(start=not resuming)
    except KeyboardInterrupt:
        console.print("\nSession interrupted. Run [bold]backcoach session run[/bold] to carry on where you were.")
        return 130
    finally:
        if voice is not None:
            voice.close()
    names = {step.exercise_id: step.name for step in recorded.state.steps}
    _finish(driver.summary(), recorded.review, runner.stop_advice, names, console)
    if recorded.state.status == "completed":
        from backcoach.cli.render_progress import render_lesson

        render_lesson(person.programs.lesson(), console)
    return 0


def _session_to_run(args: argparse.Namespace, person: Person, console: Console) -> tuple[RecordedSession, bool]:
    interrupted = None if args.new else person.sessions.resumable()
    if interrupted is not None:
        if args.resume or _offer_resume(interrupted, console):
            console.print(f"Resuming your interrupted session at {describe_position(interrupted)}.")
            return interrupted, True
        person.sessions.abandon(interrupted)
    program_id = _program_id(args, person)
    # refused (exit 3) while a safety stop holds; a session made but never started is taken up again
    return person.sessions.start(program_id, reuse_unstarted=True), False


def _offer_resume(recorded: RecordedSession, console: Console) -> bool:
    import sys

    from rich.prompt import Confirm

    where = describe_position(recorded)
    if not sys.stdin.isatty():
        return True
    return Confirm.ask(f"Your last session was interrupted at {where}. Resume it?", console=console, default=True)


def describe_position(recorded: RecordedSession) -> str:
    from backcoach.domain.session import view

    shown = view(recorded.state)
    parts = [str(shown.get("name", "the start"))]
    if shown.get("side"):
        parts.append(f"{shown['side']} side")
    if shown.get("set"):
        parts.append(f"set {shown['set']}/{shown['sets']}")
    if shown.get("rep"):
        parts.append(f"rep {shown['rep']}/{shown['reps']}")
    return ", ".join(parts)


def _program_id(args: argparse.Namespace, person: Person) -> int:
    if not args.plan:
        return person.programs.require_current()[0]
    from backcoach.cli.io import read_text_argument
    from backcoach.services.planning import parse_json
    from backcoach.services.session_replay import session_from_plan

    plan = parse_json(read_text_argument(args.plan, "--plan"), "--plan")
    session_from_plan(plan, "--plan")  # validates, naming the field
    assert isinstance(plan, dict)
    return person.programs.adopt(plan, reason=f"plan from {args.plan}")


def _plan_of(person: Person, recorded: RecordedSession) -> dict[str, Any]:
    current = person.programs.require_current()
    return current[1].plan if current[0] == recorded.program_id else {}


def _voice() -> Any:
    from backcoach.cli.local import application
    from backcoach.cli.voice import Voice

    return Voice(application().settings.data_dir / "voice")


def _finish(summary: dict[str, Any], review: dict[str, Any] | None, stop_advice: str, names: dict[str, str],
            console: Console) -> None:
    from backcoach.cli.render_progress import render_session_summary

    console.print()
    render_session_summary(summary, stop_advice, review, console, names)
