"""Rich rendering of plans and the exercise library for the terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

LEVEL_STYLE = {
    "emergency": ("EMERGENCY", "bold white on red"),
    "urgent_referral": ("SEE A DOCTOR IN 24-48 H", "bold black on yellow"),
    "see_clinician_before_exercise": ("CHECK WITH A CLINICIAN FIRST", "bold black on cyan"),
    "self_care_ok": ("SAFE TO START", "bold white on green"),
}


def make_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def render_plan(plan: Mapping[str, Any], console: Console) -> None:
    _render_triage(plan["triage"], console)
    if plan["triage"]["level"] in ("emergency", "urgent_referral"):
        _render_safety(plan["safety"], console)  # about getting care only: no exercise advice
        return
    _render_profile(plan["profile"], console)
    _render_pathway(plan.get("pathway"), console)
    _render_routine(plan, console)
    _render_excluded(plan["excluded"], console)
    _render_flare_up(plan.get("flare_up"), console)
    _render_lessons(plan.get("education") or [], console)
    _render_safety(plan["safety"], console)


def _render_pathway(pathway: Mapping[str, Any] | None, console: Console) -> None:
    if not pathway or not pathway.get("summary"):
        return
    score = pathway.get("start_back")
    title = pathway.get("name") or "Your care pathway"
    if score:
        title += f" (STarT Back {score['total']}/9, {score['risk']} risk)"
    console.print(Text(title, style="bold"))
    console.print(Text(f"  {pathway['summary']}"))
    for line in pathway.get("advice", []):
        console.print(Text(f"  • {line}"))
    console.print()


def _render_flare_up(flare: Mapping[str, Any] | None, console: Console) -> None:
    if not flare:
        return
    lines = [Text(flare["summary"])]
    positions = ", ".join(p["name"] for p in flare["positions_of_ease"])
    if positions:
        lines.append(Text(f"Positions of ease: {positions}.", style="bold"))
    lines += [Text(f"• {line}") for line in [*flare["reduce"], flare["heat"], flare["keep_moving"]]]
    lines += [Text(f"! {line}", style="yellow") for line in flare["get_help"]]
    console.print(Panel(Group(*lines), title="If it flares up", title_align="left"))


def _render_lessons(lessons: Sequence[Mapping[str, Any]], console: Console) -> None:
    if not lessons:
        return
    console.print(Text("Worth knowing", style="bold"))
    for lesson in lessons:
        console.print(Text(f"  {lesson['title']}: ", style="bold").append(Text(lesson["summary"], style="")))


def render_triage_panel(triage: Mapping[str, Any], console: Console) -> None:
    _render_triage(triage, console)


def _render_triage(triage: Mapping[str, Any], console: Console) -> None:
    label, style = LEVEL_STYLE[triage["level"]]
    body: list[Text] = [Text(triage["headline"], style="bold")]
    for reason in triage["reasons"]:
        body.append(Text(f"• {reason['message']}"))
    console.print(Panel(Group(*body), title=Text(f" {label} ", style=style), border_style=style.split()[-1]))


def _render_profile(profile: Mapping[str, Any], console: Console) -> None:
    console.print(Text(f"Your pattern — movement bias: {profile['bias']}", style="bold"))
    for line in profile.get("explanation", []):
        console.print(Text(f"  • {line}"))
    if profile["tags"]:
        console.print(Text(f"  tags: {', '.join(profile['tags'])}", style="dim"))
    console.print()


def _render_routine(plan: Mapping[str, Any], console: Console) -> None:
    routine: Sequence[Mapping[str, Any]] = plan["routine"]
    if not routine:
        return
    program = plan.get("program") or {}
    title = f"{program.get('name', 'Your routine')} — about {plan['estimated_minutes']:g} min"
    console.print(Text(title, style="bold underline"))
    for number, item in enumerate(routine, start=1):
        lines = [
            Text(item["dose_text"], style="bold cyan"),
            Text(f"Position: {item['position']}. Why: {item['why']}"),
            Text("Cues: " + "; ".join(item["cues"]), style="green"),
            Text(f"Should feel: {item['should_feel']}  Should not: {item['should_not_feel']}", style="dim"),
        ]
        console.print(Panel(Group(*lines), title=f"{number}. {item['name']}", title_align="left"))


def _render_excluded(excluded: Sequence[Mapping[str, Any]], console: Console) -> None:
    important = [e for e in excluded if e["kind"] in ("safety", "position", "time", "triage")]
    if not important:
        return
    table = Table(title="Left out, and why", show_lines=False, expand=False)
    table.add_column("Exercise")
    table.add_column("Why")
    for entry in important:
        table.add_row(entry["name"], entry["reason"])
    console.print(table)
    hidden = len(excluded) - len(important)
    if hidden:
        console.print(Text(f"({hidden} more exercises were not needed for your pattern; see --json.)", style="dim"))


def _render_safety(notes: Sequence[str], console: Console) -> None:
    console.print(Text("Safety", style="bold"))
    for note in notes:
        console.print(Text(f"  ! {note}"))


def render_exercises(exercises: Sequence[Mapping[str, Any]], console: Console) -> None:
    table = Table(title=f"Exercise library ({len(exercises)})")
    table.add_column("id", no_wrap=True, style="bold")
    for column in ("position", "direction", "default dose", "progress / regress"):
        table.add_column(column)
    for e in exercises:
        links = f"→ {e['progresses_to'] or '-'}\n← {e['regresses_to'] or '-'}"
        table.add_row(e["id"], e["position"], e["direction"], e["dose_text"], links)
    console.print(table)
