"""The SVW lead rules and the customer database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlib import crmdb, datasets, svw


@pytest.fixture(scope="module")
def data():
    return datasets.load_svw_data()


@pytest.fixture(scope="module")
def con(data):
    return crmdb.build_customer_database(data)


def test_committed_svw_data_match_the_generator(data):
    fresh = datasets.generate_svw_data()
    for name, table in data.items():
        pd.testing.assert_frame_equal(table, fresh[name], check_dtype=False)


@given(st.booleans(), st.sampled_from(["Shanghai", "Wuxi"]), st.sampled_from([1, 3, 6, 12]))
def test_hot_only_when_all_three_conditions_hold(verified, city, horizon):
    lead = pd.DataFrame(
        {"verified": [verified], "city": [city], "purchase_horizon_months": [horizon]}
    )
    expected = verified and city == "Shanghai" and horizon <= 3
    assert bool(svw.qualify_hot_leads(lead).iloc[0]) is expected


def test_normalisation():
    phones = pd.Series(["+86 139-1234-5678", "13912345678", "0086 13912345678", "555", None])
    assert crmdb.normalise_phone(phones).tolist() == ["13912345678"] * 3 + [None, None]
    emails = pd.Series([" Wang@QQ.com ", "not-an-email", None])
    assert crmdb.normalise_email(emails).tolist() == ["wang@qq.com", None, None]
    assert crmdb.normalise_name(pd.Series(["王 伟", "ＷＡＮＧ"])).tolist() == ["王伟", "wang"]


def test_matching_is_transitive_symmetric_and_order_free():
    phone = pd.Series(["1", "1", None, None, "9"])
    email = pd.Series([None, "a@x.cn", "a@x.cn", "b@x.cn", None])
    labels = crmdb.match_identities(phone, email)
    assert labels.tolist() == [0, 0, 0, 1, 2]  # 0-1 by phone, 1-2 by e-mail
    reversed_labels = crmdb.match_identities(
        phone[::-1].reset_index(drop=True), email[::-1].reset_index(drop=True)
    )[::-1]
    # the same partition (symmetric, order free), whatever the numbering
    pairs = {(a, b) for a, b in zip(labels, reversed_labels, strict=True)}
    assert len(pairs) == len(set(labels))


def test_database_keeps_every_touchpoint_and_merges_correctly(con, data):
    merged = crmdb.query(con, "duplicates_merged").iloc[0]
    assert merged["touchpoints"] == len(data["touchpoints"])  # de-duplication loses nothing
    assigned = pd.read_sql_query("SELECT touchpoint_id, customer_id FROM touchpoints", con)
    check = data["touchpoints"][["touchpoint_id", "true_person"]].merge(assigned)
    mixed = check.groupby("customer_id")["true_person"].nunique()
    assert mixed.max() == 1  # no customer mixes two people
    assert pd.read_sql_query("SELECT COUNT(*) n FROM sales", con)["n"].iloc[0] == len(data["sales"])


def test_constraints_reject_bad_rows_and_name_them(con):
    bad_sale = pd.DataFrame(
        {
            "sale_id": [99999],
            "customer_id": [1],
            "dealer_id": ["XX99"],
            "sold_at": ["2005-01-01"],
            "model": ["Passat"],
            "price": [1.0],
            "vin": ["LSVAA000000099999"],
        }
    )
    with pytest.raises(ValueError, match=r"sales row 0 .*FOREIGN KEY"):
        crmdb.insert_rows(con, "sales", bad_sale)
    no_contact = pd.DataFrame(
        {
            "touchpoint_id": [99999],
            "customer_id": [1],
            "source": ["web"],
            "campaign_id": ["W01"],
            "occurred_at": ["2005-01-01"],
            "raw_phone": [None],
            "raw_email": [None],
            "verified": [1],
        }
    )
    with pytest.raises(ValueError, match=r"touchpoints row 0 .*CHECK constraint"):
        crmdb.insert_rows(con, "touchpoints", no_contact)
    count = pd.read_sql_query("SELECT COUNT(*) n FROM sales WHERE sale_id = 99999", con)
    assert count["n"].iloc[0] == 0  # nothing half-inserted


def test_queries(con):
    one = crmdb.query(con, "customer_360", customer_id=12)
    assert len(one) == 1 and one["touchpoints"].iloc[0] >= 1
    assert crmdb.query(con, "multi_channel_customers")["customers"].sum() == 4079
    with pytest.raises(ValueError, match="unknown query"):
        crmdb.query(con, "nope")


def test_campaign_and_paths(con, data):
    outcomes = crmdb.touchpoint_outcomes(con)
    perf = svw.campaign_performance(outcomes, data["campaigns"])
    assert perf["leads"].sum() == len(outcomes)
    # first touch credits every sale at most once; with the sales no touch preceded, the
    # campaigns' sales add up to the DMS's 702 sales
    sales = pd.read_sql_query("SELECT sale_id, customer_id, sold_at FROM sales", con)
    by_campaign = svw.sales_by_campaign(svw.attribute_sales(outcomes, sales))
    assert by_campaign.sum() == len(data["sales"]) == 702
    assert (
        perf["sales"].sum() == outcomes["credited_sales"].sum() == 702 - by_campaign[svw.NO_TOUCH]
    )
    r00 = perf.loc["R00"]
    assert r00["cost_per_sale"] == pytest.approx(round(r00["cost"] / r00["sales"], 2))
    paths = svw.referral_paths(outcomes, data["campaigns"])
    assert paths["leads"].sum() == len(outcomes)
    assert paths["sales"].sum() == perf["sales"].sum()
    assert paths.loc[svw.REVERSE, "conversion_rate"] > paths.loc[svw.FORWARD, "conversion_rate"]


def test_sql_attribution_equals_pandas(con, data):
    outcomes = crmdb.touchpoint_outcomes(con)
    perf = svw.campaign_performance(outcomes, data["campaigns"])
    sql = crmdb.query(con, "campaign_sales").set_index("campaign_id")
    pd.testing.assert_series_equal(
        sql["sales"].sort_index(), perf["sales"].sort_index(), check_dtype=False
    )


def test_attribution_rules_differ_and_validate():
    tp = pd.DataFrame(
        {
            "touchpoint_id": [1, 2, 3, 4],
            "customer_id": [1, 1, 1, 2],
            "campaign_id": ["W01", "H00", "S00", "E01"],
            "occurred_at": ["2004-01-05", "2004-02-01", "2004-03-02", "2004-01-01"],
        }
    )
    sales = pd.DataFrame({"sale_id": [7, 8], "customer_id": [1, 2], "sold_at": ["2004-03-01"] * 2})
    assert svw.attribute_sales(tp, sales)["campaign_id"].tolist() == ["W01", "E01"]
    # S00 came after the sale: last touch is H00, not S00
    assert svw.attribute_sales(tp, sales, rule="last")["campaign_id"].tolist() == ["H00", "E01"]
    assert svw.credited_sales(tp, sales).tolist() == [1, 0, 0, 1]
    with pytest.raises(ValueError, match="rule must be one of"):
        svw.attribute_sales(tp, sales, rule="linear")
    with pytest.raises(ValueError, match="more than once"):
        svw.attribute_sales(tp, pd.concat([sales, sales]))


def test_allocated_costs_follow_the_selection(con, data):
    outcomes = crmdb.touchpoint_outcomes(con)
    same = svw.allocate_costs(data["campaigns"], outcomes, outcomes)
    pd.testing.assert_series_equal(same["cost"], data["campaigns"]["cost"], check_dtype=False)
    east = svw.select_leads(outcomes, data["dealers"], data["campaigns"], region="East")
    west = svw.select_leads(outcomes, data["dealers"], data["campaigns"], region="West")
    rest = outcomes.drop(index=east.index.union(west.index))
    parts = sum(
        svw.allocate_costs(data["campaigns"], part, outcomes)["cost"] for part in (east, west, rest)
    )
    assert parts.to_numpy() == pytest.approx(data["campaigns"]["cost"].to_numpy(), abs=0.05)
    with pytest.raises(ValueError, match="selection of all_leads"):
        svw.allocate_costs(data["campaigns"], outcomes, east)


def test_cost_per_sale_is_one_definition():
    out = svw.cost_per_sale(pd.Series([400_000.0, 10.0]), pd.Series([117, 0]))
    assert out.iloc[0] == 3418.8 and pd.isna(out.iloc[1])


def test_nested_funnel_never_counts_a_skipped_stage(con):
    outcomes = crmdb.touchpoint_outcomes(con)
    stages = svw.lead_stages(outcomes)
    funnel = svw.nested_funnel(stages)
    assert funnel["count"].is_monotonic_decreasing
    # buyers whose only hot leads were called late exist, and the last stage leaves them out
    bought_after_hot = outcomes.loc[outcomes["hot"] & outcomes["converted"], "customer_id"]
    timely = outcomes["hot"] & (outcomes["first_contact_hours"] <= 48) & outcomes["converted"]
    only_late = set(bought_after_hot) - set(outcomes.loc[timely, "customer_id"])
    assert only_late
    assert funnel["count"].iloc[-1] == bought_after_hot.nunique() - len(only_late)
    flags = pd.DataFrame({"a": [True, False], "b": [False, True]})
    assert svw.nested_funnel(flags)["count"].tolist() == [1, 0]
    with pytest.raises(ValueError, match="boolean"):
        svw.nested_funnel(pd.DataFrame({"a": [1, 0]}))


def test_select_leads_errors(con, data):
    outcomes = crmdb.touchpoint_outcomes(con)
    args = (outcomes, data["dealers"], data["campaigns"])
    assert len(svw.select_leads(*args, period="2005Q1", region="East", campaign_ids="W01,R00")) > 0
    with pytest.raises(ValueError, match="unknown region 'Mars'"):
        svw.select_leads(*args, region="Mars")
    with pytest.raises(ValueError, match=r"unknown campaign\(s\) \['ZZ'\]"):
        svw.select_leads(*args, campaign_ids="ZZ")
    with pytest.raises(ValueError, match="is not a year"):
        svw.select_leads(*args, period="spring")


def test_funnel_cannot_grow():
    with pytest.raises(ValueError, match="cannot grow"):
        svw.lead_funnel({"a": 1, "b": 2})


# ------------------------------------------------------------- all-or-nothing writes ---

_HOLD_WRITE_LOCK = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()  # hold the write lock until the test closes our stdin
con.execute("ROLLBACK")
"""

