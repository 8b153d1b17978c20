"""``liaison isoform convert IN OUT``: convert an ISO comment form between .docx, .xlsx, .csv.

Formats come from the file names (``--osd`` writes an .xlsx with ISO OSD's export columns).
Exit status: 0 on success, 2 when the input is refused (the FormError message is printed) or
the arguments are wrong. Needs no database and no Django.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from liaison.core.isoform import DEFAULT_LIMITS, FormError, Limits, read_form, write_form

_OUTPUT = {".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liaison isoform convert",
        description="Convert an ISO comment form (.docx, .xlsx or .csv) to another format.",
    )
    parser.add_argument("input", help="form to read (.docx, .xlsx or .csv)")
    parser.add_argument("output", help="file to write (.docx, .xlsx or .csv)")
    parser.add_argument(
        "--osd", action="store_true", help="write an .xlsx with ISO OSD's export columns"
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_LIMITS.max_bytes,
        help="refuse inputs larger than this (default %(default)s)",
    )
    return parser


def main(argv: list[str]) -> int:
    """Run the command; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    out = Path(args.output)
    fmt = _OUTPUT.get(out.suffix.lower())
    if fmt is None or (args.osd and fmt != "xlsx"):
        print(
            f"{out.name}: cannot tell the output format (use .docx, .xlsx or .csv; "
            "--osd needs .xlsx)",
            file=sys.stderr,
        )
        return 2
    try:
        form = read_form(args.input, limits=Limits(max_bytes=args.max_bytes))
    except FormError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    out.write_bytes(write_form(form, "osd" if args.osd else fmt))
    print(f"wrote {len(form.rows)} comments to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
