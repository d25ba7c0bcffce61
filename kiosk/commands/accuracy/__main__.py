"""``python -m kiosk.commands.accuracy``: the per-class table, or ``--json``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn

from kiosk.commands.accuracy import CLASSES, evaluate
from kiosk.commands.accuracy.report import table


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that points at --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print its figures; returns the exit code."""
    parser = _Parser(
        prog="python -m kiosk.commands.accuracy",
        description="The coach against the synthetic athlete's truth, class by class.",
    )
    parser.add_argument("--classes", help=f"comma-separated, of: {', '.join(CLASSES)} (default: all)")
    parser.add_argument("--sets-per-class", type=int, default=8, metavar="N", help="default 8")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--path", choices=("live", "offline", "both"), default="both", help="which judge")
    parser.add_argument(
        "--workers", type=int, default=2, help="processes, each with its own model (default 2)"
    )
    parser.add_argument("--config", help="a configuration file (TOML) for the coach's thresholds")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    classes = args.classes.split(",") if args.classes else list(CLASSES)
    unknown = [name for name in classes if name not in CLASSES]
    if unknown:
        parser.error(f"unknown class {unknown[0]!r}: choose from {', '.join(CLASSES)}")
    if args.sets_per_class < 1:
        parser.error("--sets-per-class must be 1 or more")
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    from kiosk.config import Config, load_config
    from kiosk.errors import KioskError

    try:
        config = load_config(args.config) if args.config else Config()  # the defaults, not /etc
    except KioskError as error:
        print(f"accuracy: error: {error}", file=sys.stderr)
        return 2
    paths = ("live", "offline") if args.path == "both" else (args.path,)
    figures = evaluate(
        classes, args.sets_per_class, args.seed, paths, args.workers, config, progress=not args.json
    )
    sys.stdout.write(json.dumps(figures) + "\n" if args.json else table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
