"""Tests of the bundled data and the seeded generator behind it."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlib import concentration, customers, datasets


def test_same_seed_same_data_and_other_seed_other_data():
    a = datasets.generate_transactions(300, rng=7)
    b = datasets.generate_transactions(300, rng=7)
    c = datasets.generate_transactions(300, rng=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_committed_copy_matches_the_generator():
    """If this fails after an upgrade, numpy changed its random stream: regenerate on purpose
    with `python -m crmlib.datasets._make_data`, re-run the notebooks, and review the diff."""
    committed = datasets.load_transactions()
    fresh = datasets.generate_transactions()
    fresh["date"] = fresh["date"].astype(committed["date"].dtype)
    pd.testing.assert_frame_equal(committed, fresh, check_dtype=False)


def test_bundled_data_has_the_documented_shape():
    tx = datasets.load_transactions()
    assert len(tx) == 9_698
    assert tx["customer_id"].nunique() == 3000
    assert list(tx.columns) == [
        "order_id",
        "customer_id",
        "date",
        "amount",
        "cost",
        "service_cost",
        "channel",
        "region",
        "category",
    ]
    assert pd.api.types.is_datetime64_any_dtype(tx["date"])
    assert tx["date"].between("2023-01-01", "2024-12-31").all()


def test_customers_are_acquired_throughout_the_log():
    # a real log keeps acquiring: each of the eight quarters brings about 3000 / 8 = 375 first
    # purchases (before 2026-12 the generator stopped acquiring in August 2024)
    first = datasets.load_transactions().groupby("customer_id")["date"].min()
    per_quarter = first.dt.to_period("Q").value_counts().sort_index()
    assert len(per_quarter) == 8
    assert per_quarter.between(300, 450).all(), per_quarter


def test_value_is_heavy_tailed_with_a_loss_making_tail():
    value = customers.customer_value(datasets.load_transactions())
    assert 0.6 <= concentration.top_share(value["revenue"], 0.2) <= 0.85
    assert 0.2 <= (value["profit"] < 0).mean() <= 0.45


def test_read_transactions_until_and_errors(tmp_path):
    tx = datasets.read_transactions(until="2023-06-30")
    assert tx["date"].max() <= pd.Timestamp("2023-06-30")
    with pytest.raises(FileNotFoundError, match="no transaction file"):
        datasets.read_transactions(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("customer_id,amount\na,1\n")
    with pytest.raises(ValueError, match="no 'date' column"):
        datasets.read_transactions(bad)
    with pytest.raises(ValueError, match="no transactions on or before"):
        datasets.read_transactions(until="2000-01-01")


def test_generator_rejects_bad_arguments():
    with pytest.raises(ValueError, match="n_customers"):
        datasets.generate_transactions(0)
    with pytest.raises(ValueError, match="30 days"):
        datasets.generate_transactions(10, start="2024-01-01", end="2024-01-10")


def test_published_appliance_table_sums():
    table = datasets.appliance_customer_groups()
    assert table["market_share_pct"].sum() == pytest.approx(100.0)
    assert table["customer_share_pct"].sum() == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("loader", "generator"),
    [
        ("load_satisfaction_survey", "generate_satisfaction_survey"),
        ("load_kano_survey", "generate_kano_survey"),
        ("load_ahp_judgments", "generate_ahp_judgments"),
    ],
)
def test_committed_survey_data_match_their_generators(loader, generator):
    committed = getattr(datasets, loader)()
    fresh = getattr(datasets, generator)()
    pd.testing.assert_frame_equal(committed, fresh, check_dtype=False)


def test_read_table_relative_to_the_current_folder_and_with_an_encoding(tmp_path, monkeypatch):
    text = "customer_id,date,amount\n007,2024-03-01,10\n7,2024-03-02,5\n"
    (tmp_path / "big5.csv").write_bytes(text.replace("007", "王07").encode("big5"))
    (tmp_path / "orders.csv").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    table = datasets.read_table("orders.csv")
    assert table["customer_id"].tolist() == ["007", "7"]
    assert table.index.tolist() == [2, 3] and table.index.name == "line"
    assert datasets.read_table("big5.csv", encoding="big5")["customer_id"].iloc[0] == "王07"
    with pytest.raises(ValueError, match=r"big5.csv is not utf-8 text .* check the encoding="):
        datasets.read_table("big5.csv", encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown encoding 'klingon'"):
        datasets.read_table("orders.csv", encoding="klingon")
    with pytest.raises(FileNotFoundError, match=rf"no file at nope.csv \(looked in {tmp_path}\)"):
        datasets.read_table("nope.csv")
    with pytest.raises(FileNotFoundError, match="that is a folder"):
        datasets.read_table(tmp_path)


def test_judgments_file_in_gbk_with_chinese_names(tmp_path):
    path = tmp_path / "judgments.csv"
    path.write_bytes("expert,matrix,row,col,value\n张伟,目标,销售,售后,1/3\n".encode("gbk"))
    judgments = datasets.load_ahp_judgments(path)
    assert judgments.iloc[0].tolist() == ["张伟", "目标", "销售", "售后", "1/3"]


def test_cdnow_log_has_the_published_size_and_contains_the_sample():
    """The full CDNOW log: 23,570 customers and 69,659 purchase records (Fader, Hardie & Lee
    2005; lifetimes' CDNOW_master.txt), all first purchases in 1997 Q1, observed to 1998-06-30.
    The 1/10 sample of chapter 3 must be exactly its customers' rows of the full log."""
    log = datasets.load_cdnow_log()
    assert list(log.columns) == ["customer_id", "date", "cds", "dollars"]
    assert len(log) == 69_659
    assert log["customer_id"].nunique() == 23_570
    assert log["customer_id"].min() == 1 and log["customer_id"].max() == 23_570
    assert log["date"].min() == pd.Timestamp("1997-01-01")
    assert log["date"].max() == pd.Timestamp("1998-06-30")
    first = log.groupby("customer_id")["date"].min()
    assert first.max() <= pd.Timestamp("1997-03-31")
    assert (log["dollars"] >= 0).all() and int((log["dollars"] == 0).sum()) == 80
    sample = datasets.load_cdnow_transactions()
    rows = log[log["customer_id"].isin(sample["original_id"])]
    mine = rows.sort_values(["customer_id", "date", "cds", "dollars"]).reset_index(drop=True)
    theirs = (
        sample.rename(columns={"customer_id": "sample_id", "original_id": "customer_id"})[
            ["customer_id", "date", "cds", "dollars"]
        ]
        .sort_values(["customer_id", "date", "cds", "dollars"])
        .reset_index(drop=True)
    )
    theirs["date"] = theirs["date"].astype(mine["date"].dtype)
    pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)


def test_every_data_set_describes_itself():
    names = datasets.datasheets()
    assert {"transactions", "cdnow_log", "donations", "ecsi_mobi", "svw"} <= set(names)
    for name in names:
        sheet = datasets.describe(name)
        assert sheet.startswith("# Datasheet"), name
    assert "GPL-3" in datasets.describe("ecsi_mobi")
    with pytest.raises(ValueError, match="no datasheet 'sales'; the data sets are: ahp_judgments"):
        datasets.describe("sales")
