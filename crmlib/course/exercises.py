"""Exercises that check themselves, in the spirit of Kaggle's learntools.

In a chapter notebook a student writes ``answer = ...`` and runs
``exercises.check("ch3.q1", answer)``. The check prints one of:

- ``correct!`` (and returns True);
- ``not yet.`` with the hint aimed at the mistake the answer shows – each exercise knows its
  typical wrong answers – or, for any other wrong answer, the exercise's general hint; never the
  answer itself;
- ``not yet.`` and the type the answer must have, when it has the wrong type: a number question
  refuses the string ``"260"`` ("a number, not a string"), a category question refuses a number;
- ``no answer yet`` while the answer is still None (the student edition's stub).

Numbers are compared with a relative tolerance (exactly, for counts); a category is accepted as
any of its documented forms, case aside: Kano's ``'M'``, ``'must-be'`` or ``'当然质量'``.
``exercises.hint(key)`` gives the general hint and ``exercises.solution(key)`` the worked
solution. Every expected and typical wrong answer is computed by crmlib.

``check(key, answer, strict=True)`` raises ``AssertionError`` with the same message instead of
returning False: the form graded assignments use (:mod:`crmlib.course.assignments`), since nbgrader
awards a test cell's points unless the cell raises.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from crmlib.i18n import get_language, pick

__all__ = [
    "EXERCISES",
    "Exercise",
    "Mistake",
    "check",
    "hint",
    "missing_chinese",
    "question",
    "solution",
]


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the hint aimed at it.

    ``wrong`` computes the wrong answer: a number, or for a category question the set of the
    category's accepted spellings. ``rel_tol`` is the tolerance of the match.
    """

    wrong: Callable[[], Any]
    advice: str
    rel_tol: float = 1e-3
    advice_zh: str = ""  # the advice in Chinese; empty: the English is shown


@dataclass(frozen=True)
class Exercise:
    """One checkable question: its answer, the answer's kind and help for wrong answers.

    ``kind`` is ``"number"`` (an int or float, numpy's included; never a string or a bool) or
    ``"category"`` (text; ``expected`` then returns the set of accepted spellings).
    ``question_zh`` and ``hint_zh`` (and each mistake's ``advice_zh``) are the Chinese texts
    shown when :func:`crmlib.i18n.set_language` is ``"zh"``; left empty, the English is shown
    (:func:`missing_chinese` lists such exercises). The solution is code: one for both.
    """

    key: str
    question: str
    expected: Callable[[], Any]
    hint: str
    solution: str
    mistakes: tuple[Mistake, ...] = field(default=())
    kind: Literal["number", "category"] = "number"
    rel_tol: float = 1e-3
    question_zh: str = ""
    hint_zh: str = ""


# ---------------------------------------------------------------------- answers, by crmlib ---


def _cohort_npv(
    retention: float, discount_rate: float = 0.10, acquisition_cost: float = 150
) -> float:
    from crmlib import strategy

    table = strategy.cohort_profit(
        1000,
        margin=100,
        retention=retention,
        acquisition_cost=acquisition_cost,
        discount_rate=discount_rate,
        years=10,
    )
    return float(table["cumulative_npv"].iloc[-1])


def _last_year_npv() -> float:
    from crmlib import strategy

    table = strategy.cohort_profit(
        1000, margin=100, retention=0.85, acquisition_cost=150, discount_rate=0.10, years=10
    )
    return float(table["discounted"].iloc[-1])


@functools.cache
def _retail_value() -> pd.DataFrame:
    from crmlib import customers, datasets

    return customers.customer_value(datasets.load_transactions())


def _gini(column: str, *, drop_losses: bool = False) -> float:
    from crmlib import concentration

    values = _retail_value()[column]
    values = values[values > 0] if drop_losses else values.clip(lower=0)
    return float(concentration.gini_coefficient(values))


def _clv(rate: float, shift: int = 0, cost: float = 200) -> float:
    from crmlib import lifecycle

    value = lifecycle.customer_lifetime_value([1000] * 6, [cost] * 6, rate)
    return float(value * (1 + rate) ** shift)


