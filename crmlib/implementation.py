"""CRM implementation and change (CRM战略的实施和变革): chapter 5.

A readiness assessment scored into the four infrastructure maturity stages, with the key success
factors and the nine common problems; BMW Brilliance's principles, ten guidelines and seven
vendor-selection steps, with a weighted scoring of vendors; the seven implementation phases as a
project plan; and the evaluation of a CRM project by its KPIs before and after.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlib._validation import (
    as_day,
    numeric_column,
    numeric_series,
    require_columns,
    require_frame,
    require_no_missing,
    require_table,
)

__all__ = [
    "BMW_GUIDELINES",
    "BMW_PRINCIPLES",
    "COMMON_PROBLEMS",
    "MATURITY_STAGES",
    "PHASES",
    "READINESS_QUESTIONS",
    "SUCCESS_FACTORS",
    "VENDOR_SELECTION_STEPS",
    "evaluate_kpis",
    "maturity_stage",
    "project_plan",
    "readiness_scores",
    "score_vendors",
]

#: The four stages of CRM infrastructure maturity (source 000).
MATURITY_STAGES: pd.DataFrame = pd.DataFrame(
    {
        "stage": [1, 2, 3, 4],
        "name": [
            "customer database",
            "continuous coordination",
            "symbiotic coordination",
            "integrated coordination",
        ],
        "means": [
            "record every interaction between customers and the firm",
            "all data shared in trust across the firm",
            "predict and influence future behaviour; two-way dialogue",
            "customer orientation is everyday behaviour throughout the firm",
        ],
    }
).set_index("stage")

#: The five key success factors (source 000).
SUCCESS_FACTORS = [
    "coherent strategy",
    "top-management sponsorship",
    "participation at every level",
    "expert involvement",
    "effective steering committee",
]

#: The nine common problems and the factor that prevents each (source 000).
COMMON_PROBLEMS: pd.DataFrame = pd.DataFrame(
    {
        "problem": [
            "no overall plan",
            "no clear vision",
            "best-practice syndrome",
            "no top-management support",
            "misplaced responsibility",
            "degenerates into re-engineering reports",
            "technology-enabled turned into IT-driven",
            "the wrong idea of who the customer is",
            "no link to HR",
        ],
        "factor": [
            "coherent strategy",
            "coherent strategy",
            "expert involvement",
            "top-management sponsorship",
            "effective steering committee",
            "effective steering committee",
            "expert involvement",
            "coherent strategy",
            "participation at every level",
        ],
    }
)

#: BMW Brilliance's five core CRM principles (source 004, section "实施客户关系管理的原则").
BMW_PRINCIPLES: list[str] = [
    "anticipate customers' needs and exceed them",
    "respect each customer's individual wishes and privacy",
    "give a consistent experience of the brand's trusted qualities in every contact",
    "close every customer contact (no enquiry left open)",
    "every current and prospective customer is a valuable asset",
]

#: The ten guidelines that spell the five principles out (source 004), paraphrased; the
#: ``principle`` column is the course's grouping (the source does not assign them).
BMW_GUIDELINES: pd.DataFrame = pd.DataFrame(
    {
        "guideline": [
            "recognise and actively shape the 'moments of truth' of the relationship",
            "every employee's job is to meet and exceed customers' needs",
            "permission marketing: contact customers only with their consent",
            "form target groups by customers' different requirements",
            "communication differs with each brand and its brand strategy",
            "all CRM activities are coordinated: the customer sees one face",
            "collect all information on current and prospective customers, and use it",
            "every touchpoint and department that needs it holds the customer information",
            "serve everyone to the quality standard; VIPs get extra service",
            "know what each current and prospective customer is worth",
        ],
        "principle": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
    },
    index=pd.RangeIndex(1, 11, name="guideline_no"),
)

#: BMW Brilliance's seven steps of choosing a CRM vendor (source 004, "选型过程"), after
#: knowing its own needs and surveying the vendors and their products.
VENDOR_SELECTION_STEPS: list[str] = [
    "choose custom-developed software",
    "draw up a first list of suitable vendors from the firm's own features and needs",
    "prepare the requirements documents and discuss them fully with each vendor",
    "rate vendors on product, solution, price, implementation capability and time",
    "decide the shortlist",
    "judge the finalists' plans to avoid implementation risk and ensure results",
    "choose the vendor and the product",
]

#: The readiness questionnaire: each statement is scored 1 (not at all) to 5 (fully), and
#: belongs to a maturity stage or a success factor.
READINESS_QUESTIONS: pd.DataFrame = pd.DataFrame(
    [
        ("Q1", "stage", 1, "Every customer contact is recorded in one database."),
        ("Q2", "stage", 1, "Customer records hold value, needs, behaviour and satisfaction."),
        ("Q3", "stage", 2, "Sales, marketing and service see the same customer data."),
        ("Q4", "stage", 2, "Departments trust and use each other's customer data."),
        ("Q5", "stage", 3, "We predict which customers will buy, leave or complain."),
        ("Q6", "stage", 3, "Customers can reach us and get answers in every channel."),
        ("Q7", "stage", 4, "Staff act customer-first without being told to."),
        ("Q8", "stage", 4, "Pay and promotion reward customer outcomes."),
        ("Q9", "factor", "coherent strategy", "CRM goals follow from our mission and vision."),
        ("Q10", "factor", "top-management sponsorship", "A board member owns the CRM programme."),
        ("Q11", "factor", "participation at every level", "Front-line staff helped design it."),
        ("Q12", "factor", "expert involvement", "Designers, consultants and trainers take part."),
        ("Q13", "factor", "effective steering committee", "A steering committee meets monthly."),
    ],
    columns=["question", "kind", "belongs_to", "statement"],
).set_index("question")

#: The seven implementation phases (BMW Brilliance, source 004), with a default length in weeks.
PHASES: pd.DataFrame = pd.DataFrame(
    {
        "phase": [
            "analysis and specification",
            "project planning and management",
            "configuration and customisation",
            "prototype and compatibility testing",
            "quality assurance testing and training",
            "rollout",
            "continuing support",
        ],
        "weeks": [6, 3, 10, 4, 5, 3, 12],
        "overlap_weeks": [0, 1, 1, 0, 1, 0, 0],  # starts this long before the previous ends
    }
)


def readiness_scores(answers: Mapping[str, float] | pd.Series) -> pd.DataFrame:
    """Mean score (1–5) of each maturity stage and success factor from questionnaire answers.

    The score of a stage or factor is the plain mean of its questions' answers.

    Parameters
    ----------
    answers : mapping of str to float, or pandas.Series
        Every question of :data:`READINESS_QUESTIONS` (``"Q1"`` .. ``"Q13"``) to a score from 1
        (not at all) to 5 (fully).

    Returns
    -------
    pandas.DataFrame
        Column ``score``, indexed by (``kind``, ``belongs_to``): the stages 1–4 (kind
        ``"stage"``), then the five success factors (kind ``"factor"``).

    Raises
    ------
    TypeError
        If *answers* is not a mapping (or Series) of question to score.
    ValueError
        If a question is unanswered, a score is missing (NaN), not a number or outside
        1..5; the message names the questions.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the four infrastructure maturity stages and the key success factors (see the
    README, "Sources").

    Examples
    --------
    Stage 1 is asked by Q1 and Q2: answers 5 and 4 give 4.5.

    >>> answers = {f"Q{k}": 3 for k in range(1, 14)} | {"Q1": 5, "Q2": 4}
    >>> float(readiness_scores(answers).loc[("stage", 1), "score"])
    4.5
    """
    if not isinstance(answers, Mapping | pd.Series):
        raise TypeError(
            "answers must be a dict (or Series) of question to score, e.g. {'Q1': 4, ...}, "
            f"got {type(answers).__name__}"
        )
    given = pd.Series(answers, dtype=object) if isinstance(answers, Mapping) else answers
    missing = sorted(set(READINESS_QUESTIONS.index) - set(given.index))
    if missing:
        raise ValueError(f"answers are missing for {missing}")
    values = numeric_column(
        given.reindex(READINESS_QUESTIONS.index).infer_objects(), what="answers"
    )
    if ((values < 1) | (values > 5)).any():
        bad = values[(values < 1) | (values > 5)].to_dict()
        raise ValueError(f"answers must be scores from 1 to 5; got {bad}")
    frame = READINESS_QUESTIONS.assign(score=values)
    return (
        frame.groupby(["kind", "belongs_to"], sort=False)["score"].mean().rename("score").to_frame()
    )


def maturity_stage(scores: pd.DataFrame, *, threshold: float = 3.5) -> int:
    """The highest stage reached: every stage up to it scores at least *threshold* (0 = none).

    The four stages build on each other (source 000), so a stage counts only when all the
    stages below it are reached too.

    Parameters
    ----------
    scores : pandas.DataFrame
        The result of :func:`readiness_scores`.
    threshold : float, default 3.5
        The mean score (1–5) a stage needs.

    Returns
    -------
    int
        0 (not even a customer database) to 4 (integrated coordination).

    Raises
    ------
    TypeError
        If *scores* is not a DataFrame.
    ValueError
        If *scores* is empty, is not the table of :func:`readiness_scores`, or a stage score
        is missing or not a number.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; the four infrastructure maturity stages (see the README, "Sources").

    Examples
    --------
    Stages 1, 2 and 4 score 4 but stage 3 scores 2: the firm has reached stage 2, and stage
    4's high score does not count.

    >>> answers = {f"Q{k}": 4 for k in range(1, 14)} | {"Q5": 2, "Q6": 2}
    >>> maturity_stage(readiness_scores(answers))
    2
    """
    require_table(scores, ["score"], what="scores", built_by="readiness_scores")
    if not isinstance(scores.index, pd.MultiIndex) or "stage" not in scores.index.levels[0]:
        raise ValueError(
            "scores must be indexed by (kind, belongs_to) with the stages under kind 'stage'; "
            "build it with readiness_scores"
        )
    stages = numeric_series(scores.loc["stage", "score"], "the stage scores")
    reached = 0
    for stage in sorted(stages.index):
        if stages[stage] < threshold:
            break
        reached = int(stage)
    return reached


def project_plan(start: str | pd.Timestamp, phases: pd.DataFrame | None = None) -> pd.DataFrame:
    """The implementation phases as dated tasks: start, end and weeks per phase.

    Phase k starts ``overlap_weeks[k]`` weeks before phase k − 1 ends (0: right after it) and
    lasts ``weeks[k]``: end_k = Σ_{j≤k} (weeks_j − overlap_j), start_k = end_k − weeks_k.

    Parameters
    ----------
    start : str or pandas.Timestamp
        The day the first phase starts.
    phases : pandas.DataFrame, optional
        Columns ``phase``, ``weeks`` (> 0) and ``overlap_weeks`` (≥ 0, at most the previous
        phase's length); :data:`PHASES` (BMW Brilliance's seven phases, source 004) if omitted.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``phase``; columns ``start``, ``end`` (Timestamps) and ``weeks``.

    Raises
    ------
    TypeError
        If *phases* is not a DataFrame.
    ValueError
        If *start* is not a date, *phases* is empty, a column is missing, a length or overlap
        is missing or not a number, a length is not positive, an overlap is negative or longer
        than the phase before it.

    References
    ----------
    Course source 004: BMW dealer (4S store) CRM materials, with a thesis measuring a Tianjin BMW
    dealer's customer satisfaction with AHP; BMW Brilliance's seven implementation phases (see the
    README, "Sources").

    Examples
    --------
    Build takes weeks 0–4; test starts one week before build ends (week 3, 26 January); roll
    out starts when test ends (week 5, 9 February).

    >>> phases = pd.DataFrame({"phase": ["build", "test", "roll out"], "weeks": [4, 2, 1],
    ...                        "overlap_weeks": [0, 1, 0]})
    >>> project_plan("2026-01-05", phases)["start"].dt.strftime("%m-%d").tolist()
    ['01-05', '01-26', '02-09']
    """
    phases = PHASES if phases is None else phases
    require_frame(phases, "phases")
    require_columns(phases, ["phase", "weeks", "overlap_weeks"], "phases")
    weeks = numeric_column(phases, "weeks", "phases")
    overlap = numeric_column(phases, "overlap_weeks", "phases")
    if (weeks <= 0).any() or (overlap < 0).any():
        raise ValueError("weeks must be positive and overlaps non-negative")
    if (overlap.iloc[1:].to_numpy() > weeks.iloc[:-1].to_numpy()).any():
        raise ValueError("a phase cannot overlap its predecessor by more than that phase lasts")
    ends = np.cumsum(phases["weeks"] - phases["overlap_weeks"])
    begin = ends - phases["weeks"]
    t0 = as_day(start, "start")
    return pd.DataFrame(
        {
            "phase": phases["phase"],
            "start": t0 + pd.to_timedelta(begin * 7, unit="D"),
            "end": t0 + pd.to_timedelta(ends * 7, unit="D"),
            "weeks": phases["weeks"],
        }
    ).set_index("phase")


def evaluate_kpis(kpis: pd.DataFrame, /, *, tolerance: float = 0.01) -> pd.DataFrame:
    """Before/after KPIs of a CRM project with a verdict per KPI.

    *kpis* has columns ``area`` (customer value, cost, efficiency and effectiveness: the
    sources' three questions), ``before``, ``after`` and ``higher_is_better`` (bool). The
    verdict is improved / unchanged (within ``tolerance`` relative change) / worse.

    change = (after − before) / |before|; a KPI where lower is better counts −change.

    Parameters
    ----------
    kpis : pandas.DataFrame
        The columns above, one row per KPI (other columns are kept).
    tolerance : float, default 0.01
        The relative change within which a KPI counts as unchanged (0.01 is 1 %).

    Returns
    -------
    pandas.DataFrame
        A copy of *kpis* with ``change`` (relative) and ``verdict``.

    Raises
    ------
    TypeError
        If *kpis* is not a DataFrame.
    ValueError
        If *kpis* is empty, a column is missing, a ``before`` or ``after`` value is missing or
        not a number, ``higher_is_better`` is missing, or a ``before`` value is 0.

    References
    ----------
    Course source 000: chapter 4 slides "CRM strategy implementation and change", with the Shanghai
    Volkswagen case; evaluation and feedback: customer value, cost, efficiency (see the README,
    "Sources").
    Kaplan, R. S. & Norton, D. P. (1992). The balanced scorecard: measures that drive performance.
    *Harvard Business Review*, 70(1).

    Examples
    --------
    Complaints fall from 200 to 150 (−25 %, lower is better); sales rise 0.5 %.

    >>> kpis = pd.DataFrame({"area": ["cost", "customer value"], "before": [200, 1000],
    ...                      "after": [150, 1005], "higher_is_better": [False, True]})
    >>> evaluate_kpis(kpis)[["change", "verdict"]].values.tolist()
    [[-0.25, 'improved'], [0.005, 'unchanged']]
    """
    require_frame(kpis, "kpis")
    require_columns(kpis, ["area", "before", "after", "higher_is_better"], "kpis")
    before = numeric_column(kpis, "before", "kpis")
    numeric_column(kpis, "after", "kpis")
    require_no_missing(kpis, "higher_is_better", "kpis")
    if (before == 0).any():
        raise ValueError("a KPI's 'before' value must not be 0 (the change is relative)")
    out = kpis.copy()
    out["change"] = (out["after"] - out["before"]) / out["before"].abs()
    better = np.where(out["higher_is_better"], out["change"], -out["change"])
    out["verdict"] = np.select(
        [better > tolerance, better < -tolerance], ["improved", "worse"], default="unchanged"
    )
    return out


def score_vendors(ratings: pd.DataFrame, weights: Mapping[str, float] | pd.Series) -> pd.DataFrame:
    """Weighted scoring of CRM vendors: score_v = Σ_c w_c · r_vc, ranked best first.

    Parameters
    ----------
    ratings : DataFrame
        One row per vendor, one column per criterion, ratings from 1 (poor) to 5 (excellent).
    weights : mapping or Series
        A weight for every criterion of *ratings* (and no other), non-negative, summing to 1.

    Returns
    -------
    DataFrame
        *ratings* with a ``score`` column (the weighted mean rating, 1..5) and ``rank``
        (1 = best; equal scores share the better rank), sorted by rank.

    Raises
    ------
    TypeError
        If *ratings* is not a DataFrame or *weights* not a mapping.
    ValueError
        If *ratings* is empty, the weights do not name exactly the criteria, are missing, not
        numbers, negative or do not sum to 1, or a rating is missing, not a number or outside
        1..5.

    References
    ----------
    Source 004 (BMW Brilliance's vendor selection, steps 4 and 6 name the criteria); the
    weighted-sum model is the simplest multi-criteria method (see e.g. Triantaphyllou, 2000,
    *Multi-Criteria Decision Making Methods: A Comparative Study*).

    Examples
    --------
    A: 0.25 × 4 + 0.75 × 2 = 2.5; B: 0.25 × 2 + 0.75 × 5 = 4.25, so B ranks first.

    >>> ratings = pd.DataFrame({"price": [4, 2], "fit": [2, 5]}, index=["A", "B"])
    >>> score_vendors(ratings, {"price": 0.25, "fit": 0.75})["score"].tolist()
    [4.25, 2.5]
    """
    require_frame(ratings, "ratings")
    if not isinstance(weights, Mapping | pd.Series):
        raise TypeError(
            "weights must be a dict (or Series) of criterion to weight, got "
            f"{type(weights).__name__}"
        )
    w = numeric_column(pd.Series(weights, dtype=object).infer_objects(), what="weights")
    missing, extra = (
        sorted(set(ratings.columns) - set(w.index)),
        sorted(set(w.index) - set(ratings.columns)),
    )
    if missing or extra:
        raise ValueError(
            f"weights must name exactly the criteria; missing {missing}, extra {extra}"
        )
    if (w < 0).any() or not np.isclose(w.sum(), 1.0, rtol=0, atol=1e-9):
        raise ValueError(f"weights must be non-negative and sum to 1; they sum to {w.sum():.6g}")
    values = pd.DataFrame({c: numeric_column(ratings, c, "ratings") for c in ratings.columns})
    if ((values < 1) | (values > 5)).any().any():
        raise ValueError("ratings must lie between 1 and 5")
    out = ratings.copy()
    out["score"] = (values * w[ratings.columns]).sum(axis=1)
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    return out.sort_values(["rank"], kind="stable")