_ONE_DEALER = pd.DataFrame(
    {"dealer_id": ["X01"], "name": ["X"], "city": ["Wuxi"], "region": ["East"]}
)


def _dealer_table(path):
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE dealers (dealer_id TEXT PRIMARY KEY, name TEXT, city TEXT, region TEXT)"
    )
    con.commit()
    con.close()


def _dealer_ids(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [row[0] for row in con.execute("SELECT dealer_id FROM dealers")]
    finally:
        con.close()


def test_insert_rows_rolls_back_when_another_process_holds_the_write_lock(tmp_path):
    path = tmp_path / "crm.db"
    _dealer_table(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_WRITE_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        con = sqlite3.connect(path, timeout=0.05)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            crmdb.insert_rows(con, "dealers", _ONE_DEALER)
        assert not con.in_transaction  # the savepoint is gone: the connection is clean
    finally:
        holder.communicate("", timeout=10)
    crmdb.insert_rows(con, "dealers", _ONE_DEALER)  # the retry ...
    con.close()
    assert _dealer_ids(path) == ["X01"]  # ... is committed, not lost at close()


def test_insert_rows_rolls_back_on_a_read_only_database(tmp_path):
    path = tmp_path / "crm.db"
    _dealer_table(path)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        crmdb.insert_rows(con, "dealers", _ONE_DEALER)
    assert not con.in_transaction
    assert con.execute("SELECT COUNT(*) FROM dealers").fetchone() == (0,)
    con.close()


def test_insert_rows_refuses_a_table_name_that_is_not_an_identifier(con):
    with pytest.raises(ValueError, match="table name"):
        crmdb.insert_rows(con, "dealers; DROP TABLE sales", _ONE_DEALER)


def _small(data):
    return {
        "dealers": data["dealers"],
        "campaigns": data["campaigns"],
        "touchpoints": data["touchpoints"].head(300),
        "sales": data["sales"].head(30),
    }


def test_database_file_is_built_aside_and_replaced_only_when_asked(tmp_path, data):
    path = tmp_path / "crm.db"
    crmdb.build_customer_database(_small(data), path=str(path)).close()
    assert _dealer_ids(path) == sorted(data["dealers"]["dealer_id"])
    before = path.read_bytes()
    with pytest.raises(FileExistsError, match=r"overwrite=True"):
        crmdb.build_customer_database(_small(data), path=str(path))
    assert path.read_bytes() == before  # untouched
    con = crmdb.build_customer_database(_small(data), path=path, overwrite=True)
    assert con.execute("SELECT COUNT(*) FROM touchpoints").fetchone() == (300,)
    assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)
    con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.db"]  # no temporary left


def test_a_failed_build_leaves_the_old_database_and_no_temporary(tmp_path, data):
    path = tmp_path / "crm.db"
    crmdb.build_customer_database(_small(data), path=path).close()
    before = path.read_bytes()
    broken = _small(data)
    broken["sales"] = broken["sales"].assign(vin="too short")
    with pytest.raises(ValueError, match="sales row 0"):
        crmdb.build_customer_database(broken, path=path, overwrite=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.db"]


_BUILD_THEN_HANG = """
import sys, time
from crmlib import crmdb, datasets
real = crmdb.insert_rows
def insert_then_hang(con, table, frame):
    real(con, table, frame)
    if table == "customers":  # dealers, campaigns and customers are in: hang there
        print("hanging", flush=True)
        time.sleep(600)
crmdb.insert_rows = insert_then_hang
data = datasets.load_svw_data()
data["touchpoints"] = data["touchpoints"].head(300)
data["sales"] = data["sales"].head(30)
crmdb.build_customer_database(data, path=sys.argv[1])
"""


def test_kill_9_during_a_build_leaves_no_database_at_the_path(tmp_path):
    path = tmp_path / "crm.db"
    build = subprocess.Popen(
        [sys.executable, "-c", _BUILD_THEN_HANG, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert build.stdout.readline().strip() == "hanging"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=10)
        build.stdout.close()
    assert not path.exists()  # no partial database that looks complete
    (orphan,) = tmp_path.glob(".crm.db.*.tmp")  # kill -9 runs no clean-up...
    assert orphan.name.startswith(f".crm.db.{build.pid}.")
    con = crmdb.build_customer_database(_small(datasets.load_svw_data()), path=path)
    assert con.execute("SELECT COUNT(*) FROM customers").fetchone()[0] > 0
    con.close()
    assert list(tmp_path.glob(".crm.db.*.tmp")) == []  # ...so the next build removes its file


def test_a_running_builds_temporary_file_is_left_alone(tmp_path):
    path = tmp_path / "crm.db"
    running = tmp_path / f".crm.db.{os.getpid()}.abc123.tmp"  # our own pid: alive
    running.write_bytes(b"")
    con = crmdb.build_customer_database(_small(datasets.load_svw_data()), path=path)
    con.close()
    assert running.exists()


def test_demand_signal_counts_hot_leads_and_rounds_to_whole_cars():
    leads = pd.DataFrame(
        {
            "model_interest": ["Polo", "Polo", "Polo", "Passat", "Passat"],
            "dealer_id": ["SH01", "SH01", "BJ01", "SH01", "BJ01"],
            "hot": [True, True, True, True, False],
        }
    )
    by_model = svw.demand_signal(leads, rate=0.5)
    assert by_model["hot_leads"].to_dict() == {"Passat": 1, "Polo": 3}
    assert by_model["expected_sales"].to_dict() == {"Passat": 0, "Polo": 2}  # 0.5 and 1.5
    both = svw.demand_signal(leads, rate=1.0, by=["dealer_id", "model_interest"])
    assert both.loc[("SH01", "Polo"), "expected_sales"] == 2
    with pytest.raises(ValueError, match="between 0 and 1"):
        svw.demand_signal(leads, rate=1.5)


def test_a_shorter_follow_up_limit_shrinks_the_last_stages(con):
    outcomes = crmdb.touchpoint_outcomes(con)
    wide = svw.nested_funnel(svw.lead_stages(outcomes))["count"]
    narrow = svw.nested_funnel(svw.lead_stages(outcomes, limit_hours=24))["count"]
    assert narrow.iloc[:2].tolist() == wide.iloc[:2].tolist()  # people and hot leads unchanged
    assert (narrow.iloc[2:].to_numpy() < wide.iloc[2:].to_numpy()).all()
    assert narrow.index[2] == "called within 24 h"
