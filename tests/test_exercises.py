"""Every exercise: its right answer passes, each typical wrong answer gets its own hint, and an
answer of the wrong type is refused with the type it should have.

Expected values are computed here from the question (closed forms, or crmlib's building blocks
used another way than the exercise does), never by calling the exercise's own answer function,
so a broken exercise fails these tests.
"""

from __future__ import annotations

import itertools
import math
import re
import sqlite3
from pathlib import Path
from statistics import NormalDist

import nbformat
import numpy as np
import pandas as pd
import pytest

from crmlib import (
    concentration,
    crmdb,
    customers,
    datasets,
    implementation,
    lifecycle,
    sampling,
    satisfaction,
    segmentation,
    strategy,
)
from crmlib.course import exercises

ROOT = Path(__file__).resolve().parents[1]


def _npv(retention: float, rate: float = 0.10, acquisition: float = 150.0) -> float:
    """The cohort's 10-year NPV in closed form: 1,000 customers, margin 100, paid at year end."""
    years = np.arange(1, 11)
    profit = 1000 * 100 * retention ** (years - 1)
    return float((profit / (1 + rate) ** years).sum() - 1000 * acquisition)


def _gini(values: pd.Series) -> float:
    """Gini = Σ (2i − n − 1) x_(i) / (n Σ x), values sorted ascending (i = 1..n)."""
    x = np.sort(values.to_numpy(dtype=float))
    n = len(x)
    return float(((2 * np.arange(1, n + 1) - n - 1) * x).sum() / (n * x.sum()))


def _annuity(amount: float, rate: float, years: int = 6) -> float:
    return sum(amount / (1 + rate) ** t for t in range(1, years + 1))


Z95 = NormalDist().inv_cdf(0.975)
N0 = Z95**2 * 0.25 / 0.05**2  # Cochran's n0 for ±5% at 95%: 384.1...


@pytest.fixture(scope="module")
def retail() -> pd.DataFrame:
    return customers.customer_value(datasets.load_transactions())


@pytest.fixture(scope="module")
def rfm() -> pd.DataFrame:
    return segmentation.rfm_table(datasets.load_transactions(), as_of="2025-01-01")


@pytest.fixture(scope="module")
def svw() -> sqlite3.Connection:
    return crmdb.build_customer_database(datasets.load_svw_data())


def _best_on_all(rfm: pd.DataFrame, bins: int) -> int:
    scores = segmentation.rfm_scores(rfm, bins=bins)
    return int((scores[["R", "F", "M"]] == bins).all(axis=1).sum())


def _right(key, retail, rfm, svw):
    """The right answers of each exercise, as a student may give them."""
    return {
        "ch1.q1": [_npv(0.85)],
        "ch1.q2": [500 / 30, np.float64(500 / 30)],
        "ch2.q1": [_best_on_all(rfm, 3), np.int64(_best_on_all(rfm, 3))],
        "ch2.q2": [_gini(retail["profit"].clip(lower=0))],
        "ch3.q1": [_annuity(800, 0.08)],
        "ch3.q2": [4, 4.0, 1 / 0.25],
        "ch4.q1": [math.ceil(N0 / (1 + (N0 - 1) / 800)), 260.0],
        "ch4.q2": [
            "M",
            "must-be",
            " Must-Be ",
            "当然质量",
            satisfaction.kano_category(2, 5),  # what the library returns, as solution() shows
        ],
        "ch5.q1": [2],
        "ch5.q2": [
            svw.execute("SELECT COUNT(DISTINCT customer_id) FROM touchpoints").fetchone()[0]
        ],
    }[key]


