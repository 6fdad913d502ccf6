"""Operating-system helpers the formula layer shares with the course tooling (standard library).

:mod:`crmlib.crmdb` and the course tooling's output folders and kernels
(:mod:`crmlib.course._outputs`, :mod:`crmlib.course._execution`) remove files a dead process left
behind and write files through a temporary copy; this module says whether a process still runs
and gives a finished temporary file its usual permissions, so that neither floor imports the
other for it.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["process_alive", "usual_permissions"]


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (signal 0 checks without sending anything).

    Parameters
    ----------
    pid : int
        A process id.

    Returns
    -------
    bool
        False when no such process exists; True when it runs, and also when it belongs to
        someone else or cannot be asked (so that its files are kept).

    Examples
    --------
    >>> process_alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # someone else's process, or we cannot tell: keep its files
        return True
    return True


def usual_permissions(path: Path) -> None:
    """Give a file made by :func:`tempfile.mkstemp` (owner-only) the permissions of a new file.

    mode = 0o666 without the bits of the process's umask, as ``open()`` would have created it;
    the umask can only be read by setting it, so it is set and put back at once.

    Parameters
    ----------
    path : Path
        The finished temporary file, about to be renamed into place.

    Examples
    --------
    >>> import stat, tempfile
    >>> fd, name = tempfile.mkstemp(); os.close(fd)
    >>> usual_permissions(Path(name))
    >>> umask = os.umask(0); _ = os.umask(umask)
    >>> stat.S_IMODE(os.stat(name).st_mode) == 0o666 & ~umask
    True
    >>> os.unlink(name)
    """
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
