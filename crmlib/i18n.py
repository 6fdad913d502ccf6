"""STAND-IN for part A's language switch (branch zh-lib): DROP THIS COMMIT WHEN MERGING zh-lib.

Only the contract the Chinese editions call: ``crmlib.set_language(lang)``,
``crmlib.get_language()`` and the ``CRMLIB_LANG`` environment variable. It translates nothing;
part A's ``crmlib/i18n.py`` replaces this file.
"""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "get_language", "set_language"]

#: The languages of the course.
LANGUAGES = ("en", "zh")
_chosen: list[str] = []


def set_language(lang: str) -> None:
    """Make *lang* the language of the library's labels (stand-in: only records it).

    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language("en")
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _chosen[:] = [lang]


def get_language() -> str:
    """The language chosen with :func:`set_language`, else ``CRMLIB_LANG``, else English."""
    return _chosen[0] if _chosen else os.environ.get("CRMLIB_LANG", "en")