def _wrong(key, retail, rfm, svw):
    """Typical wrong answers of each exercise and a phrase of the hint each must get."""
    touchpoints = svw.execute("SELECT COUNT(*) FROM touchpoints").fetchone()[0]
    customers = svw.execute("SELECT COUNT(DISTINCT customer_id) FROM touchpoints").fetchone()[0]
    n_fpc = N0 / (1 + (N0 - 1) / 800)
    return {
        "ch1.q1": [
            (_npv(0.80), "NPV at 80%"),
            (_npv(0.85, rate=0.0), "did not discount"),
            (_npv(0.85, acquisition=0.0), "acquisition cost"),
            (1000 * 100 * 0.85**9 / 1.1**10, "year 10's discounted profit alone"),
        ],
        "ch1.q2": [
            (30 / 500, "other way round"),
            (470, "divide, not subtract"),
            (1666.67, "not a percentage"),
        ],
        "ch2.q1": [
            (600, "top tier"),
            (int((segmentation.rfm_scores(rfm, bins=3)["R"] == 3).sum()), "R = 3 only"),
            *(
                (_best_on_all(rfm, b), f"{b} score levels: use bins=3")
                for b in (2, 4, 5, 6, 7, 8, 9, 10)
            ),
        ],
        "ch2.q2": [
            (_gini(retail["revenue"].clip(lower=0)), "Gini of revenue"),
            (_gini(retail["sales"].clip(lower=0)), "Gini of sales"),
            (_gini(retail["gross_margin"].clip(lower=0)), "gross margin"),
            (_gini(retail["profit"][retail["profit"] > 0]), "dropped the loss-making"),
            (100 * _gini(retail["profit"].clip(lower=0)), "not a percentage"),
        ],
        "ch3.q1": [
            (4800, "did not discount"),
            (_annuity(800, 0.08) * 1.08, "starts at t = 1"),
            (6000 / 1.08**6 - 1200, "Subtract the cost every year"),
            (_annuity(1000, 0.08), "yearly cost of 200"),
            (_annuity(800, 0.15), "CLV at 15%"),
        ],
        "ch3.q2": [
            (0.25, "churn rate"),
            (0.75, "retention rate"),
            (1 / 0.75, "divided by the retention rate"),
            (25, "customers lost"),
        ],
        "ch4.q1": [
            (math.ceil(N0), "ignores the finite population"),
            (math.floor(N0), "round up"),
            (math.floor(n_fpc), "Round up, not down"),
            (n_fpc, "whole number of customers"),
            (N0 / (1 + N0 / 800), "whole number of customers"),  # the other correction formula
            (sampling.sample_size(800, margin=0.03), "±3%"),
        ],
        "ch4.q2": [
            ("O", "not liking it"),
            ("one-dimensional", "not liking it"),
            ("R", "transposed"),
            ("reverse", "transposed"),
            ("indifferent", "last column"),
        ],
        "ch5.q1": [
            (1, "exactly 3.5"),
            (3.5, "stage 2's score"),
        ],
        "ch5.q2": [
            (touchpoints, "touchpoints, not people"),
            (touchpoints - customers, "merged away"),
        ],
    }[key]


KEYS = sorted(exercises.EXERCISES)
CATEGORY_KEYS = ["ch4.q2"]  # the others ask for a number


def _message(capsys, key, answer) -> tuple[bool, str]:
    ok = exercises.check(key, answer)
    out = capsys.readouterr().out
    assert out.startswith(f"{key}: ") and out.endswith("\n") and out.count("\n") == 1
    return ok, out.removeprefix(f"{key}: ").strip()


def _checked_in(path: Path) -> list[str]:
    """Keys of the computed exercises of a chapter: the check after each code solution cell."""
    cells = nbformat.read(path, as_version=4).cells
    found = []
    for cell, after in itertools.pairwise(cells):
        if cell.cell_type == "code" and "solution" in cell.metadata.get("tags", []):
            found += re.findall(r'exercises\.check\("(ch\d+\.q\d+)", answer\)', after.source)
    return found


def test_every_exercise_is_registered_used_and_tested():
    """Discovered, not counted: the keys the chapters check are the registered ones, each
    chapter has at least two, and every key has right answers below (_right raises KeyError)."""
    chapters = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*"))
    assert chapters
    used = {path.name: _checked_in(path) for path in chapters}
    for name, keys in used.items():
        assert len(keys) >= 2, f"{name}: {len(keys)} checked exercises, want 2 or more"
        assert all(k.startswith(f"ch{int(name[:2])}.") for k in keys), (name, keys)
    everywhere = [k for keys in used.values() for k in keys]
    assert len(everywhere) == len(set(everywhere)), "an exercise is checked twice"
    assert set(everywhere) == set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_right_answers_pass(key, capsys, retail, rfm, svw):
    for answer in _right(key, retail, rfm, svw):
        assert _message(capsys, key, answer) == (True, "correct!"), answer


