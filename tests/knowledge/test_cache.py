"""The knowledge cache: one file per install and version, rebuilt when an input changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.knowledge.cache import cached


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "backcoach"


def test_two_installs_keep_their_own_cache(cache_home: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("a: 1", encoding="utf-8")
    builds: list[str] = []

    def build(install: str) -> str:
        builds.append(install)
        return install

    for install in ("/checkout/one:0.1.0", "/checkout/two:0.1.0", "/checkout/one:0.1.0", "/checkout/two:0.1.0"):
        assert cached("knowledge", [str(data)], install, lambda i=install: build(i)) == install
    assert builds == ["/checkout/one:0.1.0", "/checkout/two:0.1.0"], "neither evicted the other"
    assert len(list(cache_home.glob("knowledge-*.pickle"))) == 2


def test_an_edited_input_is_built_again(cache_home: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("a: 1", encoding="utf-8")
    assert cached("knowledge", [str(data)], "salt", lambda: 1) == 1
    data.write_text("a: 22", encoding="utf-8")
    assert cached("knowledge", [str(data)], "salt", lambda: 2) == 2
    assert cached("knowledge", [str(data)], "salt", lambda: 3) == 2, "from the cache once stored"


def test_the_tests_never_write_to_the_users_cache() -> None:
    import os

    assert "backcoach-test-cache-" in os.environ["XDG_CACHE_HOME"]
