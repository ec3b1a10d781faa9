"""Rich rendering of session results, check-ins and progress over time (with a terminal chart)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

CHART_WIDTH = 30
MEASURE_NAMES = {"nprs": "Pain (0-10)", "odi": "Oswestry disability %", "psfs": "Activities (PSFS, 0-10)"}


def render_session_summary(summary: Mapping[str, Any], stop_advice: str, review: Mapping[str, Any] | None,
                           console: Console, names: Mapping[str, str] | None = None) -> None:
    status = summary["status"]
    if status == "completed":
        console.print(Panel(Text("Session complete. Well done.", style="bold green")))
    elif status == "stopped":
        reason = {"sharp_pain": "sharp pain", "symptoms_spreading": "symptoms spreading down the leg",
                  "warning_sign": "a warning sign", "user": "you stopped it"}.get(
            str(summary.get("stop_reason")), str(summary.get("stop_reason")))
        console.print(Panel(Text(f"Session stopped: {reason}.\n{stop_advice}".strip(), style="bold yellow")))
    table = Table("Exercise", "Done", "Holds / reps", "Pain reported", title="This session")
    for log in summary["exercises"]:
        counts = {**log["holds"], **{k: v for k, v in log["reps"].items()}}
        done = ", ".join(f"{side}: {n}" for side, n in counts.items()) or "-"
        pains = ", ".join(f"{r['level']}{' sharp' if r.get('sharp') else ''}" for r in log["pain_reports"]) or "-"
        table.add_row((names or {}).get(log["exercise_id"], log["exercise_id"]), log["status"].replace("_", " "),
                      done, pains)
    console.print(table)
    if summary.get("centralized"):
        console.print("Your leg symptoms moved up toward the back: a good sign.", style="green")
    if review is not None:
        render_review(review, console)


def render_review(review: Mapping[str, Any], console: Console) -> None:
    for reason in review.get("reasons", []):
        console.print(reason["message"], style="cyan")
    for change in review.get("changes", []):
        arrow = "↑" if change["action"] == "progress" else "↓"
        console.print(f"  {arrow} {change['message']}", style="cyan")
    for advice in review.get("advice", []):
        style = "bold green" if advice["code"] == "centralizing" else "bold yellow"
        console.print(f"! {advice['message']}", style=style)
    if review.get("stop"):
        console.print("Exercise is stopped until a clinician has assessed you (`backcoach clearance`).",
                      style="bold red")


def render_triage(triage: Mapping[str, Any], console: Console) -> None:
    """A warning sign's triage, in the same level and words as at intake."""
    from backcoach.cli.render import render_triage_panel

    render_triage_panel(triage, console)


def render_checkin(result: Mapping[str, Any], console: Console) -> None:
    checkin = result["checkin"]
    parts = [f"pain {checkin['pain_now']}/10"]
    if checkin.get("leg_symptoms"):
        parts.append(f"leg symptoms: {checkin['leg_symptoms'].replace('_', ' ')}")
    if checkin.get("odi_percent") is not None:
        parts.append(f"Oswestry {checkin['odi_percent']} %")
    if checkin.get("psfs_mean") is not None:
        parts.append(f"activities {checkin['psfs_mean']}/10")
    console.print("Check-in saved: " + ", ".join(parts), style="bold")
    if result.get("triage"):
        render_triage(result["triage"], console)
    render_review(result["review"], console)
    render_lesson(result.get("lesson"), console)


def render_lesson(lesson: Mapping[str, Any] | None, console: Console) -> None:
    """One short lesson between sessions."""
    if lesson:
        console.print(Text("Worth knowing today: ", style="bold").append(f"{lesson['title']} — {lesson['summary']}",
                                                                          style=""))


def render_progress(progress: Mapping[str, Any], console: Console) -> None:
    checkins: Sequence[Mapping[str, Any]] = progress["checkins"]
    if not checkins:
        console.print("No check-ins yet: `backcoach checkin --pain N` records how you are today.")
    else:
        console.print(_checkin_table(checkins))
        console.print(pain_chart(checkins))
        _render_changes(progress["trends"], console)
    sessions = progress["sessions"]
    console.print(f"Sessions: {sessions['total']} ({sessions['completed']} completed, {sessions['stopped']} stopped)")
    program = progress.get("program")
    if program:
        exercises = ", ".join(f"{e['name']} ({e['dose_text']})" for e in program["exercises"])
        console.print(f"Program level {program['version']}: {exercises}")
        for step in program["history"][1:]:
            console.print(f"  v{step['version']} {step['created_at'][:10]}: {step['reason']}", style="dim")
    if progress.get("review"):
        render_review({**progress["review"], "changes": []}, console)
    for test in progress.get("movement_tests", []):
        console.print(f"Movement test {test['created_at'][:10]}: {test['direction']} "
                      f"{test['response'].replace('_', ' ')}", style="dim")
    for stop in (progress.get("care") or {}).get("active", []):
        console.print(f"Stopped since {stop['created_at'][:10]}: {stop['triage']['headline']} "
                      "(`backcoach clearance` once a clinician has assessed you)", style="bold red")


def _checkin_table(checkins: Sequence[Mapping[str, Any]]) -> Table:
    table = Table("Date", "Pain", "Leg symptoms", "Oswestry %", "PSFS", title="Check-ins")
    for c in checkins:
        table.add_row(c["created_at"][:16].replace("T", " "), str(c["pain_now"]),
                      (c.get("leg_symptoms") or "-").replace("_", " "), _number(c.get("odi_percent")),
                      _number(c.get("psfs_mean")))
    return table


def pain_chart(checkins: Sequence[Mapping[str, Any]]) -> Text:
    """Pain per check-in as horizontal bars (0-10), newest last."""
    text = Text("Pain over time\n", style="bold")
    for c in checkins[-20:]:
        pain = int(c["pain_now"])
        bar = "█" * round(pain * CHART_WIDTH / 10)
        style = "green" if pain <= 3 else "yellow" if pain <= 6 else "red"
        text.append(f"{c['created_at'][5:10]} ")
        text.append(f"{bar:<{CHART_WIDTH}}", style=style)
        text.append(f" {pain}\n")
    return text


def _render_changes(trends: Mapping[str, Any], console: Console) -> None:
    for change in trends.get("changes", []):
        mark = " (clinically important)" if change["clinically_important"] else ""
        console.print(f"{MEASURE_NAMES.get(change['measure'], change['measure'])}: {change['baseline']} → "
                      f"{change['latest']}, {change['direction']}{mark}")


def _number(value: object) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
