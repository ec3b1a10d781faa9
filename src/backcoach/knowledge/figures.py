"""The exercise figures (figures.yaml): validated by figures.schema.json and checked against the library, so every
exercise has exactly one figure and every figure names a known exercise."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict
from functools import cache
from typing import Any

from backcoach.domain.figure import Limbs, Pose
from backcoach.domain.figure_scene import FigureSpec, PropSpec
from backcoach.errors import KnowledgeError
from backcoach.knowledge.files import DATA_DIR, load_checked
from backcoach.knowledge.loader import load_knowledge

FIGURES_SCHEMA = "figures.schema.json"


@cache
def load_figures(data_dir: str = DATA_DIR) -> dict[str, FigureSpec]:
    """Every exercise's figure, by exercise id, in library order."""
    document = load_checked(os.path.join(data_dir, "figures.yaml"), FIGURES_SCHEMA)
    return check_figures(document["figures"], list(load_knowledge(data_dir).exercises))


def check_figures(raw: list[dict[str, Any]], exercise_ids: list[str]) -> dict[str, FigureSpec]:
    """The figures as domain values; a repeated, unknown or missing exercise is a KnowledgeError."""
    figures: dict[str, FigureSpec] = {}
    for index, item in enumerate(raw):
        exercise_id = item["exercise"]
        if exercise_id in figures:
            raise KnowledgeError(f"figures.yaml: figures[{index}].exercise: {exercise_id!r} is repeated")
        if exercise_id not in exercise_ids:
            raise KnowledgeError(f"figures.yaml: figures[{index}].exercise: {exercise_id!r} is not in exercises.yaml")
        figures[exercise_id] = figure_spec(item)
    missing = [e for e in exercise_ids if e not in figures]
    if missing:
        raise KnowledgeError(f"figures.yaml: no figure for {', '.join(missing)}")
    return {e: figures[e] for e in exercise_ids}


def figure_spec(item: Mapping[str, Any]) -> FigureSpec:
    seated = item["position"] == "seated"
    return FigureSpec(
        exercise_id=item["exercise"],
        view=item.get("view", "side"),
        position=item["position"],
        pose=pose(item["pose"], seated),
        start=pose(item["start"], seated) if "start" in item else None,
        props=tuple(PropSpec(p["kind"], p.get("at"), p.get("to")) for p in item.get("props", ())),
        anchor=item.get("anchor", "pelvis"),
        contacts=tuple(item.get("contacts", ())),
        moves=item.get("moves"),
    )


def pose(raw: Mapping[str, Any], seated: bool) -> Pose:
    """A pose; ``both`` gives the angles both sides share, ``near``/``far`` override them."""
    both = raw.get("both", {})
    return Pose(
        trunk=float(raw.get("trunk", 0)),
        spine=float(raw.get("spine", 0)),
        neck=float(raw.get("neck", 0)),
        near=Limbs(**{k: float(v) for k, v in {**both, **raw.get("near", {})}.items()}),
        far=Limbs(**{k: float(v) for k, v in {**both, **raw.get("far", {})}.items()}),
        support=raw.get("support", "chair" if seated else "floor"),
        roll=float(raw.get("roll", 0)),
    )


def figure_document(spec: FigureSpec) -> dict[str, Any]:
    """The figure's data as plain JSON (the API's twin of the SVG)."""
    document: dict[str, Any] = {
        "view": spec.view, "position": spec.position, "pose": asdict(spec.pose),
        "props": [{k: v for k, v in asdict(p).items() if v is not None} for p in spec.props],
        "anchor": spec.anchor, "contacts": list(spec.contacts), "moves": spec.moves,
    }
    if spec.start is not None:
        document["start"] = asdict(spec.start)
    return document