@functools.cache
def _rfm_scores(bins: int) -> pd.DataFrame:
    from crmlib import datasets, segmentation

    rfm = segmentation.rfm_table(datasets.load_transactions(), as_of="2025-01-01")
    return segmentation.rfm_scores(rfm, bins=bins)


def _best_on_all(bins: int) -> int:
    scores = _rfm_scores(bins)
    return int((scores["rfm_product"] == bins**3).sum())


def _lifetime(lost: int, customers: int) -> float:
    from crmlib import lifecycle

    return float(lifecycle.base_lifetime(lifecycle.churn_rate(lost, customers)))


def _kano_forms(functional: int, dysfunctional: int) -> frozenset[str]:
    """The documented spellings of a pair's category: code, English name, Chinese name."""
    from crmlib import satisfaction

    code = satisfaction.kano_category(functional, dysfunctional)
    row = satisfaction.KANO_CATEGORIES.set_index("code").loc[code]
    return frozenset({code, str(row["category"]), str(row["zh"])})


def _sample(**kw: Any) -> int:
    from crmlib import sampling

    return sampling.sample_size(800, **kw)


def _cochran(*, correct: bool, population: int = 800) -> float:
    """Cochran's sample size for ±5% at 95%, unrounded, with or without the correction."""
    from statistics import NormalDist

    n0 = NormalDist().inv_cdf(0.975) ** 2 * 0.25 / 0.05**2
    return n0 / (1 + (n0 - 1) / population) if correct else n0


def _svw(column: str) -> int:
    from crmlib import crmdb, datasets

    con = crmdb.build_customer_database(datasets.load_svw_data())
    return int(crmdb.query(con, "duplicates_merged")[column].iloc[0])


#: The chapter's dealer group's answers to the readiness questionnaire (Q1..Q13).
_DEALER_ANSWERS = dict(
    zip([f"Q{k}" for k in range(1, 14)], [5, 4, 4, 3, 2, 3, 2, 1, 4, 2, 3, 4, 2], strict=True)
)


def _readiness() -> pd.DataFrame:
    from crmlib import implementation

    return implementation.readiness_scores(_DEALER_ANSWERS)


def _maturity(threshold: float = 3.5) -> int:
    from crmlib import implementation

    return implementation.maturity_stage(_readiness(), threshold=threshold)


def _stage_score(stage: int) -> float:
    return float(_readiness()["score"].loc[("stage", stage)])


# ------------------------------------------------------------------------------ exercises ---

