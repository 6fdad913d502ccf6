"""The output folder of reports: checked before anything runs, written atomically, cleaned up.

Every run stages its temporary files in a private folder inside the output folder,
``.crm-course-HOST-PID-XXXXXXXX/`` (the same file system, so a rename publishes a finished file
atomically), and removes it when it ends. A run that is killed leaves that folder behind; the
next run in the same output folder removes every staging folder (or temporary file
``.crm-course-HOST-PID-XXXXXXXX.tmp``) of this host whose process is gone, and the hidden
``.NAME.XXXXXXXX.ipynb`` / ``.tmp`` files that crm-course versions before 0.2 left, once they
are ten minutes old (those carry no process id). A run never removes another live run's files.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crmlib._process import process_alive, usual_permissions

__all__ = [
    "ReportError",
    "check_output_path",
    "clean_stale",
    "keep_failed",
    "publish",
    "staging",
    "write_atomic",
]

PREFIX = ".crm-course-"
#: Bytes written (and removed) to prove the output folder takes data, before any report runs.
PROBE_BYTES = 256 * 1024
#: Age (seconds) after which a temporary file of an old crm-course version counts as stale.
LEGACY_AGE = 600

_OURS = re.compile(r"^\.crm-course-(?P<host>.+)-(?P<pid>\d+)-[a-z0-9_]{8}(\.tmp)?$")
_LEGACY = re.compile(r"^\..+\.[a-z0-9_]{8}\.(ipynb|tmp)$")


class ReportError(RuntimeError):
    """A report could not be produced; the message says why and where the evidence is."""


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname()) or "host"


def _our_prefix() -> str:
    return f"{PREFIX}{_host()}-{os.getpid()}-"


def describe_os_error(err: OSError, folder: Path) -> str:
    """One sentence saying what is wrong with *folder* and what to do.

    Parameters
    ----------
    err : OSError
        The error writing to *folder* raised; its ``errno`` picks the sentence.
    folder : Path
        The output folder, named in the sentence.

    Returns
    -------
    str
        A full disk, a read-only or forbidden folder, or any other failure to write, each with
        the advice to free space or choose another ``--out``.

    Examples
    --------
    >>> import errno
    >>> from pathlib import Path
    >>> print(describe_os_error(OSError(errno.ENOSPC, "Disk full"), Path("reports")))
    the output folder reports is full (Disk full); free space or choose another --out
    """
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"the output folder {folder} is full ({err.strerror}); free space or choose "
            "another --out"
        )
    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"the output folder {folder} is not writable ({err.strerror}); choose another --out"
    return f"cannot write to the output folder {folder} ({err.strerror}); choose another --out"


def check_output_path(out_dir: str | Path, cases_folder: Path) -> Path:
    """The absolute output folder; a ValueError if it lies inside the case folder.

    Reports written among the case notebooks would be listed as cases and could replace one.

    Parameters
    ----------
    out_dir : str or Path
        The output folder as given (relative, or starting with ``~``); it need not exist.
    cases_folder : Path
        The folder of the case notebooks.

    Returns
    -------
    Path
        *out_dir* made absolute (symbolic links are kept as given).

    Raises
    ------
    ValueError
        *out_dir* is the case folder or lies inside it.

    Examples
    --------
    >>> from pathlib import Path
    >>> check_output_path("/srv/reports", Path("/srv/cases")).as_posix()
    '/srv/reports'
    >>> check_output_path("/srv/cases/out", Path("/srv/cases"))
    Traceback (most recent call last):
    ValueError: the output folder /srv/cases/out is inside the case folder /srv/cases; ...
    """
    out = Path(os.path.abspath(Path(out_dir).expanduser()))
    cases = cases_folder.resolve()
    real = out.resolve()
    if real == cases or cases in real.parents:
        raise ValueError(
            f"the output folder {out} is inside the case folder {cases}; reports there would "
            "be taken for cases. Choose another --out"
        )
    return out


def clean_stale(out: Path) -> list[Path]:
    """Remove temporary files and staging folders that dead runs left in *out*; return them.

    Staging folders and ``.tmp`` files of this host whose process is gone go at once; the
    hidden temporary files of crm-course before 0.2 once they are :data:`LEGACY_AGE` seconds
    old. Anything that cannot be removed is skipped.

    Parameters
    ----------
    out : Path
        The output folder (a missing folder has nothing to clean).

    Returns
    -------
    list of Path
        What was removed.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     dead = Path(tmp) / f".crm-course-{_host()}-999999999-abcd1234"
    ...     dead.mkdir()
    ...     [p.name == dead.name for p in clean_stale(Path(tmp))]
    [True]
    """
    removed: list[Path] = []
    try:
        entries = list(out.iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        ours = _OURS.match(entry.name)
        try:
            if ours:
                stale = ours["host"] == _host() and not process_alive(int(ours["pid"]))
            else:
                stale = bool(_LEGACY.match(entry.name)) and entry.is_file()
                stale = stale and now - entry.stat().st_mtime > LEGACY_AGE
            if not stale:
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
        except OSError:
            continue  # a folder we cannot clean is no reason not to run
    return removed


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A private staging folder in *out*, proven writable, removed at the end.

    Creates *out* if needed and removes what dead runs left there first (:func:`clean_stale`);
    then writes and deletes :data:`PROBE_BYTES` bytes, so a full or read-only disk fails
    before any report runs.

    Parameters
    ----------
    out : Path
        The output folder.

    Yields
    ------
    Path
        The staging folder ``out/.crm-course-HOST-PID-XXXXXXXX``, removed with its contents
        when the ``with`` block ends.

    Raises
    ------
    ReportError
        *out* cannot be created, is read-only or is full; nothing has run yet.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with staging(Path(tmp)) as stage:
    ...         inside = stage.parent == Path(tmp)
    ...     inside, stage.exists()
    (True, False)
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ReportError(
            f"cannot create the output folder {out} ({err.strerror}); choose another --out"
        ) from None
    clean_stale(out)
    try:
        folder = Path(tempfile.mkdtemp(dir=out, prefix=_our_prefix()))
    except OSError as err:
        raise ReportError(describe_os_error(err, out)) from None
    try:
        try:
            probe = folder / "probe"
            with open(probe, "wb") as fh:
                fh.write(b"\0" * PROBE_BYTES)
                fh.flush()
                os.fsync(fh.fileno())
            probe.unlink()
        except OSError as err:
            raise ReportError(describe_os_error(err, out)) from None
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write_temp(folder: Path, text: str, *, prefix: str = "", suffix: str = ".tmp") -> Path:
    fd, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        usual_permissions(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, text: str, *, stage: Path | None = None) -> None:
    """Write *text* to a temporary file, then rename it to *path* in one step.

    The temporary file lives in *stage* (a :func:`staging` folder on the same file system) or,
    without one, beside *path* under a name :func:`clean_stale` recognises. A reader of *path*
    sees the old file or the whole new one, never part of it.

    Parameters
    ----------
    path : Path
        The file to write (replaced if it exists).
    text : str
        Its new content, written as UTF-8.
    stage : Path, optional
        The staging folder of the run.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_atomic(Path(tmp) / "a.txt", "hello")
    ...     sorted(p.name for p in Path(tmp).iterdir()), (Path(tmp) / "a.txt").read_text()
    (['a.txt'], 'hello')
    """
    if stage is None:
        tmp = _write_temp(path.parent, text, prefix=_our_prefix())
    else:
        tmp = _write_temp(stage, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def publish(out: Path, stage: Path, name: str, notebook: str, html: str) -> None:
    """Publish ``NAME.ipynb`` and then ``NAME.html`` (the HTML's presence marks completion).

    Both files are written in full to *stage* first, so a full disk fails here with nothing
    published; only the two renames remain, notebook first. A crash between them leaves the
    new notebook beside the previous HTML of the same parameters, and the two files' run ids
    (recorded in both) then differ: the report counts as unfinished and is made again.

    Parameters
    ----------
    out : Path
        The output folder.
    stage : Path
        The run's staging folder inside *out* (:func:`staging`).
    name : str
        The report's file name without suffix.
    notebook, html : str
        The executed notebook (JSON text) and its HTML page.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp, staging(Path(tmp)) as stage:
    ...     publish(Path(tmp), stage, "demo", "{}", "<html></html>")
    ...     sorted(p.name for p in Path(tmp).glob("demo.*"))
    ['demo.html', 'demo.ipynb']
    """
    nb_tmp = _write_temp(stage, notebook)
    try:
        html_tmp = _write_temp(stage, html)
    except BaseException:
        nb_tmp.unlink(missing_ok=True)
        raise
    try:
        os.replace(nb_tmp, out / f"{name}.ipynb")
        os.replace(html_tmp, out / f"{name}.html")
    finally:
        nb_tmp.unlink(missing_ok=True)
        html_tmp.unlink(missing_ok=True)


def keep_failed(out: Path, stage: Path, name: str, notebook: str) -> tuple[Path | None, str]:
    """Keep a failed run's notebook as ``failed/NAME.ipynb``; (path, "") or (None, why not).

    Parameters
    ----------
    out : Path
        The output folder; ``failed/`` is made inside it.
    stage : Path
        The run's staging folder inside *out*.
    name : str
        The report's file name without suffix.
    notebook : str
        The partly executed notebook (JSON text), its error output included.

    Returns
    -------
    tuple of (Path or None, str)
        The kept file and ``""``, or None and a sentence saying why it could not be written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp, staging(Path(tmp)) as stage:
    ...     kept, why = keep_failed(Path(tmp), stage, "demo", "{}")
    ...     kept.relative_to(tmp).as_posix(), why
    ('failed/demo.ipynb', '')
    """
    target = out / "failed" / f"{name}.ipynb"
    try:
        target.parent.mkdir(exist_ok=True)
        write_atomic(target, notebook, stage=stage)
    except OSError as err:
        return None, describe_os_error(err, out)
    return target, ""
