"""Reading the tables users bring: CSV in the encodings they have, and Excel workbooks (private).

:func:`crmlib.datasets.read_table` is the one reader behind every user file of the course (a
transaction log, experts' AHP judgments). What it takes care of, so that the files real users
have just work or fail with a message that says what to do:

- the encoding of a CSV: UTF-8 with or without a byte-order mark, GB18030 (and so GBK and
  GB2312, which Excel on Chinese Windows writes), UTF-16 with a byte-order mark (Excel's
  "Unicode text"); anything else asks for ``encoding=``;
- the separator: comma, or tab or semicolon when the header line has no comma;
- Excel workbooks (``.xlsx``, whatever the file is called), read with openpyxl;
- ids as text: ``001``, ``01`` and ``1`` stay three different customers;
- spaces around column names and ids, as exports and hand edits leave them.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

_ZIP = b"PK\x03\x04"  # an .xlsx workbook is a zip archive
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")  # the old binary .xls format

#: Encodings tried, in order, when none is given: both are strict, so a wrong guess fails.
GUESSED_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, source: Path, encoding: str | None = None) -> str:
    r"""The text of a file's *data*: in *encoding*, or detected (see the module docstring).

    Without an encoding, a UTF-16 byte-order mark is honoured, then UTF-8 (with or without
    BOM) and GB18030 (which reads GBK) are tried in turn; both are strict, so a wrong guess
    fails instead of giving mojibake.

    Parameters
    ----------
    data : bytes
        The file's content.
    source : Path
        The file, named in error messages.
    encoding : str, optional
        A Python codec name (``"utf-8"``, ``"big5"``, ``"cp1252"``); None detects.

    Returns
    -------
    str
        The decoded text.

    Raises
    ------
    ValueError
        An unknown codec name, data that is not text in the given encoding, or data that is
        neither UTF-8 nor GB18030 (the message suggests ``encoding=``).

    Examples
    --------
    >>> from pathlib import Path
    >>> decode("客户".encode("gbk"), Path("ids.csv"))
    '客户'
    >>> decode(b"caf\xe9", Path("ids.csv"), "cp1252")
    'café'
    """
    if encoding is not None:
        try:
            return data.decode(encoding)
        except LookupError:
            raise ValueError(
                f"unknown encoding {encoding!r} for {source}; use a Python codec name such as "
                "'utf-8', 'gb18030', 'big5' or 'cp1252'"
            ) from None
        except UnicodeDecodeError as err:
            raise ValueError(
                f"{source} is not {encoding} text (byte {err.start}: {err.reason}); "
                "check the encoding= you passed, or leave it out to detect UTF-8 and GB18030"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for guess in GUESSED_ENCODINGS:
        try:
            return data.decode(guess)
        except UnicodeDecodeError:
            continue
    raise ValueError(
        f"{source} is neither UTF-8 nor GB18030/GBK text; pass its encoding, e.g. "
        "encoding='big5' or encoding='cp1252', or save it from Excel as 'CSV UTF-8'"
    )


def _separator(text: str) -> str:
    """Comma, unless the header line has none and has tabs or semicolons instead."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    if "\t" in header:
        return "\t"
    return ";" if ";" in header else ","


def read_table(
    path: str | Path,
    /,
    *,
    encoding: str | None = None,
    text_columns: Sequence[str] = ("customer_id",),
    what: str = "file",
) -> pd.DataFrame:
    r"""Read a CSV file or an Excel workbook (first sheet) into a DataFrame.

    Parameters
    ----------
    path : str or Path
        The file, relative to the current folder or absolute.
    encoding : str, optional
        The text encoding of a CSV; by default UTF-8 (with or without BOM) is tried, then
        GB18030 (which reads GBK), and UTF-16 is recognised by its byte-order mark.
    text_columns : sequence of str, default ("customer_id",)
        Columns read as text, never as numbers (ids with leading zeros); spaces around their
        values are removed and an empty value becomes missing.
    what : str, default "file"
        What the file is, for the message when it is missing ("transaction file").

    Returns
    -------
    pandas.DataFrame
        The table, column names stripped of surrounding spaces, indexed by ``line``: the line
        of the file (the header is line 1, so the first row is line 2), which error messages
        cite.

    Raises
    ------
    FileNotFoundError
        No file at *path*.
    ValueError
        An empty file, an old ``.xls`` workbook, an undecodable CSV (the message suggests
        ``encoding=``) or a malformed one (the message names the line).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "t.csv"
    ...     _ = path.write_text("customer_id;amount\n007 ;12.5\n", encoding="utf-8")
    ...     read_table(path)
         customer_id  amount
    line
    2            007    12.5
    """
    source = Path(path).expanduser()
    if not source.is_file():
        where = "" if source.is_absolute() else f" (looked in {source.resolve().parent})"
        folder = " (that is a folder)" if source.is_dir() else ""
        raise FileNotFoundError(f"no {what} at {source}{folder}{where}; check the path")
    data = source.read_bytes()
    if not data.strip():
        raise ValueError(f"{source} is empty: it needs a header line and at least one row")
    if data.startswith(_OLE):
        raise ValueError(
            f"{source} is an old binary Excel workbook (.xls); save it from Excel as .xlsx "
            "or as 'CSV UTF-8'"
        )
    converters = {c: str for c in text_columns}
    if data.startswith(_ZIP):
        try:
            table = pd.read_excel(io.BytesIO(data), engine="openpyxl", dtype=converters)
        except Exception as err:  # openpyxl raises many kinds for a damaged workbook
            raise ValueError(f"{source} is not a readable .xlsx workbook: {err}") from None
    else:
        text = decode(data, source, encoding)
        try:
            table = pd.read_csv(io.StringIO(text), sep=_separator(text), dtype=converters)
        except pd.errors.EmptyDataError:
            raise ValueError(f"{source} has no header line") from None
        except pd.errors.ParserError as err:
            raise ValueError(
                f"{source} is not a well-formed CSV table: {err}. Quote values that contain "
                "the separator, or remove the extra fields"
            ) from None
    table.columns = [str(c).strip() for c in table.columns]
    for column in text_columns:
        if column in table.columns:
            ids = table[column].str.strip()
            table[column] = ids.where(ids != "")
    table.index = pd.RangeIndex(2, len(table) + 2, name="line")
    return table
