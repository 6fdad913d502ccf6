"""Exercises that check themselves, in the spirit of Kaggle's learntools.

In a chapter notebook a student writes ``answer = ...`` and runs
``exercises.check("ch3.q1", answer)``: right, or wrong with a hint aimed at the usual mistake –
never the answer itself. ``exercises.hint(key)`` gives a general hint and
``exercises.solution(key)`` the worked solution. Every expected answer is computed by crmlib.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EXERCISES", "Exercise", "check", "hint", "solution"]


@dataclass(frozen=True)
class Exercise:
    """One checkable question: how to compute the answer and how to help with wrong ones."""

    key: str
    question: str
    expected: Callable[[], Any]
    hint: str
    solution: str
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = field(default=())
    rel_tol: float = 1e-3


def _close(a: Any, b: Any, rel_tol: float) -> bool:
    if isinstance(b, str):
        return isinstance(a, str) and a.strip().lower() == b.lower()
    try:
        return math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def _cohort_npv(retention: float, discount_rate: float = 0.10) -> float:
    from crmlib import strategy

    table = strategy.cohort_profit(
        1000,
        margin=100,
        retention=retention,
        acquisition_cost=150,
        discount_rate=discount_rate,
        years=10,
    )
    return float(table["cumulative_npv"].iloc[-1])


def _retail_value():
    from crmlib import datasets, segmentation

    return segmentation.customer_value(datasets.load_transactions())


def _gini(column: str) -> float:
    from crmlib import concentration

    return concentration.gini_coefficient(_retail_value()[column].clip(lower=0))


def _clv(rate: float, shift: int = 0) -> float:
    from crmlib import lifecycle

    value = lifecycle.customer_lifetime_value([1000] * 6, [200] * 6, rate)
    return value * (1 + rate) ** shift


def _top_tier(bins: int) -> int:
    from crmlib import datasets, segmentation

    rfm = segmentation.rfm_table(datasets.load_transactions(), as_of="2025-01-01")
    return int((segmentation.rfm_scores(rfm, bins=bins)["tier"] == "top").sum())


def _lifetime(lost: int, customers: int) -> float:
    from crmlib import lifecycle

    return lifecycle.base_lifetime(lifecycle.churn_rate(lost, customers))


def _kano_name(functional: int, dysfunctional: int) -> str:
    from crmlib import satisfaction

    code = satisfaction.kano_category(functional, dysfunctional)
    return str(satisfaction.KANO_CATEGORIES.set_index("code").loc[code, "category"])


def _sample(**kw) -> int:
    from crmlib import sampling

    return sampling.sample_size(800, **kw)


def _svw(query: str) -> int:
    from crmlib import crmdb, datasets

    con = crmdb.build_customer_database(datasets.load_svw_data())
    return int(crmdb.query(con, "duplicates_merged")[query].iloc[0])


def _maturity() -> int:
    from crmlib import implementation

    answers = {
        "Q1": 5,
        "Q2": 4,
        "Q3": 4,
        "Q4": 3,
        "Q5": 2,
        "Q6": 3,
        "Q7": 2,
        "Q8": 1,
        "Q9": 4,
        "Q10": 2,
        "Q11": 3,
        "Q12": 4,
        "Q13": 2,
    }
    return implementation.maturity_stage(implementation.readiness_scores(answers))


EXERCISES: dict[str, Exercise] = {
    e.key: e
    for e in [
        Exercise(
            "ch1.q1",
            "The 10-year NPV of the chapter's cohort (1,000 customers, margin 100, acquisition "
            "cost 150, discount rate 10%) at 85% retention.",
            lambda: _cohort_npv(0.85),
            "Use strategy.cohort_profit and read the last cumulative NPV.",
            "strategy.cohort_profit(1000, margin=100, retention=0.85, acquisition_cost=150, "
            "discount_rate=0.10, years=10)['cumulative_npv'].iloc[-1]",
            mistakes=(
                (lambda: _cohort_npv(0.80), "That is the NPV at 80%: raise the retention."),
                (lambda: _cohort_npv(0.85, 0.0), "You did not discount: use 10% a year."),
            ),
        ),
        Exercise(
            "ch1.q2",
            "How many times dearer is winning a customer (500 yuan) than keeping one (30 yuan)?",
            lambda: 500 / 30,
            "The ratio is acquisition cost over retention cost per customer.",
            "strategy.acquisition_vs_retention(1000, churn=0.2, acquisition_cost=500, "
            "retention_cost=30)['acquisition / retention cost per customer']",
            mistakes=((lambda: 30 / 500, "You divided the other way round."),),
        ),
        Exercise(
            "ch2.q1",
            "With rfm_scores(rfm, bins=3), how many customers are in the top tier?",
            lambda: _top_tier(3),
            "Tiers cut the ranking by share of customers.",
            "(segmentation.rfm_scores(rfm, bins=3)['tier'] == 'top').sum()",
            mistakes=(
                (lambda: 1000, "The tiers are 20/60/20 of customers whatever the bins."),
                (lambda: _top_tier(5), "That is the count with 5 bins: use bins=3."),
            ),
        ),
        Exercise(
            "ch2.q2",
            "The Gini coefficient of customer profit, losses clipped at zero.",
            lambda: _gini("profit"),
            "concentration.gini_coefficient needs values >= 0: clip the profits first.",
            "concentration.gini_coefficient(value['profit'].clip(lower=0))",
            mistakes=((lambda: _gini("revenue"), "That is the Gini of revenue, not profit."),),
        ),
        Exercise(
            "ch3.q1",
            "The CLV of a customer bringing 1,000 a year for 6 years at a cost of 200 a year, "
            "discounted at 8%.",
            lambda: _clv(0.08),
            "Discount each year's net profit Q_t − C_t by (1 + i)^t, from t = 1.",
            "lifecycle.customer_lifetime_value([1000] * 6, [200] * 6, 0.08)",
            mistakes=(
                (lambda: 4800.0, "You did not discount the yearly profits."),
                (lambda: _clv(0.08, shift=1), "Discounting starts at t = 1, not t = 0."),
                (lambda: 6000 / 1.08**6 - 1200, "Subtract the cost every year, then discount."),
            ),
        ),
        Exercise(
            "ch3.q2",
            "Firm A loses 25 of its 100 customers a year. How many years does a customer stay?",
            lambda: _lifetime(25, 100),
            "The lifetime is the reciprocal of the churn rate.",
            "lifecycle.base_lifetime(lifecycle.churn_rate(25, 100))",
            mistakes=((lambda: 0.25, "That is the churn rate; the lifetime is 1 / churn."),),
        ),
        Exercise(
            "ch4.q1",
            "How many of a dealer's 800 customers must be surveyed for ±5% at 95% confidence "
            "(Cochran with the finite-population correction)?",
            lambda: _sample(),
            "Cochran's n0 = z² p(1−p)/e², then correct for the population of 800.",
            "sampling.sample_size(800)",
            mistakes=(
                (lambda: 385, "That ignores the finite population: apply the correction."),
                (lambda: 384, "Correct for the population of 800, and round up."),
            ),
            rel_tol=0.0,
        ),
        Exercise(
            "ch4.q2",
            "Which Kano category does the answer pair (functional 2, dysfunctional 5) give?",
            lambda: _kano_name(2, 5),
            "Look the pair up in satisfaction.KANO_TABLE and name the category.",
            "satisfaction.kano_category(2, 5)  # 'M', must-be",
            mistakes=(
                (lambda: "M", "Give the category's name, not its code."),
                (lambda: "one-dimensional", "Expecting it (2) is not liking it (1)."),
            ),
        ),
        Exercise(
            "ch5.q1",
            "Which maturity stage has the chapter's dealer group reached?",
            _maturity,
            "A stage counts when it and every stage before it score at least 3.5.",
            "implementation.maturity_stage(scores)",
            mistakes=((lambda: 1, "Stage 2 scores exactly 3.5: the threshold is reached."),),
        ),
        Exercise(
            "ch5.q2",
            "How many customers does the SVW database hold after matching its touchpoints?",
            lambda: _svw("customers"),
            "Count distinct customers, not touchpoints.",
            "crmdb.query(con, 'duplicates_merged')['customers'].iloc[0]",
            mistakes=((lambda: _svw("touchpoints"), "That counts touchpoints, not people."),),
            rel_tol=0.0,
        ),
    ]
}


def _get(key: str) -> Exercise:
    if key not in EXERCISES:
        raise ValueError(f"unknown exercise {key!r}; the exercises are: {', '.join(EXERCISES)}")
    return EXERCISES[key]


def check(key: str, answer: Any) -> bool:
    """Print whether *answer* is right; if not, a hint aimed at the likely mistake."""
    exercise = _get(key)
    if answer is None:
        print(f"{key}: no answer yet. Replace None with your answer and run the cell again.")
        return False
    if _close(answer, exercise.expected(), exercise.rel_tol):
        print(f"{key}: correct!")
        return True
    for wrong, advice in exercise.mistakes:
        if _close(answer, wrong(), exercise.rel_tol):
            print(f"{key}: not yet. {advice}")
            return False
    print(f"{key}: not yet. Hint: {exercise.hint}")
    return False


def hint(key: str) -> str:
    """A general hint for the exercise."""
    return _get(key).hint


def solution(key: str) -> str:
    """The worked solution (for after you have tried)."""
    return _get(key).solution