@pytest.mark.parametrize("key", KEYS)
def test_typical_wrong_answers_get_their_own_hint(key, capsys, retail, rfm, svw):
    general = exercises.hint(key)
    for answer, phrase in _wrong(key, retail, rfm, svw):
        ok, message = _message(capsys, key, answer)
        assert not ok, answer
        assert message.startswith("not yet. ") and phrase in message, (answer, message)
        assert general not in message and "Hint:" not in message, (answer, message)


@pytest.mark.parametrize("key", KEYS)
def test_other_wrong_answers_get_the_general_hint(key, capsys):
    answer = "Q" if key in CATEGORY_KEYS else -12345.6
    ok, message = _message(capsys, key, answer)
    assert not ok and message == f"not yet. Hint: {exercises.hint(key)}"


def test_each_typical_mistake_has_its_own_hint(capsys, retail, rfm, svw):
    """Every mistake an exercise knows is reached by a wrong answer above, with its own hint."""
    for key in KEYS:
        advice = [m.advice for m in exercises.EXERCISES[key].mistakes]
        assert len(advice) == len(set(advice)) and exercises.hint(key) not in advice
        seen = {
            _message(capsys, key, a)[1].removeprefix("not yet. ")
            for a, _ in _wrong(key, retail, rfm, svw)
        }
        assert seen == set(advice), key


@pytest.mark.parametrize("key", [k for k in KEYS if k not in CATEGORY_KEYS])
def test_numbers_given_as_text_or_containers_are_refused(key, capsys, retail, rfm, svw):
    right = _right(key, retail, rfm, svw)[0]
    text = f"{right:g}" if isinstance(right, float) else str(right)
    ok, message = _message(capsys, key, text)
    assert not ok
    assert message.startswith("not yet. The answer is a number, not a string."), message
    assert "without quotes" in message
    ok, message = _message(capsys, key, [right])
    assert not ok and "a number, not a list" in message
    ok, message = _message(capsys, key, pd.Series([right]))
    assert not ok and "a number, not a Series" in message
    ok, message = _message(capsys, key, True)
    assert not ok and "a number, not True or False" in message


def test_the_string_260_is_not_a_sample_size(capsys):
    assert _message(capsys, "ch4.q1", "260") == (
        False,
        "not yet. The answer is a number, not a string. Write it without quotes: 260, not '260'.",
    )


def test_categories_given_as_numbers_are_refused(capsys):
    for answer in (3, 2.0, ["M"]):
        ok, message = _message(capsys, "ch4.q2", answer)
        assert not ok and message.startswith("not yet. The answer is a category as text")


def test_no_answer_yet(capsys):
    for key in KEYS:
        ok, message = _message(capsys, key, None)
        assert not ok and message.startswith("no answer yet.")


def test_unknown_exercise():
    with pytest.raises(ValueError, match=r"unknown exercise 'ch9\.q1'"):
        exercises.check("ch9.q1", 1)


def test_check_accepts_what_the_solution_computes(capsys, retail, rfm, svw):
    """Each solution, run with the chapter's names, gives an answer the check accepts."""
    names = {
        "strategy": strategy,
        "segmentation": segmentation,
        "concentration": concentration,
        "lifecycle": lifecycle,
        "sampling": sampling,
        "satisfaction": satisfaction,
        "implementation": implementation,
        "crmdb": crmdb,
        "rfm": rfm,
        "value": retail,
        "scores": implementation.readiness_scores(
            {f"Q{k}": v for k, v in enumerate([5, 4, 4, 3, 2, 3, 2, 1, 4, 2, 3, 4, 2], 1)}
        ),
        "con": svw,
    }
    for key in KEYS:
        answer = eval(exercises.solution(key), names)  # our own solution text
        assert _message(capsys, key, answer) == (True, "correct!"), key


def test_notebooks_ask_what_the_exercises_check():
    """Each chapter asks the checked question, solves it and checks it, with stored success."""
    for key, exercise in exercises.EXERCISES.items():
        chapter = int(key[2])
        (path,) = (ROOT / "notebooks").glob(f"0{chapter}-*.ipynb")
        cells = nbformat.read(path, as_version=4).cells
        sources = [c.source for c in cells]
        ask = sources.index(f"**{key}.** {exercise.question}")
        solve, verify = cells[ask + 1], cells[ask + 2]
        assert "solution" in solve.metadata.get("tags", []) and solve.source.startswith("answer =")
        assert verify.source == f'exercises.check("{key}", answer)'
        assert verify.outputs[0].text == f"{key}: correct!\n"
