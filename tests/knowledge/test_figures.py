"""figures.yaml: one figure for every exercise in the library, none for an unknown one; a bad file is refused
with a message naming the file and the field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from backcoach.errors import KnowledgeError
from backcoach.knowledge.figures import check_figures, load_figures
from backcoach.knowledge.files import DATA_DIR
from backcoach.knowledge.loader import load_knowledge

EXERCISES = list(load_knowledge().exercises)
RAW = yaml.safe_load((Path(DATA_DIR) / "figures.yaml").read_text(encoding="utf-8"))["figures"]


def test_every_exercise_has_exactly_one_figure_in_library_order() -> None:
    assert list(load_figures()) == EXERCISES


def test_a_figure_for_an_unknown_exercise_is_refused() -> None:
    with pytest.raises(KnowledgeError, match=r"'no-such-exercise' is not in exercises\.yaml"):
        check_figures([*RAW, {**RAW[0], "exercise": "no-such-exercise"}], EXERCISES)


def test_an_exercise_without_a_figure_is_refused() -> None:
    with pytest.raises(KnowledgeError, match=re.escape(f"no figure for {RAW[-1]['exercise']}")):
        check_figures(RAW[:-1], EXERCISES)


def test_a_repeated_figure_is_refused() -> None:
    with pytest.raises(KnowledgeError, match="is repeated"):
        check_figures([*RAW, RAW[0]], EXERCISES)


def copy_with(tmp_path: Path, figures: list[dict[str, object]]) -> str:
    for name in ("exercises.yaml", "screening.yaml", "patterns.yaml", "programs.yaml", "questions.yaml",
                 "education.yaml", "facts.yaml", "sources.yaml"):
        shutil.copy(Path(DATA_DIR) / name, tmp_path / name)
    (tmp_path / "figures.yaml").write_text(yaml.safe_dump({"figures": figures}), encoding="utf-8")
    return str(tmp_path)


@pytest.mark.parametrize(("change", "message"), [
    ({"position": "floating"}, r"figures\.yaml: figures\[0\]\.position"),
    ({"pose": {"trunk": 400}}, r"figures\.yaml: figures\[0\]\.pose\.trunk"),
    ({"pose": {"near": {"elbowz": 10}}}, r"figures\.yaml: figures\[0\]\.pose\.near\.elbowz"),
    ({"props": [{"kind": "trampoline"}]}, r"figures\.yaml: figures\[0\]\.props\[0\]\.kind"),
    ({"contacts": ["near.tail"]}, r"figures\.yaml: figures\[0\]\.contacts\[0\]"),
])
def test_the_schema_refuses_a_bad_file_naming_the_field(tmp_path: Path, change: dict[str, object],
                                                        message: str) -> None:
    data_dir = copy_with(tmp_path, [{**RAW[0], **change}, *RAW[1:]])
    with pytest.raises(KnowledgeError, match=message):
        load_figures.__wrapped__(data_dir)
