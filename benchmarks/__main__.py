"""``python -m benchmarks NAME``: run ``benchmarks/NAME.py``'s ``main()``; no NAME lists them."""

from __future__ import annotations

import importlib
import sys

from benchmarks import ROOT


def available() -> list[str]:
    """Names of the runnable benchmark modules."""
    return sorted(p.stem for p in ROOT.glob("*.py") if p.stem.startswith(("bench_", "eval_")))


def main(argv: list[str]) -> int:
    """Run the named benchmarks, or list them."""
    names = available()
    if not argv:
        print("benchmarks: " + ", ".join(names))
        print("run one with: python -m benchmarks NAME")
        return 0
    for name in argv:
        if name not in names:
            print(f"unknown benchmark {name!r}; known: {', '.join(names)}", file=sys.stderr)
            return 2
        module = importlib.import_module(f"benchmarks.{name}")
        rc = module.main()
        if rc:
            return int(rc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
