"""Use case: the exercise library as contract documents."""

from __future__ import annotations

from typing import Any

from backcoach.domain.dosing import describe
from backcoach.domain.figure_scene import FigureSpec
from backcoach.domain.models import Exercise
from backcoach.domain.wording import how_to
from backcoach.errors import NotFound
from backcoach.knowledge.figures import figure_document, load_figures
from backcoach.knowledge.loader import load_knowledge


def list_exercises() -> list[dict[str, Any]]:
    """Every exercise, in library order."""
    return [exercise_document(e) for e in load_knowledge().exercises.values()]


def get_exercise(exercise_id: str) -> dict[str, Any]:
    """One exercise, with the data of its figure (`figure`: the pose the SVG at `figure.svg` draws)."""
    exercise = load_knowledge().exercises.get(exercise_id)
    if exercise is None:
        raise NotFound(f"no exercise with id {exercise_id!r}")
    figure = {"svg": f"/exercises/{exercise.id}/figure.svg", **figure_document(load_figures()[exercise.id])}
    return {**exercise_document(exercise), "figure": figure}


def exercise_figure(exercise_id: str) -> tuple[str, FigureSpec]:
    """An exercise's name and the figure data of its picture."""
    exercise = load_knowledge().exercises.get(exercise_id)
    if exercise is None:
        raise NotFound(f"no exercise with id {exercise_id!r}")
    return exercise.name, load_figures()[exercise.id]


def exercise_document(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "name": exercise.name,
        "aliases": list(exercise.aliases),
        "position": exercise.position,
        "places": sorted(exercise.places),
        "equipment": list(exercise.equipment),
        "direction": exercise.direction,
        "region": exercise.region,
        "level": exercise.level,
        "features": sorted(exercise.features),
        **how_to(exercise),
        "contraindications": [
            {k: v for k, v in (("tag", c.tag), ("diagnosis", c.diagnosis), ("reason", c.reason)) if v}
            for c in exercise.contraindications
        ],
        "default_dosage": dict(exercise.dosage_as_given),
        "dose_text": describe(exercise.default_dosage, exercise.dose_verb),
        "dosage_source": exercise.dosage_source,
        "progresses_to": exercise.progresses_to,
        "regresses_to": exercise.regresses_to,
        "sources": list(exercise.sources),
    }
