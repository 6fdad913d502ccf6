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

from crmlib._validation import require_columns, require_frame

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


def readiness_scores(answers: Mapping[str, float]) -> pd.DataFrame:
    """Mean score (1–5) of each maturity stage and success factor from questionnaire answers.

    *answers* maps every question of :data:`READINESS_QUESTIONS` to a score 1..5.
    """
    missing = sorted(set(READINESS_QUESTIONS.index) - set(answers))
    if missing:
        raise ValueError(f"answers are missing for {missing}")
    values = pd.Series(answers, dtype=float).reindex(READINESS_QUESTIONS.index)
    if ((values < 1) | (values > 5)).any():
        bad = values[(values < 1) | (values > 5)].to_dict()
        raise ValueError(f"answers must be scores from 1 to 5; got {bad}")
    frame = READINESS_QUESTIONS.assign(score=values)
    return (
        frame.groupby(["kind", "belongs_to"], sort=False)["score"].mean().rename("score").to_frame()
    )


def maturity_stage(scores: pd.DataFrame, *, threshold: float = 3.5) -> int:
    """The highest stage reached: every stage up to it scores at least *threshold* (0 = none)."""
    stages = scores.loc["stage", "score"]
    reached = 0
    for stage in sorted(stages.index):
        if stages[stage] < threshold:
            break
        reached = int(stage)
    return reached


def project_plan(start: str | pd.Timestamp, phases: pd.DataFrame | None = None) -> pd.DataFrame:
    """The implementation phases as dated tasks; returns start, end and weeks per phase.

    Phase k starts ``overlap_weeks[k]`` weeks before phase k − 1 ends (0: right after it) and
    lasts ``weeks[k]``: end_k = Σ_{j≤k} (weeks_j − overlap_j), start_k = end_k − weeks_k.

    >>> phases = pd.DataFrame({"phase": ["build", "test", "roll out"], "weeks": [4, 2, 1],
    ...                        "overlap_weeks": [0, 1, 0]})
    >>> project_plan("2026-01-05", phases)["start"].dt.strftime("%m-%d").tolist()
    ['01-05', '01-26', '02-09']
    """
    phases = PHASES if phases is None else phases
    require_frame(phases, "phases")
    require_columns(phases, ["phase", "weeks", "overlap_weeks"], "phases")
    if (phases["weeks"] <= 0).any() or (phases["overlap_weeks"] < 0).any():
        raise ValueError("weeks must be positive and overlaps non-negative")
    if (phases["overlap_weeks"].iloc[1:].to_numpy() > phases["weeks"].iloc[:-1].to_numpy()).any():
        raise ValueError("a phase cannot overlap its predecessor by more than that phase lasts")
    ends = np.cumsum(phases["weeks"] - phases["overlap_weeks"])
    begin = ends - phases["weeks"]
    t0 = pd.Timestamp(start)
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
    """
    require_frame(kpis, "kpis")
    require_columns(kpis, ["area", "before", "after", "higher_is_better"], "kpis")
    if (kpis["before"] == 0).any():
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

    References
    ----------
    Source 004 (BMW Brilliance's vendor selection, steps 4 and 6 name the criteria); the
    weighted-sum model is the simplest multi-criteria method (see e.g. Triantaphyllou, 2000,
    *Multi-Criteria Decision Making Methods: A Comparative Study*).

    Examples
    --------
    >>> ratings = pd.DataFrame({"price": [4, 2], "fit": [2, 5]}, index=["A", "B"])
    >>> score_vendors(ratings, {"price": 0.25, "fit": 0.75})["score"].tolist()
    [4.25, 2.5]
    """
    require_frame(ratings, "ratings")
    w = pd.Series(weights, dtype=float)
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
    values = ratings.astype(float)
    if ((values < 1) | (values > 5)).any().any():
        raise ValueError("ratings must lie between 1 and 5")
    out = ratings.copy()
    out["score"] = (values * w[ratings.columns]).sum(axis=1)
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    return out.sort_values(["rank"], kind="stable")
