"""The ``crm-course`` command: list the case studies and turn them into reports.

crm-course list
crm-course report CASE [-p NAME VALUE ...] [--out DIR] [--show-code] [--force] [--lang zh] [--pdf]
crm-course report --all [--out DIR] [--lang zh] [--pdf]
crm-course batch CASE --params FILE [--jobs N] [--out DIR] [--force] [--dask ADDRESS] [--lang zh]
    [--pdf]
crm-course editions [--out DIR] [--lang zh]
crm-course book [--out DIR]
crm-course slides CHAPTER [--out DIR] [--lang zh]
crm-course translate status|stub|refresh NOTEBOOK [--lang zh]
crm-course assignments [--out DIR] [--course-id ID]

Every mistake ends in one ``crm-course: error: ...`` line saying what to do, without a
traceback: exit code 2 for a usage error (a bad parameter, case or file), 1 for a failure (a
report that failed, an output folder that cannot be written, an unreachable scheduler), 128 + the
signal's number when stopped by SIGINT or SIGTERM. ``kill -USR1 PID`` makes a running command
print every thread's stack to stderr (for diagnosing a hang) and carry on.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import io
import signal
import sys
from pathlib import Path

from crmlib.course import reports

__all__ = ["main"]

_LANG_HELP = "language: en (the source, default) or zh (Chinese, from translations/zh/)"


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("en", *_languages()), default="en", help=_LANG_HELP)


def _languages() -> tuple[str, ...]:
    from crmlib.course import translations

    return translations.LANGUAGES


def _add_pdf(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also print each report to NAME.pdf beside the HTML (needs chromium)",
    )


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
    rep.add_argument(
        "--force",
        action="store_true",
        help="replace a file of the same name holding another report",
    )
    _add_lang(rep)
    _add_pdf(rep)
    bat = sub.add_parser("batch", help="one report per row of a CSV or YAML parameter file")
    bat.add_argument("case", help="case name (see `crm-course list`)")
    bat.add_argument("--params", required=True, help="CSV or YAML file, one parameter set a row")
    bat.add_argument("--jobs", type=int, default=2, help="parallel workers (default 2)")
    bat.add_argument("--out", default="reports", help="output folder (default: reports)")
    bat.add_argument(
        "--force",
        action="store_true",
        help="rewrite reports that exist already (and files of their names holding others)",
    )
    bat.add_argument("--dask", metavar="ADDRESS", help="run on this Dask scheduler instead")
    _add_lang(bat)
    _add_pdf(bat)
    edi = sub.add_parser("editions", help="write the student and instructor editions")
    edi.add_argument(
        "--out", default="editions", help="output folder (default: editions; OUT/LANG/ for --lang)"
    )
    _add_lang(edi)
    asg = sub.add_parser("assignments", help="the chapters as an nbgrader course folder")
    asg.add_argument("--out", default="course", help="course folder (default: course)")
    asg.add_argument(
        "--course-id",
        default="crm-course",
        help="nbgrader's course id (default: crm-course)",
    )
    boo = sub.add_parser(
        "book", help="the course as a static website, English and Chinese (no re-execution)"
    )
    boo.add_argument("--out", default="book-html", help="output folder (default: book-html)")
    sli = sub.add_parser("slides", help="reveal.js slides of a chapter, e.g. `slides 02`")
    sli.add_argument("chapter", help="chapter number or notebook name prefix, e.g. 02")
    sli.add_argument("--out", default="slides", help="output folder (default: slides)")
    sli.add_argument(
        "--reveal-prefix",
        help="URL or path of another reveal.js (default: the bundled copy, in OUT/assets)",
    )
    _add_lang(sli)
    tra = sub.add_parser(
        "translate", help="state of a notebook's translation catalog, or add entries to it"
    )
    tra.add_argument(
        "action",
        choices=("status", "stub", "refresh"),
        help=(
            "status: what is missing or stale; stub: create/update the catalog skeleton; "
            "refresh: rewrite the committed edition (notebooks/zh/NAME.ipynb), executed"
        ),
    )
    tra.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help="English notebook(s)")
    tra.add_argument("--lang", choices=_languages(), default="zh", help="language (default zh)")
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
            case,
            params,
            out_dir=args.out,
            show_code=args.show_code,
            force=args.force,
            lang=args.lang,
            pdf=args.pdf,
        )
        print(report.html)
        if report.pdf:
            print(report.pdf)


def _batch(args: argparse.Namespace) -> int:
    from crmlib.course import batch

    rows = batch.read_params(args.params)
    if args.pdf:
        from crmlib.course import pdf

        pdf.find_chromium()  # a missing browser is said before anything runs
    result = batch.run_batch(
        args.case,
        rows,
        out_dir=args.out,
        jobs=args.jobs,
        force=args.force,
        dask=args.dask,
        lang=args.lang,
    )
    rate = 60 * len(result.written) / result.seconds if result.seconds else 0.0
    print(
        f"{len(result.written)} written, {len(result.skipped)} skipped (already there; --force "
        f"rewrites), {len(result.failed)} failed in {result.seconds:.1f} s ({rate:.0f} a minute); "
        f"reports in {Path(args.out).resolve()}"
    )
    if args.pdf:
        from crmlib.course import pdf

        for html in result.written + result.skipped:
            if html in result.skipped and html.with_suffix(".pdf").is_file():
                continue  # a report already there keeps its PDF
            print(pdf.print_pdf(html))
    for number, name, cause, kept in result.failed:
        where = f"; notebook in failed/{kept.name}" if kept else "; no notebook was kept"
        print(f"  FAILED row {number} ({name}): {cause}{where}")
    return 0 if result.ok else 1


def _translate(args: argparse.Namespace) -> int:
    """``translate status``: one line per notebook, exit 1 if any is incomplete; ``stub``:
    write the skeleton, then the same lines."""
    import nbformat

    from crmlib.course import translations

    paths = [Path(name) for name in args.notebooks]
    for path in paths:
        if not path.is_file() or path.suffix != ".ipynb":
            raise ValueError(f"{path} is not a notebook file (NOTEBOOK.ipynb)")
        if path.resolve().parent.name == args.lang:
            raise ValueError(
                f"{path} is a {args.lang} edition itself; give its English notebook "
                f"({path.parent.parent / path.name})"
            )
    if args.action == "refresh":
        from crmlib.course import editions

        for path in paths:
            print(f"executing {path}", flush=True)
            (where,) = editions.refresh_translations([path], args.lang)
            print(f"wrote {where}", flush=True)
        return 0
    incomplete = 0
    for path in paths:
        if args.action == "stub":
            where, check = translations.stub_catalog(path, args.lang)
            print(f"wrote {where}")
        else:
            where = translations.catalog_path(path, args.lang)
            if not where.exists():
                incomplete += 1
                print(translations.missing_catalog(path, where))
                continue
            catalog = translations.read_catalog(where, args.lang)
            nb = nbformat.read(path, as_version=4)
            check = translations.check_catalog(nb, catalog, notebook=path.name, where=str(where))
            for cell_id in check.missing + check.stale:
                cell = next(c for c in nb.cells if c.get("id") == cell_id)
                print(f"  {cell_id}: en: {translations.fingerprint(cell.source)}")
        if check.complete:
            print(f"{path.name}: complete ({where})")
        else:
            incomplete += 1
            print(check.describe())
    return 1 if incomplete else 0


def _error(message: str, code: int) -> int:
    print(f"crm-course: error: {message}", file=sys.stderr)
    return code


def _run(args: argparse.Namespace) -> int:
    if args.command == "list":
        _list()
    elif args.command == "batch":
        return _batch(args)
    elif args.command == "editions":
        from crmlib.course import editions

        written = editions.make_editions(args.out, lang=args.lang)
        for edition, paths in written.items():
            folder = Path(args.out, *([] if args.lang == "en" else [args.lang]), edition)
            print(f"{edition}: {len(paths)} notebooks in {folder.resolve()}")
    elif args.command == "assignments":
        from crmlib.course import assignments

        sources = assignments.make_assignments(args.out, course_id=args.course_id)
        print(f"{len(sources)} assignments in {(Path(args.out) / 'source').resolve()}")
        print(f"next: cd {args.out} and run nbgrader generate_assignment ch01 (see the README)")
    elif args.command == "slides":
        from crmlib.course import editions

        deck = editions.make_slides(
            args.chapter, args.out, reveal_prefix=args.reveal_prefix, lang=args.lang
        )
        print(deck)
    elif args.command == "translate":
        return _translate(args)
    elif args.command == "book":
        from crmlib.course import book

        try:
            home = book.build_book(args.out)
            for language in book.LANGUAGES:  # each language's home page, the first at the root
                print(home if language == book.LANGUAGES[0] else home.parent / language / home.name)
        except book.BookError as err:
            return _error(str(err), 1)
    else:
        _report(args)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``crm-course`` console script; returns the exit code.

    Parameters
    ----------
    argv : list of str, optional
        The command line after the program name; None reads ``sys.argv``.

    Returns
    -------
    int
        0 on success; 2 for bad input (the message says what to fix); 1 when a report, the
        kernel, the book or the file system failed; 128 + the signal number when stopped by
        SIGINT or SIGTERM.

    Examples
    --------
    >>> main(["list"])  # doctest: +SKIP
    dealer-call-list   Which customers should each dealer call first?
    ...
    0
    """
    args = _parser().parse_args(argv)
    from crmlib.course import _execution

    # kill -USR1: where is it stuck? (needs a real stderr, not one captured in memory)
    with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        with _execution.stop_on_sigterm():
            return _run(args)
    except ValueError as err:
        return _error(str(err), 2)
    except (reports.ReportError, _execution.KernelError) as err:
        return _error(str(err), 1)
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        return _error(f"{err.strerror or err}{where}; check the path and its permissions", 1)
    except KeyboardInterrupt:
        return _error(_STOPPED.format(signal="SIGINT"), 128 + 2)
    except _execution.Stopped as stop:
        return _error(_STOPPED.format(signal=stop), 128 + stop.signum)


_STOPPED = (
    "stopped by {signal}; every process it started was stopped, finished reports are kept "
    "(run the same command again to resume)"
)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