_OTHER_BINS = (2, 4, 5, 6, 7, 8, 9, 10)

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
                Mistake(lambda: _cohort_npv(0.80), "That is the NPV at 80%: raise the retention."),
                Mistake(lambda: _cohort_npv(0.85, 0.0), "You did not discount: use 10% a year."),
                Mistake(
                    lambda: _cohort_npv(0.85, acquisition_cost=0),
                    "You left out the acquisition cost: 150 per customer, paid up front.",
                ),
                Mistake(
                    _last_year_npv,
                    "That is year 10's discounted profit alone: take the cumulative NPV.",
                ),
            ),
        ),
        Exercise(
            "ch1.q2",
            "How many times dearer is winning a customer (500 yuan) than keeping one (30 yuan)?",
            lambda: 500 / 30,
            "The ratio is acquisition cost over retention cost per customer.",
            "strategy.acquisition_vs_retention(1000, churn=0.2, acquisition_cost=500, "
            "retention_cost=30)['acquisition / retention cost per customer']",
            mistakes=(
                Mistake(lambda: 30 / 500, "You divided the other way round."),
                Mistake(
                    lambda: 500 - 30, "'How many times' asks for a ratio: divide, not subtract."
                ),
                Mistake(lambda: 100 * 500 / 30, "Give the multiple itself, not a percentage."),
            ),
        ),
        Exercise(
            "ch2.q1",
            "With rfm_scores(rfm, bins=3), how many customers score best on all three "
            "(R = F = M = 3)?",
            lambda: _best_on_all(3),
            "The best score is the number of bins; a customer best on all three has R × F × M "
            "= bins³.",
            "(segmentation.rfm_scores(rfm, bins=3)['rfm_product'] == 27).sum()",
            mistakes=(
                Mistake(
                    lambda: 600,
                    "That is the top tier: its size is set by top_share, whatever the bins. "
                    "Count the customers with R = F = M = 3.",
                    rel_tol=0.0,
                ),
                Mistake(
                    lambda: int((_rfm_scores(3)["R"] == 3).sum()),
                    "That counts R = 3 only: F and M must be 3 as well.",
                    rel_tol=0.0,
                ),
                *(
                    Mistake(
                        functools.partial(_best_on_all, b),
                        f"That is the count with {b} score levels: use bins=3.",
                        rel_tol=0.0,
                        advice_zh=f"这是分成 {b} 个等级时的人数：请用 bins=3。",
                    )
                    for b in _OTHER_BINS
                ),
            ),
            rel_tol=0.0,
        ),
        Exercise(
            "ch2.q2",
            "The Gini coefficient of customer profit, losses clipped at zero.",
            lambda: _gini("profit"),
            "concentration.gini_coefficient needs values >= 0: clip the profits first.",
            "concentration.gini_coefficient(value['profit'].clip(lower=0))",
            mistakes=(
                Mistake(lambda: _gini("revenue"), "That is the Gini of revenue, not profit."),
                Mistake(lambda: _gini("sales"), "That is the Gini of sales, not profit."),
                Mistake(
                    lambda: _gini("gross_margin"),
                    "That is the Gini of gross margin: profit also pays the service cost.",
                ),
                Mistake(
                    lambda: _gini("profit", drop_losses=True),
                    "You dropped the loss-making customers: keep them, with their profit "
                    "clipped to 0.",
                ),
                Mistake(
                    lambda: 100 * _gini("profit"),
                    "Give the Gini coefficient as a fraction from 0 to 1, not a percentage.",
                ),
            ),
        ),
        Exercise(
            "ch3.q1",
            "The CLV of a customer bringing 1,000 a year for 6 years at a cost of 200 a year, "
            "discounted at 8%.",
            lambda: _clv(0.08),
            "Discount each year's net profit Q_t − C_t by (1 + i)^t, from t = 1.",
            "lifecycle.customer_lifetime_value([1000] * 6, [200] * 6, 0.08)",
            mistakes=(
                Mistake(lambda: 4800.0, "You did not discount the yearly profits."),
                Mistake(lambda: _clv(0.08, shift=1), "Discounting starts at t = 1, not t = 0."),
                Mistake(
                    lambda: 6000 / 1.08**6 - 1200, "Subtract the cost every year, then discount."
                ),
                Mistake(lambda: _clv(0.08, cost=0), "Subtract the yearly cost of 200."),
                Mistake(lambda: _clv(0.15), "That is the CLV at 15%: discount at 8%."),
            ),
        ),
        Exercise(
            "ch3.q2",
            "Firm A loses 25 of its 100 customers a year. How many years does a customer stay?",
            lambda: _lifetime(25, 100),
            "The lifetime is the reciprocal of the churn rate.",
            "lifecycle.base_lifetime(lifecycle.churn_rate(25, 100))",
            mistakes=(
                Mistake(lambda: 0.25, "That is the churn rate; the lifetime is 1 / churn."),
                Mistake(lambda: 0.75, "That is the retention rate; the lifetime is 1 / churn."),
                Mistake(lambda: 1 / 0.75, "You divided by the retention rate: divide by churn."),
                Mistake(lambda: 25, "That is the number of customers lost a year.", rel_tol=0.0),
            ),
        ),
        Exercise(
            "ch4.q1",
            "How many of a dealer's 800 customers must be surveyed for ±5% at 95% confidence "
            "(Cochran with the finite-population correction)?",
            lambda: _sample(),
            "Cochran's n0 = z² p(1−p)/e², then correct for the population of 800.",
            "sampling.sample_size(800)",
            mistakes=(
                Mistake(
                    lambda: math.ceil(_cochran(correct=False)),
                    "That ignores the finite population: apply the correction.",
                    rel_tol=0.0,
                ),
                Mistake(
                    lambda: math.floor(_cochran(correct=False)),
                    "Correct for the population of 800, and round up.",
                    rel_tol=0.0,
                ),
                Mistake(
                    lambda: math.floor(_cochran(correct=True)),
                    "Round up, not down: fewer answers would miss the ±5%.",
                    rel_tol=0.0,
                ),
                Mistake(
                    lambda: _cochran(correct=True),
                    "Round up to a whole number of customers.",
                    rel_tol=2e-3,
                ),
                Mistake(
                    lambda: _sample(margin=0.03),
                    "That is the size for ±3%: the margin here is ±5%.",
                    rel_tol=0.0,
                ),
            ),
            rel_tol=0.0,
        ),
        Exercise(
            "ch4.q2",
            "Which Kano category does the answer pair (functional 2, dysfunctional 5) give?",
            lambda: _kano_forms(2, 5),
            "Look the pair up in satisfaction.KANO_TABLE: the row is the functional answer, the "
            "column the dysfunctional one.",
            "satisfaction.kano_category(2, 5)  # 'M', must-be",
            mistakes=(
                Mistake(lambda: _kano_forms(1, 5), "Expecting it (2) is not liking it (1)."),
                Mistake(
                    lambda: _kano_forms(5, 2),
                    "You read the table transposed: the row is the functional answer (2).",
                ),
                Mistake(
                    lambda: _kano_forms(2, 4),
                    "Dysfunctional 5 is 'dislike it', the table's last column.",
                ),
            ),
            kind="category",
        ),
        Exercise(
            "ch5.q1",
            "Which maturity stage has the chapter's dealer group reached?",
            _maturity,
            "A stage counts when it and every stage before it score at least 3.5.",
            "implementation.maturity_stage(scores)",
            mistakes=(
                Mistake(
                    lambda: _maturity(threshold=3.5 + 1e-9),
                    "Stage 2 scores exactly 3.5: the threshold is reached.",
                    rel_tol=0.0,
                ),
                Mistake(
                    lambda: _stage_score(2),
                    "That is stage 2's score: the answer is a stage number.",
                ),
            ),
            rel_tol=0.0,
        ),
        Exercise(
            "ch5.q2",
            "How many customers does the SVW database hold after matching its touchpoints?",
            lambda: _svw("customers"),
            "Count distinct customers, not touchpoints.",
            "crmdb.query(con, 'duplicates_merged')['customers'].iloc[0]",
            mistakes=(
                Mistake(
                    lambda: _svw("touchpoints"),
                    "That counts touchpoints, not people.",
                    rel_tol=0.0,
                ),
                Mistake(
                    lambda: _svw("records_merged"),
                    "That is the number of records merged away: count the customers left.",
                    rel_tol=0.0,
                ),
            ),
            rel_tol=0.0,
        ),
    ]
}


