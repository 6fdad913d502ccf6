"""Operating-system helpers the formula layer shares with the course tooling (standard library).

:mod:`crmlib.crmdb` and the course tooling's output folders and kernels
(:mod:`crmlib.course._outputs`, :mod:`crmlib.course._execution`) remove files a dead process left
behind; this module says whether a process still runs, so that neither floor imports the other for
it.
"""

from __future__ import annotations

import os

__all__ = ["process_alive"]


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
