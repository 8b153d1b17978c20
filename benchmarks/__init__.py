"""Benchmarks and evaluations: ``python -m benchmarks NAME`` (no NAME lists them).

Each prints its figures as ``name: value unit`` and writes ``benchmarks/results/<name>.json``.
They may read the shared data folder (``LIAISON_SHARED_DATA``, default ``<repo>/../shared/data``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"


def shared_data() -> Path:
    """The shared data folder (``LIAISON_SHARED_DATA`` or ``<repo>/../shared/data``)."""
    env = os.environ.get("LIAISON_SHARED_DATA")
    return Path(env) if env else ROOT.parent.parent / "shared" / "data"


def report(name: str, figures: dict[str, tuple[object, str]], extra: dict | None = None) -> None:
    """Print ``name: value unit`` lines and write ``results/<name>.json``."""
    for key, (value, unit) in figures.items():
        shown = f"{value:.4g}" if isinstance(value, float) else value
        print(f"{key}: {shown} {unit}".rstrip())
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "figures": {k: {"value": v, "unit": u} for k, (v, u) in figures.items()},
        **(extra or {}),
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