#: Chinese question, hint and advice of each exercise, by key: (question, hint, advice of each
#: mistake in order; "" keeps a mistake's own advice_zh). An exercise may instead set
#: question_zh / hint_zh / advice_zh where it is defined.
_CHINESE: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "ch1.q1": (
        "本章客户群（1,000 位客户，每人利润 100，获取成本 150，贴现率 10%）在客户保持率为 85% "
        "时的 10 年净现值是多少？",
        "用 strategy.cohort_profit，读出最后一年的累计净现值。",
        (
            "这是保持率 80% 时的净现值：请提高保持率。",
            "你没有贴现：每年按 10% 贴现。",
            "你漏掉了获取成本：每位客户 150，在开始时一次付清。",
            "这只是第 10 年的贴现利润：请取累计净现值。",
        ),
    ),
    "ch1.q2": (
        "获取一位新客户（500 元）的成本是保持一位老客户（30 元）的多少倍？",
        "倍数是每位客户的获取成本除以保持成本。",
        (
            "你除反了。",
            "“多少倍”问的是比值：应该相除，而不是相减。",
            "请给出倍数本身，而不是百分比。",
        ),
    ),
    "ch2.q1": (
        "用 rfm_scores(rfm, bins=3) 评分时，有多少位客户三项都得最高分（R = F = M = 3）？",
        "最高分等于等级数；三项都最高的客户满足 R × F × M = bins³。",
        (
            "这是前20%层的人数：它的大小由 top_share 决定，与等级数无关。请数出 R = F = M = 3 "
            "的客户。",
            "这只数了 R = 3 的客户：F 和 M 也必须是 3。",
        ),
    ),
    "ch2.q2": (
        "客户利润的基尼系数是多少（亏损按 0 计）？",
        "concentration.gini_coefficient 需要非负的值：先把利润截断在 0。",
        (
            "这是收入的基尼系数，不是利润的。",
            "这是销售额的基尼系数，不是利润的。",
            "这是毛利的基尼系数：利润还要扣除服务成本。",
            "你去掉了赔钱的客户：请保留他们，把利润记为 0。",
            "基尼系数请写成 0 到 1 之间的小数，不要写百分比。",
        ),
    ),
    "ch3.q1": (
        "一位客户每年带来 1,000，每年成本 200，持续 6 年，贴现率 8%，其客户终生价值是多少？",
        "把每年的净利润 Q_t − C_t 除以 (1 + i)^t 贴现，t 从 1 开始。",
        (
            "你没有对每年的利润贴现。",
            "贴现从 t = 1 开始，而不是 t = 0。",
            "先每年扣除成本，再贴现。",
            "请扣除每年 200 的成本。",
            "这是贴现率 15% 时的客户终生价值：请按 8% 贴现。",
        ),
    ),
    "ch3.q2": (
        "A 公司的 100 位客户每年流失 25 位。一位客户平均能保持几年？",
        "客户生命周期是客户流失率的倒数。",
        (
            "这是客户流失率；生命周期是 1 / 流失率。",
            "这是客户保持率；生命周期是 1 / 流失率。",
            "你除以的是保持率：应除以流失率。",
            "这是每年流失的客户数。",
        ),
    ),
    "ch4.q1": (
        "某经销商有 800 位客户，要在 95% 的置信水平下达到 ±5% 的精度，需要调查多少位客户"
        "（用带有限总体校正的 Cochran 公式）？",
        "Cochran 公式 n0 = z² p(1−p)/e²，再按 800 的总体做校正。",
        (
            "这没有考虑有限总体：请做校正。",
            "请按 800 的总体校正，并向上取整。",
            "应向上取整，而不是向下：答卷少了就达不到 ±5%。",
            "请向上取整为整数位客户。",
            "这是 ±3% 精度所需的样本量：这里的误差范围是 ±5%。",
        ),
    ),
    "ch4.q2": (
        "正向问题答 2、反向问题答 5 时，属于卡诺模型的哪一类？",
        "在 satisfaction.KANO_TABLE 中查这一对答案：行是正向问题的答案，列是反向问题的答案。",
        (
            "“理应如此”（2）不等于“喜欢”（1）。",
            "你把表看反了：行是正向问题的答案（2）。",
            "反向问题答 5 是“不喜欢”，在表的最后一列。",
        ),
    ),
    "ch5.q1": (
        "本章的经销商集团达到了哪个成熟度阶段？",
        "一个阶段算作达到，要求它和它之前的每个阶段得分都至少为 3.5。",
        (
            "第 2 阶段正好得 3.5 分：已达到门槛。",
            "这是第 2 阶段的得分：答案应是阶段的序号。",
        ),
    ),
    "ch5.q2": (
        "上汽大众的数据库在匹配各个接触点之后，共有多少位客户？",
        "数不重复的客户，而不是接触点。",
        (
            "这数的是接触点，不是人。",
            "这是被合并掉的记录数：请数剩下的客户。",
        ),
    ),
}


