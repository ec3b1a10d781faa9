"""Short runs of benchmarks/pose.py and benchmarks/pose_labels.py (real MediaPipe): they print the ratio of analyze
to raw MediaPipe, the rule engine's speed, and the rules' agreement with labelled frames through the pose pipeline."""

from __future__ import annotations

import re
import sys

import pytest

from tests.vision.conftest import needs_camera, needs_people

pytestmark = [needs_camera, needs_people]


def test_a_short_run_prints_the_ratio_of_analyze_to_raw_mediapipe(monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import pose

    monkeypatch.setattr(sys, "argv", ["pose.py", "--frames", "20", "--rounds", "1"])
    pose.main()
    out = capsys.readouterr().out
    assert "person found by MediaPipe in 20 of 20 frames" in out
    assert re.search(r"raw MediaPipe Pose \(process only\)\s+[\d.]+ frames/s", out)
    assert re.search(r"ratio analyze / raw: [\d.]+", out)
    assert re.search(r"rule engine on body-model clips\s+\d+ frames/s", out)


def test_a_short_run_prints_each_rules_agreement_through_mediapipe(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import pose_labels

    monkeypatch.setattr(sys, "argv", ["pose_labels.py", "--fps", "10", "--exercise", "prone-on-elbows"])
    pose_labels.main()
    out = capsys.readouterr().out
    rows = re.findall(r"^(prone-on-elbows: \S+)\s+(\d+)\s+([\d.]+) %", out, re.MULTILINE)
    assert {name for name, _, _ in rows} == {"prone-on-elbows: hips-down", "prone-on-elbows: elbows-under-shoulders"}
    assert all(int(judged) > 50 and float(agreement) >= 90 for _, judged, agreement in rows)
    assert "MediaPipe found the person in 300 of 300 frames" in out
