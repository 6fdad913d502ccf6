"""The ``crm-course`` command: list the case studies and turn them into reports.

crm-course list
crm-course report CASE [-p NAME VALUE ...] [--out DIR] [--show-code]
crm-course report --all [--out DIR]
"""

from __future__ import annotations

import argparse
import sys

from crmlib import reports


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm-course", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="show the case studies and their parameters")
    rep = sub.add_parser("report", help="run a case study and write it as HTML")
    rep.add_argument("case", nargs="?", help="case name (see `crm-course list`)")
    rep.add_argument("--all", action="store_true", help="run every case with its defaults")
    rep.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a parameter (repeatable)",
    )
    rep.add_argument("--out", default="reports", help="output folder (default: reports)")
    rep.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML")
    return parser


def _list() -> None:
    for case in reports.list_cases():
        print(case)
        for name, spec in reports.case_parameters(case).items():
            help_text = f"  # {spec['help']}" if spec.get("help") else ""
            print(f"    {name}: {spec['inferred_type_name']} = {spec['default']}{help_text}")


def _report(args: argparse.Namespace) -> None:
    if args.all == bool(args.case):
        raise ValueError("name one CASE or pass --all")
    if args.all and args.parameter:
        raise ValueError("-p sets a parameter of one case; it cannot be used with --all")
    cases = reports.list_cases() if args.all else [args.case]
    params = dict(args.parameter)
    for case in cases:
        print(f"running {case} ...", file=sys.stderr, flush=True)
        report = reports.run_report(
            case, params, out_dir=args.out, show_code=args.show_code, progress=sys.stderr.isatty()
        )
        print(report.html)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            _list()
        else:
            _report(args)
    except (ValueError, reports.ReportError) as err:
        print(f"crm-course: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