def _with_chinese(exercise: Exercise) -> Exercise:
    if exercise.key not in _CHINESE:
        return exercise
    question, hint_zh, advice = _CHINESE[exercise.key]
    mistakes = tuple(
        dataclasses.replace(m, advice_zh=a) if a else m
        for m, a in zip(exercise.mistakes, advice + ("",) * len(exercise.mistakes), strict=False)
    )
    return dataclasses.replace(
        exercise,
        question_zh=exercise.question_zh or question,
        hint_zh=exercise.hint_zh or hint_zh,
        mistakes=mistakes,
    )


EXERCISES = {key: _with_chinese(e) for key, e in EXERCISES.items()}


def missing_chinese() -> dict[str, list[str]]:
    """Exercises lacking a Chinese text, with what lacks it (question, hint, mistake k).

    Returns
    -------
    dict of str to list of str
        Exercise key to the missing parts (``"question"``, ``"hint"``, ``"mistake 2"``);
        empty when every exercise is fully translated.

    Examples
    --------
    >>> "ch3.q2" in missing_chinese()
    False
    """
    missing = {}
    for key, e in EXERCISES.items():
        parts = [name for name, text in (("question", e.question_zh), ("hint", e.hint_zh))
                 if not text]  # fmt: skip
        parts += [f"mistake {k}" for k, m in enumerate(e.mistakes, 1) if not m.advice_zh]
        if parts:
            missing[key] = parts
    return missing


