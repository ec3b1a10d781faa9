"""The check-in asked in plain words (Rich prompts; works on a terminal or a pipe): pain, leg symptoms,
up to 5 activities (PSFS), the 10 Oswestry sections, and new warning signs."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.prompt import Confirm, IntPrompt, Prompt

from backcoach.errors import InvalidInput
from backcoach.services.outcomes import LEG_LEVELS, psfs_limit


def ask_checkin(console: Console) -> dict[str, Any]:
    try:
        answers: dict[str, Any] = {
            "pain_now": IntPrompt.ask("Pain right now, 0 (none) to 10 (worst imaginable)", console=console,
                                      choices=[str(n) for n in range(11)], show_choices=False),
            "leg_symptoms": Prompt.ask("How far down your leg do pain, tingling or numbness reach?", console=console,
                                       choices=list(LEG_LEVELS), default="none"),
        }
        if answers["leg_symptoms"] != "none" and (kinds := _leg_kinds(console)):
            answers["leg_symptom_kinds"] = kinds
        if activities := _activities(console):
            answers["psfs"] = activities
        if Confirm.ask("Answer the 10 Oswestry questions about daily life? (about two minutes)", console=console,
                       default=True):
            answers["odi_answers"] = _oswestry(console)
        if Confirm.ask("Answer the 9 questions about the last two weeks (STarT Back)? (about a minute)",
                       console=console, default=False):
            answers["start_back"] = _start_back(console)
        if flags := _warning_signs(console):
            answers["red_flags"] = flags
    except EOFError:
        raise InvalidInput("checkin", "the input ended before the check-in was complete") from None
    return answers


def _activities(console: Console) -> dict[str, int]:
    console.print(f"Name up to {psfs_limit()} activities your back makes hard (press Enter when done).", style="dim")
    found: dict[str, int] = {}
    while len(found) < psfs_limit():
        name = Prompt.ask(f"Activity {len(found) + 1}", console=console, default="").strip()
        if not name:
            break
        found[name] = IntPrompt.ask(f"How well can you do '{name}' now? 0 (unable) to 10 (as before)",
                                    console=console, choices=[str(n) for n in range(11)], show_choices=False)
    return found


def _oswestry(console: Console) -> list[int | None]:
    from backcoach.knowledge.loader import load_oswestry

    answers: list[int | None] = []
    for number, section in enumerate(load_oswestry(), start=1):
        console.print(f"\n[bold]{number}. {section['title']}[/bold]")
        for level, text in enumerate(section["levels"]):
            console.print(f"  {level}  {text}")
        choice = Prompt.ask("Which fits best today? (Enter to skip)", console=console,
                            choices=["0", "1", "2", "3", "4", "5", ""], show_choices=False, default="")
        answers.append(int(choice) if choice else None)
    return answers


def _start_back(console: Console) -> dict[str, Any]:
    """The STarT Back items as the intake asks them (questions.yaml, section start_back)."""
    from backcoach.knowledge.questions import questions

    found: dict[str, Any] = {}
    for question in (q for q in questions() if q.section == "start_back"):
        name = question.id.removeprefix("start_back.")
        if question.kind == "boolean":
            found[name] = Confirm.ask(question.text, console=console)
            continue
        for number, option in enumerate(question.options, start=1):
            console.print(f"  {number}. {option.label}")
        pick = Prompt.ask(question.text, console=console,
                          choices=[str(n) for n in range(1, len(question.options) + 1)], show_choices=False)
        found[name] = question.options[int(pick) - 1].value
    return found


def _leg_kinds(console: Console) -> list[str]:
    from backcoach.knowledge.questions import questions

    question = next(q for q in questions() if q.id == "leg_symptom_kinds")
    console.print("What do you feel in the leg? (numbers, comma-separated; Enter to skip)", style="dim")
    for number, option in enumerate(question.options, start=1):
        console.print(f"  {number}. {option.label}")
    raw = Prompt.ask("Leg symptoms", console=console, default="")
    picks = [p.strip() for p in raw.split(",") if p.strip().isdigit() and 1 <= int(p) <= len(question.options)]
    return list(dict.fromkeys(question.options[int(p) - 1].value for p in picks))


def _warning_signs(console: Console) -> dict[str, bool]:
    """Each warning sign that can newly appear (questions.yaml `at_checkin`), asked one by one: every check-in
    screens again with the intake's rules, and an unasked sign is never read as "no"."""
    from backcoach.knowledge.questions import warning_signs

    console.print("\nWarning signs since your last check-in (answer each one):", style="bold")
    return {q.id.removeprefix("red_flags."): True for q in warning_signs(at_checkin=True)
            if Confirm.ask(q.text, console=console)}
