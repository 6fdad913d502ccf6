"""A real customer database: the single customer view in SQLite (chapter 5, SVW case).

Every touchpoint – web form, hotline call, showroom visit, event, owner referral, dealer sale –
feeds one lifetime record per customer. This module builds that database in SQLite (Python's
standard library; one file, no server, foreign keys and CHECK constraints enforced):

1. a schema with keys and constraints (:data:`SCHEMA`);
2. normalisation of phone, e-mail and name as people type them;
3. matching: touchpoints that share a normalised phone or e-mail are the same person
   (connected components, so A–B by phone and B–C by e-mail make one customer);
4. de-duplication into one ``customers`` row per person, keeping every touchpoint;
5. the SQL a CRM analyst runs (:data:`QUERIES`).

Bad rows are rejected with an error that names the table, the row and the broken rule.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crmlib._process import process_alive, usual_permissions
from crmlib._validation import require_frame, require_series
from crmlib.customers import customer_attributes
from crmlib.svw import credited_sales, qualify_hot_leads, route_leads

__all__ = [
    "QUERIES",
    "SCHEMA",
    "build_customer_database",
    "insert_rows",
    "match_identities",
    "normalise_email",
    "normalise_name",
    "normalise_phone",
    "query",
    "touchpoint_outcomes",
]

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE dealers (
    dealer_id TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    city      TEXT NOT NULL,
    region    TEXT NOT NULL
);
CREATE TABLE campaigns (
    campaign_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    channel     TEXT NOT NULL
                CHECK (channel IN ('web', 'event', 'hotline', 'showroom', 'referral')),
    cost        REAL NOT NULL CHECK (cost >= 0)
);
CREATE TABLE customers (
    customer_id INTEGER PRIMARY KEY,
    name        TEXT,
    phone       TEXT UNIQUE,
    email       TEXT UNIQUE,
    city        TEXT,
    first_seen  TEXT NOT NULL,
    CHECK (phone IS NOT NULL OR email IS NOT NULL)
);
CREATE TABLE touchpoints (
    touchpoint_id  INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers,
    source         TEXT NOT NULL,
    campaign_id    TEXT REFERENCES campaigns,
    occurred_at    TEXT NOT NULL,
    raw_name       TEXT,
    raw_phone      TEXT,
    raw_email      TEXT,
    city           TEXT,
    model_interest TEXT,
    purchase_horizon_months INTEGER CHECK (purchase_horizon_months > 0),
    verified       INTEGER NOT NULL CHECK (verified IN (0, 1)),
    first_contact_hours REAL CHECK (first_contact_hours >= 0),
    CHECK (raw_phone IS NOT NULL OR raw_email IS NOT NULL)
);
CREATE TABLE leads (
    touchpoint_id INTEGER PRIMARY KEY REFERENCES touchpoints,
    dealer_id     TEXT REFERENCES dealers,
    hot           INTEGER NOT NULL CHECK (hot IN (0, 1))
);
CREATE TABLE sales (
    sale_id     INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers,
    dealer_id   TEXT NOT NULL REFERENCES dealers,
    sold_at     TEXT NOT NULL,
    model       TEXT NOT NULL,
    price       REAL NOT NULL CHECK (price > 0),
    vin         TEXT NOT NULL UNIQUE CHECK (length(vin) = 17)
);
CREATE INDEX touchpoints_customer ON touchpoints (customer_id);
CREATE INDEX sales_customer ON sales (customer_id);
"""


# ---------------------------------------------------------------------------- normalising ---


def _matching_or_none(text: pd.Series, pattern: str) -> pd.Series:
    """*text* where it matches *pattern* in full, None elsewhere (and where it is missing).

    Parameters
    ----------
    text : pandas.Series
        Strings (``string`` dtype), missing allowed.
    pattern : str
        A regular expression the whole value must match.

    Returns
    -------
    pandas.Series
        Object Series on the index of *text*: the value, or None.

    Examples
    --------
    >>> _matching_or_none(pd.Series(["a1", "b", None], dtype="string"), "[a-z][0-9]").tolist()
    ['a1', None, None]
    """
    valid = text.str.fullmatch(pattern).fillna(False).astype(bool)
    return text.astype(object).where(valid, None)