def _line(key: str, *parts: str) -> str:
    """``key: part part`` in English, ``key：partpart`` in Chinese (no spaces between)."""
    return key + pick(": ", "：") + pick(" ", "").join(parts)


def _zh(en: str, zh: str) -> str:
    """*zh* when the reader's language is Chinese and *zh* is written, else *en*."""
    return zh if zh and get_language() == "zh" else en


# -------------------------------------------------------------------------------- checking ---


def _is_number(answer: Any) -> bool:
    return isinstance(answer, numbers.Real) and not isinstance(answer, bool | np.bool_)


def _describe(answer: Any) -> str:
    """What the answer is, for a message such as 'a number, not a string'."""
    if isinstance(answer, str):
        return pick("a string", "字符串")
    if isinstance(answer, bool | np.bool_):
        return pick("True or False", "True 或 False")
    if _is_number(answer):
        return pick("a number", "数字")
    name = type(answer).__name__
    if isinstance(answer, pd.Series | pd.DataFrame | np.ndarray | list | tuple | set | dict):
        return pick(
            f"a {name} (pick the single value the question asks for)",
            f"{name}（请从中取出题目要求的那一个值）",
        )
    return pick(f"a {name}", name)


def _type_problem(exercise: Exercise, answer: Any) -> str | None:
    """The message for an answer of the wrong type, or None when the type is right."""
    if exercise.kind == "number":
        if _is_number(answer):
            return None
        message = pick(
            f"The answer is a number, not {_describe(answer)}.",
            f"答案应是数字，而不是{_describe(answer)}。",
        )
        if isinstance(answer, str):
            message += pick(
                f" Write it without quotes: {answer.strip()}, not {answer!r}.",
                f"请去掉引号：写 {answer.strip()}，而不是 {answer!r}。",
            )
        return message
    if isinstance(answer, str):
        return None
    return pick(
        f"The answer is a category as text (its code or its name), not {_describe(answer)}.",
        f"答案应是表示类别的文字（代码或名称），而不是{_describe(answer)}。",
    )


def _matches(answer: Any, target: Any, rel_tol: float) -> bool:
    if isinstance(target, frozenset):
        return answer.strip().casefold() in {form.casefold() for form in target}
    return math.isclose(float(answer), float(target), rel_tol=rel_tol, abs_tol=1e-9)


def _get(key: str) -> Exercise:
    if key not in EXERCISES:
        raise ValueError(f"unknown exercise {key!r}; the exercises are: {', '.join(EXERCISES)}")
    return EXERCISES[key]


