"""The lock files agree with pyproject.toml (docs/operations.md, "Installs").

Rule: every requirement of pyproject.toml (runtime, the dev extra, the build backend) is pinned
in the lock that installs it, at a version the requirement admits, with its hashes; what the
lock says it pinned for pyproject.toml is still asked for there; and the production lock pins
the same versions as the dev lock, so what is tested is what is deployed. Offline and quick:
it reads files, it does not resolve. When it fails, ``make lock`` rewrites the locks.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
LOCKS = {"dev": REPO / "requirements" / "dev.txt",
         "production": REPO / "requirements" / "production.txt"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
FROM_PYPROJECT = "liaison (pyproject.toml)"


def parse_lock(path: Path) -> dict[str, dict]:
    """``{name: {"version", "hashes", "via"}}`` from a pip-compile output file."""
    pins: dict[str, dict] = {}
    current = None
    for line in path.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            current = {"version": match[2], "hashes": 0, "via": set()}
            pins[canonicalize_name(match[1])] = current
        elif current is not None and "--hash=sha256:" in line:
            current["hashes"] += 1
        elif current is not None and line.strip().startswith("#"):
            via = line.strip().lstrip("#").strip()
            via = via.removeprefix("via").strip()
            if via:
                current["via"].add(via)
    return pins


def requirements_of(lock: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    if lock == "dev":
        wanted += [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    return wanted


def problems(path: Path, wanted: list[Requirement]) -> list[str]:
    """Where the lock at ``path`` and the requirements ``wanted`` disagree, in words."""
    pins = parse_lock(path)
    found = []
    for requirement in wanted:
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            found.append(f"{requirement} is not pinned")
        elif not requirement.specifier.contains(pin["version"], prereleases=True):
            found.append(f"{requirement.name}=={pin['version']} but pyproject.toml asks for "
                         f"{requirement}")
    asked = {canonicalize_name(r.name) for r in wanted}
    found += [f"{name} is pinned for pyproject.toml, which no longer asks for it"
              for name, pin in pins.items() if FROM_PYPROJECT in pin["via"] and name not in asked]
    found += [f"{name} has no hash" for name, pin in pins.items() if pin["hashes"] == 0]
    return found


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_the_lock_agrees_with_pyproject(lock):
    assert problems(LOCKS[lock], requirements_of(lock)) == [], (
        f"{LOCKS[lock].name} disagrees with pyproject.toml: run `make lock`")


def test_production_installs_the_versions_the_tests_ran_on():
    dev, production = parse_lock(LOCKS["dev"]), parse_lock(LOCKS["production"])
    assert set(production) <= set(dev)
    differ = {name: (pin["version"], dev[name]["version"]) for name, pin in production.items()
              if pin["version"] != dev[name]["version"]}
    assert not differ, f"production and dev locks disagree: {differ}: run `make lock`"


def test_a_lock_behind_pyproject_is_caught(tmp_path):
    """The check itself: a lock with an older django, without ``gunicorn``, and still pinning
    a package pyproject.toml dropped, fails with the three reasons."""
    text = LOCKS["production"].read_text()
    pins = parse_lock(LOCKS["production"])
    text = text.replace(f"django=={pins['django']['version']}", "django==5.2.9")
    text = text.replace(f"gunicorn=={pins['gunicorn']['version']}", "gunicorn-old==1.0")
    stale = tmp_path / "production.txt"
    stale.write_text(text)
    wanted = [r for r in requirements_of("production") if r.name != "whitenoise"]
    found = problems(stale, wanted)
    assert "django==5.2.9 but pyproject.toml asks for django<6.2,>=6.1" in found
    assert any(p.startswith("gunicorn>=") and p.endswith("is not pinned") for p in found)
    assert "whitenoise is pinned for pyproject.toml, which no longer asks for it" in found
