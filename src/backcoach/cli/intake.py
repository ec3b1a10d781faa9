"""backcoach intake [--out FILE] [--json]: the questions in the terminal, then the plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from rich.console import Console

    from backcoach.knowledge.questions import Question

SKIP = ""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", help="also save the answers as JSON (for `backcoach plan`)")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON instead of the readable view")
    parser.add_argument("--no-save", action="store_true",
                        help="do not keep the plan as your program (it is kept by default)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from rich.console import Console

    from backcoach.cli.render import render_plan

    console = Console(stderr=args.json, highlight=False)
    console.print("[bold]BackCoach intake[/bold] — press Enter to skip any question that is not marked *. "
                  "Warning-sign questions are marked * too: please answer every one.\n")
    answers, plan = interview(console)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(answers, handle, indent=2)
        console.print(f"Answers saved to {args.out}", style="dim")
    if args.json:
        sys.stdout.write(json.dumps(plan, indent=2) + "\n")
    else:
        console.print()
        render_plan(plan, console)
    if not args.no_save:
        from backcoach.cli.plan import save_program

        save_program(plan)
    return 0


def interview(console: Console) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ask every section in turn; the answers, and the plan they give. A warning sign answered yes that
    needs a doctor now ends the interview at once, with that plan."""
    from backcoach.knowledge.questions import INTAKE_VERSION, load_questionnaire
    from backcoach.services.planning import build_plan

    answers: dict[str, Any] = {"schema_version": INTAKE_VERSION}
    for section in load_questionnaire():
        console.rule(f"[bold]{section.title}")
        if section.help:
            console.print(section.help, style="dim")
        if section.id == "movement_check" and _guided_check(console, answers):
            continue
        for question in section.questions:
            value = ask(console, question)
            if value is not None:
                _put(answers, question.id, value)
            urgent = _urgent(answers) if question.warning_sign and value is True else None
            if urgent is not None:
                return answers, urgent
    return answers, build_plan(answers)


def _urgent(answers: dict[str, Any]) -> dict[str, Any] | None:
    """The plan when the answers so far already call for emergency or urgent care."""
    from backcoach.services.planning import build_plan

    plan = build_plan(answers)
    return plan if plan["triage"]["level"] in ("emergency", "urgent_referral") else None


def _guided_check(console: Console, answers: dict[str, Any]) -> bool:
    """Offer the guided movement test when no warning sign was answered yes; True when it was done."""
    from rich.prompt import Confirm

    from backcoach.cli.movement_test import guide

    if any((answers.get("red_flags") or {}).values()):
        console.print("The movement check is left out: a warning sign comes first.", style="yellow")
        return True
    try:
        if not Confirm.ask("Shall we guide you through it now, step by step?", console=console, default=False):
            return False
    except EOFError:
        return False
    results = guide(console, answers)
    if results:
        answers["repeated_movement_response"] = {d: r["response"] for d, r in results.items()}
    return bool(results)


def _put(answers: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for parent in parents:
        answers = answers.setdefault(parent, {})
    answers[leaf] = value


def ask(console: Console, question: Question) -> Any:
    """Ask until the answer is valid; Enter skips an optional question; end of input skips too."""
    from backcoach.errors import InvalidInput
    from backcoach.knowledge.questions import parse_answer

    while True:
        raw = _read(console, question)
        if raw is None:
            if question.must_answer:
                raise InvalidInput(question.id, "must be answered, but the input ended before it was")
            return None
        if raw == SKIP:
            if not question.must_answer:
                return None
            console.print("[red]Please answer this one: a warning sign left unanswered can't be read as no.[/red]"
                          if question.warning_sign else "[red]Please answer this one.[/red]")
            continue
        try:
            return parse_answer(question, [raw])
        except InvalidInput as problem:
            console.print(f"[red]{problem.problem}[/red]")


def _read(console: Console, question: Question) -> str | None:
    from rich.prompt import Prompt

    if question.options:
        for number, option in enumerate(question.options, start=1):
            console.print(f"  [cyan]{number}[/cyan]. {option.label}")
    hint = {"boolean": " [y/n]", "multi": " (numbers, comma-separated)", "choice": " (number)"}.get(question.kind, "")
    marker = " *" if question.must_answer else ""
    try:
        return Prompt.ask(f"[bold]{question.text}[/bold]{marker}{hint}", console=console, default=SKIP,
                          show_default=False).strip()
    except EOFError:
        return None