def _verdict(exercise: Exercise, answer: Any) -> tuple[bool, str]:
    """Whether *answer* is right, and the message for the student (the key in front)."""
    key = exercise.key
    not_yet = pick("not yet.", "还不对。")
    if answer is None:
        return False, pick(
            f"{key}: no answer yet. Replace None with your answer and run the cell again.",
            f"{key}：还没有作答。把 None 换成你的答案，再运行这个单元格。",
        )
    problem = _type_problem(exercise, answer)
    if problem is not None:
        return False, _line(key, not_yet, problem)
    if _matches(answer, exercise.expected(), exercise.rel_tol):
        return True, pick(f"{key}: correct!", f"{key}：正确！")
    for mistake in exercise.mistakes:
        if _matches(answer, mistake.wrong(), mistake.rel_tol):
            return False, _line(key, not_yet, _zh(mistake.advice, mistake.advice_zh))
    return False, _line(
        key, not_yet, pick("Hint: ", "提示：") + _zh(exercise.hint, exercise.hint_zh)
    )


def check(key: str, answer: Any, *, strict: bool = False) -> bool:
    """Print whether *answer* is right; if not, a hint aimed at the mistake it shows.

    Parameters
    ----------
    key : str
        The exercise, e.g. ``"ch3.q1"``.
    answer : Any
        The student's answer: a number (int, float or numpy scalar) for a number question,
        text for a category question; None while not answered yet.
    strict : bool, default False
        Raise instead of returning False: the form for graded cells (nbgrader awards a test
        cell's points unless the cell raises). The error's message is the one printed
        otherwise.

    Returns
    -------
    bool
        True when the answer is right, False otherwise (the printed message says why).

    Raises
    ------
    ValueError
        If *key* is not an exercise.
    AssertionError
        With ``strict=True``, if the answer is not right (or missing, or of the wrong type);
        the message is the hint.

    Examples
    --------
    >>> check("ch3.q2", 4)
    ch3.q2: correct!
    True
    >>> check("ch4.q1", "260")
    ch4.q1: not yet. The answer is a number, not a string. Write it without quotes: 260, not '260'.
    False
    >>> check("ch3.q2", 0.25, strict=True)
    Traceback (most recent call last):
    AssertionError: ch3.q2: not yet. That is the churn rate; the lifetime is 1 / churn.
    """
    ok, message = _verdict(_get(key), answer)
    if strict and not ok:
        raise AssertionError(message)
    print(message)
    return ok


def hint(key: str) -> str:
    """The general hint of the exercise *key* (in Chinese when the language is zh).

    Parameters
    ----------
    key : str
        The exercise, e.g. ``"ch3.q2"``.

    Returns
    -------
    str
        The hint, never the answer.

    Raises
    ------
    ValueError
        If *key* is not an exercise; the message lists them.

    Examples
    --------
    >>> hint("ch3.q2")
    'The lifetime is the reciprocal of the churn rate.'
    """
    exercise = _get(key)
    return _zh(exercise.hint, exercise.hint_zh)


def question(key: str) -> str:
    """The question of the exercise *key* (in Chinese when the language is zh).

    Parameters
    ----------
    key : str
        The exercise, e.g. ``"ch3.q2"``.

    Returns
    -------
    str
        The question as the chapter asks it.

    Raises
    ------
    ValueError
        If *key* is not an exercise; the message lists them.

    Examples
    --------
    >>> question("ch3.q2")
    'Firm A loses 25 of its 100 customers a year. How many years does a customer stay?'
    """
    exercise = _get(key)
    return _zh(exercise.question, exercise.question_zh)


def solution(key: str) -> str:
    """The worked solution of the exercise *key* (for after you have tried).

    Parameters
    ----------
    key : str
        The exercise, e.g. ``"ch3.q2"``.

    Returns
    -------
    str
        The crmlib call that computes the answer.

    Raises
    ------
    ValueError
        If *key* is not an exercise; the message lists them.

    Examples
    --------
    >>> solution("ch3.q2")
    'lifecycle.base_lifetime(lifecycle.churn_rate(25, 100))'
    """
    return _get(key).solution
