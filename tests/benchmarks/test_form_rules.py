"""A short run of benchmarks/form_rules.py (the full run is `python benchmarks/form_rules.py`): it prints every
rule's agreement, the repetitions and the engine's frames per second."""

from __future__ import annotations

import re
import sys

import pytest

from benchmarks import form_rules


def test_a_short_run_prints_agreement_for_every_rule_and_the_speed(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["form_rules.py", "--noise", "0.003", "--seeds", "1", "--placements",
                                      "1.0:0.0"])
    form_rules.main()
    out = capsys.readouterr().out
    rows = re.findall(r"^(\S+: .+?)\s+(\d+)\s+([\d.]+|nan) %", out, re.MULTILINE)
    assert {name for name, _, _ in rows} >= {"bridge: hips-in-line", "prone-press-up: hips-down",
                                             "lower-trunk-rotation: knees-together", "cat-cow: (end position)"}
    assert all(float(agreement) >= 90 for _, judged, agreement in rows if int(judged))
    assert re.search(r"repetitions right in (\d+) of \1 clips", out)
    assert re.search(r"= \d+ frames per second", out)
