"""`backcoach users create` makes accounts, clinicians included, with the password from stdin or a prompt."""

from __future__ import annotations

import json
import subprocess
import sys

BACKCOACH = [sys.executable, "-m", "backcoach", "users", "create"]


def create(*args: str, stdin: str = "a long enough secret\n") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BACKCOACH, *args, "--password-stdin"], input=stdin, capture_output=True, text=True,
                          timeout=60, check=False)


def test_clinicians_and_their_patients() -> None:
    doctor = create("--email", "doc@example.org", "--role", "clinician", "--json")
    assert doctor.returncode == 0, doctor.stderr
    assert json.loads(doctor.stdout)["role"] == "clinician"
    patient = create("--email", "pat@example.org", "--role", "patient", "--clinician", "doc@example.org")
    assert patient.returncode == 0 and "Created the patient account pat@example.org" in patient.stdout


def test_mistakes_exit_2_with_one_line() -> None:
    for result, field in [
        (create("--email", "x@example.org", "--role", "patient", stdin="short\n"), "password"),
        (create("--email", "not-an-email", "--role", "patient"), "email"),
        (create("--email", "p@example.org", "--role", "patient", "--clinician", "nobody@example.org"), "clinician"),
        (create("--email", "c@example.org", "--role", "clinician", "--clinician", "x@example.org"), "--clinician"),
    ]:
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and field in result.stderr
    create("--email", "dup@example.org", "--role", "patient")
    again = create("--email", "DUP@example.org", "--role", "patient")
    assert again.returncode == 2 and "already exists" in again.stderr
