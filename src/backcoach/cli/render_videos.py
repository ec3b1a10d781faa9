"""Rich rendering of video search results and per-exercise recommendations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from backcoach.domain.units import clock


def render_results(results: Sequence[Mapping[str, Any]], console: Console) -> None:
    if not results:
        console.print("No videos match. Try other words, e.g. 'sciatica stretches' or 'back stretches in bed'.")
        return
    for number, found in enumerate(results, start=1):
        console.print(Text(f"{number}. {found['title']}", style="bold"))
        console.print(f"   {found['url']}", style="cyan", soft_wrap=True)
        console.print(f"   {found['why']}", style="green")
        tags = found["tags"]
        shown = [*tags["body_parts"], *tags["conditions"], *tags["exercises"], *tags["positions"], *tags["audience"],
                 *tags["kinds"], *([tags["length"]] if tags.get("length") else [])]
        if shown:
            console.print("   tags: " + ", ".join(dict.fromkeys(shown)), style="dim")


def render_recommendations(plan: Mapping[str, Any], found: Sequence[Mapping[str, Any]], console: Console) -> None:
    if not plan["routine"]:
        console.print("Your plan has no exercises to practise, so there are no videos to recommend.")
        return
    table = Table("Exercise", "Video", "Start at", title="Videos for your routine")
    for entry in found:
        if not entry["videos"]:
            table.add_row(entry["name"], Text("no video in the catalogue shows it yet", style="dim"), "")
        for video in entry["videos"]:
            start = video["start_seconds"]
            table.add_row(entry["name"], f"{video['title']}\n{video['url']}",
                          "" if start is None else clock(start))
    console.print(table)