def normalise_phone(raw: pd.Series) -> pd.Series:
    """Mainland mobile numbers as 11 digits: drop spaces, dashes and a +86 / 0086 prefix.

    Anything that is not then 11 digits starting with 1 becomes missing.

    Parameters
    ----------
    raw : pandas.Series
        Phone numbers as typed (text or numbers; missing allowed).

    Returns
    -------
    pandas.Series
        Object Series on the index of *raw*: 11-digit text, or None.

    Raises
    ------
    TypeError
        *raw* is not a Series.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; the CAC verifies and updates each
    customer's contact details (see the README, "Sources").
    ITU-T Recommendation E.164: The international public telecommunication numbering plan.
    International Telecommunication Union.

    Examples
    --------
    >>> normalise_phone(pd.Series(["+86 139-1234-5678", "0086 13912345678", "12345"])).tolist()
    ['13912345678', '13912345678', None]
    """
    require_series(raw, "raw", allow_empty=True)
    digits = raw.astype("string").str.replace(r"\D", "", regex=True)
    digits = digits.str.replace(r"^(0086|86)(?=1\d{10}$)", "", regex=True)
    return _matching_or_none(digits, r"1\d{10}")


def normalise_email(raw: pd.Series) -> pd.Series:
    """E-mail addresses trimmed and lower-cased; anything without one @ and a dot is missing.

    Parameters
    ----------
    raw : pandas.Series
        E-mail addresses as typed (missing allowed).

    Returns
    -------
    pandas.Series
        Object Series on the index of *raw*: the address, or None.

    Raises
    ------
    TypeError
        *raw* is not a Series.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; the CAC verifies and updates each
    customer's contact details (see the README, "Sources").
    Resnick, P. (ed.) (2008). RFC 5322: Internet Message Format. IETF.

    Examples
    --------
    >>> normalise_email(pd.Series([" Wang.Wei@QQ.com ", "wang.wei@qq", None])).tolist()
    ['wang.wei@qq.com', None, None]
    """
    require_series(raw, "raw", allow_empty=True)
    text = raw.astype("string").str.strip().str.lower()
    return _matching_or_none(text, r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalise_name(raw: pd.Series) -> pd.Series:
    """Names in Unicode NFKC form (full-width → half-width), without spaces, lower-cased.

    Parameters
    ----------
    raw : pandas.Series
        Names as typed (missing allowed).

    Returns
    -------
    pandas.Series
        Object Series on the index of *raw*: the name, or None when blank.

    Raises
    ------
    TypeError
        *raw* is not a Series.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; the CAC verifies and updates each
    customer's contact details (see the README, "Sources").
    The Unicode Consortium. Unicode Standard Annex #15: Unicode Normalization Forms.
    https://unicode.org/reports/tr15/

    Examples
    --------
    >>> normalise_name(pd.Series(["王 伟", "ＷＡＮＧ", " ", None])).tolist()
    ['王伟', 'wang', None, None]
    """
    require_series(raw, "raw", allow_empty=True)
    text = raw.astype("string").str.normalize("NFKC").str.replace(r"\s+", "", regex=True)
    text = text.str.lower()
    present = text.notna() & (text != "")
    return text.astype(object).where(present, None)


# ------------------------------------------------------------------------------- matching ---


def match_identities(phone: pd.Series, email: pd.Series) -> np.ndarray:
    """Person number (0, 1, ...) of each record: records sharing a phone or an e-mail match.

    Matching is transitive (connected components of the "shares a key" graph), symmetric and
    independent of the order of the records; a record with neither key is its own person.
    Numbers follow the first appearance of each person in the input.

    Parameters
    ----------
    phone, email : pandas.Series
        The normalised keys of each record (:func:`normalise_phone`, :func:`normalise_email`),
        same length, missing where unknown.

    Returns
    -------
    numpy.ndarray
        One integer per record, 0 for the first person.

    Raises
    ------
    TypeError
        *phone* or *email* is not a Series.
    ValueError
        They have different lengths.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; one lifetime record per customer,
    fed by every touchpoint (see the README, "Sources").
    Fellegi, I. P. & Sunter, A. B. (1969). A theory for record linkage. *Journal of the American
    Statistical Association*, 64(328), 1183–1210.
    Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph manipulation.
    *Communications of the ACM*, 16(6).

    Examples
    --------
    Records 0 and 1 share a phone, 1 and 2 an e-mail, so 0–2 are one person; record 3 has no
    key and stands alone.

    >>> phone = pd.Series(["13900000001", "13900000001", None, None])
    >>> email = pd.Series([None, "a@b.cn", "a@b.cn", None])
    >>> match_identities(phone, email).tolist()
    [0, 0, 0, 1]
    """
    require_series(phone, "phone", allow_empty=True)
    require_series(email, "email", allow_empty=True)
    if len(phone) != len(email):
        raise ValueError(
            f"phone and email must have one key per record: got {len(phone)} and {len(email)}"
        )
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(phone)
    rows, cols = [], []
    for keys in (phone, email):
        frame = pd.DataFrame({"key": keys.to_numpy(), "pos": np.arange(n)}).dropna()
        first = frame.groupby("key")["pos"].transform("min").to_numpy()
        rows.append(frame["pos"].to_numpy())
        cols.append(first)
    r, c = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    # Renumber by first appearance so the result does not depend on scipy's numbering.
    _, first_pos = np.unique(labels, return_index=True)
    order = np.argsort(first_pos)
    renumber = np.empty_like(order)
    renumber[order] = np.arange(len(order))
    return renumber[labels]


# ------------------------------------------------------------------------------- loading ---


def insert_rows(con: sqlite3.Connection, table: str, frame: pd.DataFrame) -> None:
    """Insert *frame* into *table*; on a constraint violation, say which row broke which rule.

    The insert is all-or-nothing: it runs inside a savepoint that is released when every row is
    in and rolled back on *any* error (a rejected row, "database is locked", a read-only file,
    an interrupt), so the connection is left as it was and a retry starts clean. Called outside
    a transaction, the insert is committed on success; inside the caller's transaction, it
    becomes part of it.

    Parameters
    ----------
    con : sqlite3.Connection
        An open database holding *table*.
    table : str
        The table to insert into (a plain SQL identifier).
    frame : pandas.DataFrame
        The rows; its column names are the table's column names. NaN and NaT become NULL.

    Returns
    -------
    None

    Raises
    ------
    TypeError
        *frame* is not a DataFrame.
    ValueError
        A row breaks a constraint (the message names the table, the row and the rule), or
        *table* or a column name is not a plain SQL identifier.
    sqlite3.Error
        Any other database error (locked, read-only, disk full), after the rollback.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; stage 1 of the infrastructure: build the customer database (see the README,
    "Sources").
    SQLite documentation: SAVEPOINT, RELEASE and ROLLBACK TO.
    https://www.sqlite.org/lang_savepoint.html

    Examples
    --------
    >>> con = sqlite3.connect(":memory:")
    >>> _ = con.execute("CREATE TABLE cars (vin TEXT CHECK (length(vin) = 17))")
    >>> insert_rows(con, "cars", pd.DataFrame({"vin": ["LSVAA2180A2000001", "LSV1"]}))
    Traceback (most recent call last):
    ...
    ValueError: cars row 1 (index 1) was rejected: CHECK constraint failed: ...
    >>> con.execute("SELECT COUNT(*) FROM cars").fetchone()  # all or nothing
    (0,)
    """
    require_frame(frame, "frame", allow_empty=True)
    columns = list(map(str, frame.columns))
    for name in (table, *columns):
        if not _IDENTIFIER.fullmatch(name):
            raise ValueError(
                f"{name!r} is not a plain SQL table name or column name (letters, digits, _)"
            )
    if frame.empty:
        return
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    records = [
        tuple(None if (isinstance(v, float) and np.isnan(v)) or v is pd.NaT else v for v in row)
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]
    con.execute("SAVEPOINT load")
    try:
        try:
            con.executemany(sql, records)
        except sqlite3.IntegrityError:
            con.execute("ROLLBACK TO load")
            _name_the_culprit(con, sql, records, table, columns, frame.index)
            raise
    except BaseException as err:
        _undo(con, err)
        raise
    con.execute("RELEASE load")


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _name_the_culprit(
    con: sqlite3.Connection,
    sql: str,
    records: list[tuple],
    table: str,
    columns: list[str],
    index: pd.Index,
) -> None:
    """Insert *records* one by one to find the first one a constraint rejects; raise for it."""
    for position, record in enumerate(records):
        try:
            con.execute(sql, record)
        except sqlite3.IntegrityError as err:
            shown = dict(zip(columns, record, strict=True))
            raise ValueError(
                f"{table} row {position} (index {index[position]!r}) was rejected: "
                f"{err}. Row: {shown}"
            ) from None


def _undo(con: sqlite3.Connection, cause: BaseException) -> None:
    """Roll back and release the ``load`` savepoint after *cause*; if even that fails, roll
    back the whole transaction, so the connection is never left inside a half-done insert."""
    try:
        con.execute("ROLLBACK TO load")
        con.execute("RELEASE load")
    except sqlite3.Error as err:
        con.rollback()
        cause.add_note(f"the rollback to the savepoint failed too ({err}); rolled back it all")


def _iso(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d %H:%M:%S")


def build_customer_database(
    data: dict[str, pd.DataFrame],
    path: str | os.PathLike[str] = ":memory:",
    *,
    overwrite: bool = False,
) -> sqlite3.Connection:
    """Build the single customer view from SVW-style source tables; return the connection.

    *data* holds ``dealers``, ``campaigns``, ``touchpoints`` and ``sales`` as made by
    :func:`crmlib.datasets.generate_svw_data` (extra columns are ignored). Touchpoints are matched
    into customers by normalised phone or e-mail; DMS sales are attached to the customer with
    the buyer's phone (a buyer never seen before becomes a new customer); leads are qualified
    and routed.

    Use *path* to write a database file. It is built all-or-nothing: in a temporary file beside
    *path*, renamed into place only when complete, so a failed or killed build never leaves a
    partial database at *path*. An existing file at *path* is replaced only with
    ``overwrite=True``.

    Parameters
    ----------
    data : dict of str to pandas.DataFrame
        ``dealers``, ``campaigns``, ``touchpoints`` and ``sales`` (columns as in :data:`SCHEMA`;
        sales carry the raw ``buyer_phone`` and ``buyer_name``).
    path : str or os.PathLike, default ":memory:"
        Where to write the database; ``":memory:"`` keeps it in memory.
    overwrite : bool, default False
        Replace an existing file at *path*.

    Returns
    -------
    sqlite3.Connection
        An open connection to the finished database, foreign keys enforced.

    Raises
    ------
    FileNotFoundError
        The folder of *path* does not exist.
    FileExistsError
        *path* exists and *overwrite* is False.
    ValueError
        A source row breaks a rule of :data:`SCHEMA` (named in the message).

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; one lifetime record per customer,
    fed by every touchpoint (see the README, "Sources").
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; stage 1 of the infrastructure: build the customer database (see the README,
    "Sources").
    Codd, E. F. (1970). A relational model of data for large shared data banks. *Communications of
    the ACM*, 13(6), 377–387.

    Examples
    --------
    One person fills in the web form and calls the hotline (the same phone, typed two ways),
    then buys: two touchpoints, one customer.

    >>> con = build_customer_database(_example_data())
    >>> query(con, "duplicates_merged").values.tolist()
    [[2, 1, 1]]
    """
    if str(path) in {":memory:", ""}:
        con = sqlite3.connect(":memory:")
        try:
            _fill(con, data)
        except BaseException:
            con.close()
            raise
        return con
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"no folder {target.parent} to write the database {target.name} in")
    if target.exists() and not overwrite:
        raise FileExistsError(
            f"{target} exists already; pass overwrite=True to replace it, or choose another path"
        )
    _remove_orphans(target)
    fd, tmp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode = MEMORY")  # a private file: no journal beside it
            _fill(con, data)
        finally:
            con.close()
        usual_permissions(tmp)  # mkstemp made it readable by the owner only
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    con = sqlite3.connect(target)
    con.execute("PRAGMA foreign_keys = ON")
    return con


def _remove_orphans(target: Path) -> None:
    """Delete the half-built files that killed builds of *target* left behind.

    A build's temporary file is named ``.NAME.<pid>.<random>.tmp``; one whose process no longer
    runs was left by a build that was killed (kill -9 runs no clean-up), so nobody will finish
    or remove it. A file of a build still running is left alone.
    """
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        pid = leftover.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _fill(con: sqlite3.Connection, data: dict[str, pd.DataFrame]) -> None:
    """Create the schema in the empty database *con* and load *data*, in one transaction."""
    con.executescript(SCHEMA)
    con.execute("BEGIN")
    try:
        _load(con, data)
    except BaseException:
        con.rollback()
        raise
    con.commit()


def _load(con: sqlite3.Connection, data: dict[str, pd.DataFrame]) -> None:
    """Match, de-duplicate and insert the source tables (see :func:`build_customer_database`)."""
    insert_rows(con, "dealers", data["dealers"][["dealer_id", "name", "city", "region"]])
    insert_rows(con, "campaigns", data["campaigns"][["campaign_id", "name", "channel", "cost"]])

    tp = data["touchpoints"]
    sales = data["sales"]
    phone = pd.concat(
        [normalise_phone(tp["raw_phone"]), normalise_phone(sales["buyer_phone"])], ignore_index=True
    )
    email = pd.concat(
        [normalise_email(tp["raw_email"]), pd.Series([None] * len(sales), dtype=object)],
        ignore_index=True,
    )
    names = pd.concat(
        [normalise_name(tp["raw_name"]), normalise_name(sales["buyer_name"])], ignore_index=True
    )
    person = match_identities(phone, email) + 1
    when = pd.concat([_iso(tp["occurred_at"]), _iso(sales["sold_at"])], ignore_index=True)
    cities = pd.concat(
        [tp["city"], pd.Series([None] * len(sales), dtype=object)], ignore_index=True
    )
    records = pd.DataFrame(
        {
            "customer_id": person,
            "phone": phone,
            "email": email,
            "name": names,
            "city": cities,
            "when": when,
        }
    )
    ordered = records.sort_values(["customer_id", "when"], kind="stable")
    customers = ordered.drop_duplicates("customer_id").set_index("customer_id")[["when"]]
    customers = customers.rename(columns={"when": "first_seen"})
    for key in ("phone", "email"):  # one value per customer: matching merged on these keys
        present = ordered.dropna(subset=[key]).drop_duplicates("customer_id")
        customers[key] = present.set_index("customer_id")[key]
    most_frequent = customer_attributes(records, ["name", "city"])
    customers["name"] = most_frequent["name"]
    customers["city"] = most_frequent["city"]
    customers = customers.reset_index()
    insert_rows(con, "customers", customers)

    tp_rows = tp.assign(
        customer_id=person[: len(tp)],
        occurred_at=_iso(tp["occurred_at"]),
        verified=tp["verified"].astype(int),
    )
    insert_rows(
        con,
        "touchpoints",
        tp_rows[
            [
                "touchpoint_id",
                "customer_id",
                "source",
                "campaign_id",
                "occurred_at",
                "raw_name",
                "raw_phone",
                "raw_email",
                "city",
                "model_interest",
                "purchase_horizon_months",
                "verified",
                "first_contact_hours",
            ]
        ],
    )
    leads = pd.DataFrame(
        {
            "touchpoint_id": tp["touchpoint_id"],
            "dealer_id": route_leads(tp, data["dealers"]),
            "hot": qualify_hot_leads(tp).astype(int),
        }
    )
    insert_rows(con, "leads", leads)
    insert_rows(
        con,
        "sales",
        sales.assign(customer_id=person[len(tp) :], sold_at=_iso(sales["sold_at"]))[
            ["sale_id", "customer_id", "dealer_id", "sold_at", "model", "price", "vin"]
        ],
    )


def touchpoint_outcomes(con: sqlite3.Connection, *, attribution: str = "first") -> pd.DataFrame:
    """Every touchpoint with its matched customer, lead status and what it led to.

    ``converted``: the customer bought a car on or after the touchpoint (a person-level fact,
    true for every earlier touchpoint of a buyer). ``credited_sales``: the sales this touchpoint
    is credited with under one attribution rule (:func:`crmlib.svw.attribute_sales`, first
    touch by default), so that every sale is counted for one campaign only.

    Parameters
    ----------
    con : sqlite3.Connection
        A database made by :func:`build_customer_database`.
    attribution : {"first", "last"}, default "first"
        The attribution rule of ``credited_sales``.

    Returns
    -------
    pandas.DataFrame
        One row per touchpoint (in ``touchpoint_id`` order): its ids, source, date, city,
        interest, ``verified``, horizon, contact hours, ``dealer_id``, ``hot``,
        ``converted`` and ``credited_sales``.

    Raises
    ------
    ValueError
        If *attribution* is not a known rule.

    References
    ----------
    Course source 002: the Shanghai Volkswagen CRM case analysis; each campaign judged by its leads
    and the share that converts (see the README, "Sources").

    Examples
    --------
    Both touchpoints of the buyer in :func:`build_customer_database`'s example converted;
    first touch credits the sale to the web form.

    >>> out = touchpoint_outcomes(build_customer_database(_example_data()))
    >>> out[["campaign_id", "converted", "credited_sales"]].values.tolist()
    [['W01', True, 1], ['H00', True, 0]]
    """
    outcomes = pd.read_sql_query(
        """
        SELECT t.touchpoint_id, t.customer_id, t.campaign_id, t.source, t.occurred_at, t.city,
               t.model_interest, t.verified, t.purchase_horizon_months, t.first_contact_hours,
               l.dealer_id, l.hot,
               EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = t.customer_id
                       AND s.sold_at >= t.occurred_at) AS converted
        FROM touchpoints t JOIN leads l USING (touchpoint_id)
        ORDER BY t.touchpoint_id""",
        con,
        parse_dates=["occurred_at"],
    ).astype({"verified": bool, "hot": bool, "converted": bool})
    sales = pd.read_sql_query("SELECT sale_id, customer_id, sold_at FROM sales", con)
    outcomes["credited_sales"] = credited_sales(outcomes, sales, rule=attribution)
    return outcomes


def _example_data() -> dict[str, pd.DataFrame]:
    """The docstrings' example: one person, two touchpoints (web form, hotline), one sale."""
    return {
        "dealers": pd.DataFrame(
            {"dealer_id": ["SH01"], "name": ["Pudong"], "city": ["Shanghai"], "region": ["East"]}
        ),
        "campaigns": pd.DataFrame(
            {
                "campaign_id": ["W01", "H00"],
                "name": ["web launch", "800 hotline"],
                "channel": ["web", "hotline"],
                "cost": [1000.0, 500.0],
            }
        ),
        "touchpoints": pd.DataFrame(
            {
                "touchpoint_id": [1, 2],
                "source": ["web", "hotline"],
                "campaign_id": ["W01", "H00"],
                "occurred_at": ["2004-03-01", "2004-03-05"],
                "raw_name": ["王伟", "王 伟"],
                "raw_phone": ["13912345678", "+86 139-1234-5678"],
                "raw_email": ["wang@qq.com", None],
                "city": ["Shanghai", "Shanghai"],
                "model_interest": ["Passat", "Passat"],
                "purchase_horizon_months": [3, 2],
                "verified": [True, True],
                "first_contact_hours": [20.0, 4.0],
            }
        ),
        "sales": pd.DataFrame(
            {
                "sale_id": [1],
                "dealer_id": ["SH01"],
                "sold_at": ["2004-04-01"],
                "model": ["Passat"],
                "price": [230000.0],
                "vin": ["LSVAA2180A2000001"],
                "buyer_phone": ["139 1234 5678"],
                "buyer_name": ["王伟"],
            }
        ),
    }


# ------------------------------------------------------------------------------- queries ---

#: The SQL a CRM analyst runs on the database, by name (see :func:`query`).
QUERIES: dict[str, str] = {
    "customer_360": """
        SELECT c.customer_id, c.name, c.phone, c.email, c.city, c.first_seen,
               COUNT(DISTINCT t.touchpoint_id) AS touchpoints,
               GROUP_CONCAT(DISTINCT t.source) AS channels,
               MAX(t.occurred_at) AS last_contact,
               (SELECT COUNT(*) FROM sales s WHERE s.customer_id = c.customer_id) AS cars_bought
        FROM customers c LEFT JOIN touchpoints t ON t.customer_id = c.customer_id
        WHERE c.customer_id = :customer_id
        GROUP BY c.customer_id""",
    "duplicates_merged": """
        SELECT COUNT(*) AS touchpoints, COUNT(DISTINCT customer_id) AS customers,
               COUNT(*) - COUNT(DISTINCT customer_id) AS records_merged
        FROM touchpoints""",
    # 48 h: the follow-up limit the course borrows from the BMW dealer rule (source 004).
    "hot_leads_by_dealer": """
        SELECT d.dealer_id, d.name, d.region, COUNT(*) AS hot_leads,
               ROUND(AVG(t.first_contact_hours), 1) AS mean_hours_to_contact,
               ROUND(AVG(t.first_contact_hours <= 48), 3) AS within_48h
        FROM leads l JOIN touchpoints t USING (touchpoint_id) JOIN dealers d USING (dealer_id)
        WHERE l.hot = 1
        GROUP BY d.dealer_id ORDER BY hot_leads DESC""",
    # First-touch attribution in SQL: each sale goes to the buyer's earliest touchpoint on or
    # before the sale date (ties: lower touchpoint_id), the rule of crmlib.svw.attribute_sales.
    "campaign_sales": """
        WITH ranked AS (
            SELECT s.sale_id, t.campaign_id,
                   ROW_NUMBER() OVER (PARTITION BY s.sale_id
                                      ORDER BY t.occurred_at, t.touchpoint_id) AS k
            FROM sales s JOIN touchpoints t
              ON t.customer_id = s.customer_id AND t.occurred_at <= s.sold_at)
        SELECT cp.campaign_id, cp.name, cp.cost,
               (SELECT COUNT(DISTINCT t.customer_id) FROM touchpoints t
                WHERE t.campaign_id = cp.campaign_id) AS prospects,
               COUNT(r.sale_id) AS sales
        FROM campaigns cp LEFT JOIN ranked r ON r.campaign_id = cp.campaign_id AND r.k = 1
        GROUP BY cp.campaign_id ORDER BY cp.campaign_id""",
    "multi_channel_customers": """
        SELECT channels, COUNT(*) AS customers FROM (
            SELECT customer_id, COUNT(DISTINCT source) AS channels
            FROM touchpoints GROUP BY customer_id)
        GROUP BY channels ORDER BY channels""",
}


def query(con: sqlite3.Connection, name: str, /, **params: Any) -> pd.DataFrame:
    """Run one of :data:`QUERIES` by name with its named parameters; return a DataFrame.

    Parameters
    ----------
    con : sqlite3.Connection
        A database made by :func:`build_customer_database`.
    name : str
        A key of :data:`QUERIES`.
    **params
        The query's named parameters (``customer_id`` for ``customer_360``).

    Returns
    -------
    pandas.DataFrame
        The result set.

    Raises
    ------
    ValueError
        If *name* is not a known query.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the customer information to record and find value in (see the README,
    "Sources").
    Course source 002: the Shanghai Volkswagen CRM case analysis; the single customer view behind
    the lead management (see the README, "Sources").

    Examples
    --------
    >>> con = build_customer_database(_example_data())
    >>> query(con, "customer_360", customer_id=1)[["touchpoints", "cars_bought"]].values.tolist()
    [[2, 1]]
    """
    if name not in QUERIES:
        raise ValueError(f"unknown query {name!r}; the queries are: {', '.join(QUERIES)}")
    return pd.read_sql_query(QUERIES[name], con, params=params)
