"""Seeded generators of the chapter 4 survey data (the committed copies live in datasets/).

- a dealer customer-satisfaction survey following the syllabus's questionnaire sections;
- a Kano questionnaire on dealer service features;
- expert pairwise judgments for the dealer satisfaction hierarchy (AHP);
- chapter 1's satisfaction trap: satisfaction, switching cost and defection.

All are synthetic; the datasheets in ``datasets/`` say how the committed ones were made.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "KANO_FEATURES",
    "TRUE_WEIGHTS",
    "generate_ahp_judgments",
    "generate_kano_survey",
    "generate_satisfaction_survey",
    "generate_satisfaction_trap",
]

#: The weights the simulated experts have in mind (their judgments scatter around the ratios).
TRUE_WEIGHTS: dict[str, dict[str, float]] = {
    "goal": {"sales service": 0.30, "after-sales service": 0.50, "customer care": 0.20},
    "sales service": {"S1": 0.08, "S2": 0.25, "S3": 0.22, "S4": 0.30, "S5": 0.15},
    "after-sales service": {"A1": 0.10, "A2": 0.36, "A3": 0.22, "A4": 0.18, "A5": 0.14},
    "customer care": {"C1": 0.28, "C2": 0.42, "C3": 0.10, "C4": 0.20},
}

#: Dealer service features of the Kano questionnaire and the category customers see in them.
KANO_FEATURES: dict[str, str] = {
    "loaner car during repairs": "A",
    "pick-up and delivery of the car": "A",
    "free car wash after service": "I",
    "online service booking": "O",
    "itemised invoice explained": "M",
    "repair done right the first time": "M",
    "lounge with coffee and Wi-Fi": "I",
    "owner club events": "A",
    "24-hour roadside assistance": "O",
}

_DEALERS = {"TJ01": 0.0, "TJ02": 0.1, "DL01": -0.25}
# Where each dealer is weak (item: shift of the mean score on the 1-5 scale).
_WEAKNESS = {
    "TJ01": {"C2": -0.8, "A3": -0.4},
    "TJ02": {"A3": -0.9, "A4": -0.5},
    "DL01": {"S3": -1.0, "S2": -0.6, "C1": -0.5},
}
_BASE = {
    "S1": 4.3, "S2": 3.9, "S3": 3.8, "S4": 3.5, "S5": 4.1, "A1": 4.0, "A2": 3.9, "A3": 3.6,
    "A4": 3.3, "A5": 4.1, "C1": 3.9, "C2": 3.6, "C3": 3.7, "C4": 4.0,
}  # fmt: skip
_SUGGESTIONS = [
    "",
    "",
    "",
    "shorter waiting time at the workshop",
    "more test-drive cars",
    "clearer prices for parts",
    "call me back when you promise",
    "friendlier reception",
]


def _likert(gen: np.random.Generator, mean: np.ndarray, sd: float = 0.8) -> np.ndarray:
    return np.clip(np.rint(mean + sd * gen.standard_normal(mean.shape)), 1, 5).astype(int)


def generate_satisfaction_survey(
    respondents_per_wave: int = 150,
    *,
    waves: tuple[str, ...] = ("2024H2", "2025H1"),
    rng: int | np.random.Generator = 404,
) -> pd.DataFrame:
    """Simulate the dealer satisfaction survey: dealers × waves × respondents.

    Sections follow the syllabus's questionnaire: respondent basics (customer type, age group,
    gender); overall satisfaction; for each of the 14 indicators of the dealer hierarchy an
    importance and a satisfaction score (1-5); the ACSI items (expectation, perceived value);
    comparison with competitors; complaint; repurchase and recommendation (loyalty); an open
    suggestion. Each dealer has its own weak points; the second wave is a little better.

    Parameters
    ----------
    respondents_per_wave : int, default 150
        Respondents per dealer and wave.
    waves : tuple of str, default ("2024H2", "2025H1")
        The survey waves, oldest first.
    rng : int or numpy.random.Generator, default 404
        Seed or generator (the bundled file uses the default).

    Returns
    -------
    pandas.DataFrame
        One row per respondent (synthetic): ``dealer``, ``wave``, the respondent's basics and
        the scores of every question.

    Examples
    --------
    >>> survey = generate_satisfaction_survey(2, waves=("W1",))
    >>> len(survey), sorted(survey["dealer"].unique())  # 3 dealers x 1 wave x 2 respondents
    (6, ['DL01', 'TJ01', 'TJ02'])
    """
    gen = np.random.default_rng(rng)
    items = list(_BASE)
    rows = []
    for w, wave in enumerate(waves):
        for dealer, level in _DEALERS.items():
            n = respondents_per_wave
            person = 0.5 * gen.standard_normal(n)  # each respondent's general mood
            frame = pd.DataFrame(
                {
                    "dealer": dealer,
                    "wave": wave,
                    "customer_type": gen.choice(["sales", "after-sales"], n, p=[0.4, 0.6]),
                    "age_group": gen.choice(
                        ["18-29", "30-39", "40-49", "50+"], n, p=[0.15, 0.4, 0.3, 0.15]
                    ),
                    "gender": gen.choice(["female", "male"], n, p=[0.35, 0.65]),
                }
            )
            sat_means = []
            for item in items:
                mean = _BASE[item] + level + 0.15 * w + _WEAKNESS[dealer].get(item, 0.0) + person
                frame[f"{item}_sat"] = _likert(gen, mean)
                weight = next(v[item] for k, v in TRUE_WEIGHTS.items() if item in v)
                frame[f"{item}_imp"] = _likert(gen, np.full(n, 2.8 + 6 * weight), 0.7)
                sat_means.append(frame[f"{item}_sat"].to_numpy())
            general = np.mean(sat_means, axis=0)
            frame["expectation"] = _likert(gen, np.full(n, 4.2), 0.6)
            frame["perceived_value"] = _likert(gen, general - 0.2)
            frame["overall"] = _likert(gen, general + 0.1, 0.5)
            frame["vs_competitors"] = np.select(
                [general > 4.1, general < 3.4], ["better", "worse"], default="same"
            )
            frame["complained"] = gen.random(n) < 1 / (1 + np.exp(3 * (general - 3.0)))
            frame["repurchase"] = _likert(gen, general - 0.1, 0.6)
            frame["recommend"] = np.clip(
                np.rint(2.4 * general - 1.2 + gen.standard_normal(n)), 0, 10
            ).astype(int)
            frame["suggestion"] = gen.choice(_SUGGESTIONS, n)
            rows.append(frame)
    survey = pd.concat(rows, ignore_index=True)
    survey.insert(0, "respondent", [f"R{i:04d}" for i in range(1, len(survey) + 1)])
    return survey


def generate_kano_survey(
    respondents: int = 200, *, rng: int | np.random.Generator = 505
) -> pd.DataFrame:
    """Simulate Kano answer pairs (functional, dysfunctional; 1-5) for :data:`KANO_FEATURES`.

    Each respondent mostly answers as the feature's true category implies, sometimes as a
    neighbouring category, sometimes at random: real Kano data are noisy.

    Parameters
    ----------
    respondents : int, default 200
        Number of respondents; each answers for every feature.
    rng : int or numpy.random.Generator, default 505
        Seed or generator (the bundled file uses the default).

    Returns
    -------
    pandas.DataFrame
        One row per respondent and feature (synthetic): ``respondent``, ``feature``,
        ``functional``, ``dysfunctional``.

    Examples
    --------
    >>> answers = generate_kano_survey(3)
    >>> len(answers) == 3 * len(KANO_FEATURES), list(answers.columns)
    (True, ['respondent', 'feature', 'functional', 'dysfunctional'])
    """
    gen = np.random.default_rng(rng)
    typical = {"A": (1, 3), "O": (1, 5), "M": (3, 5), "I": (3, 3)}
    neighbour = {"A": "I", "O": "A", "M": "O", "I": "A"}
    rows = []
    for feature, cat in KANO_FEATURES.items():
        draw = gen.random(respondents)
        use = np.where(draw < 0.65, cat, np.where(draw < 0.9, neighbour[cat], "random"))
        for k, kind in enumerate(use):
            if kind == "random":
                f, d = gen.integers(1, 6, 2)
            else:
                f, d = typical[kind]
                if f == 3:
                    f = gen.choice([2, 3, 4])
                if d == 3:
                    d = gen.choice([2, 3, 4])
            rows.append((f"K{k + 1:03d}", feature, int(f), int(d)))
    return pd.DataFrame(rows, columns=["respondent", "feature", "functional", "dysfunctional"])


def _to_scale(ratio: float) -> float:
    """Round a ratio to the nearest value of Saaty's scale (1..9 or their reciprocals)."""
    if ratio >= 1:
        return float(min(9, max(1, round(ratio))))
    return 1.0 / min(9, max(1, round(1 / ratio)))


def generate_ahp_judgments(
    experts: int = 5, *, rng: int | np.random.Generator = 606, careless: str = "E5"
) -> pd.DataFrame:
    """Simulate experts' upper-triangle judgments for every matrix of the dealer hierarchy.

    Each expert judges a_ij ≈ w_i / w_j × noise (log-normal, σ 0.25), rounded to Saaty's
    scale. The *careless* expert turns half of the after-sales judgments round (and
    exaggerates them), so that matrix fails the consistency check: the case study must flag it
    rather than use it.

    Parameters
    ----------
    experts : int, default 5
        Number of experts, named E1, E2, ...
    rng : int or numpy.random.Generator, default 606
        Seed or generator (the bundled file uses the default).
    careless : str, default "E5"
        The expert whose after-sales judgments are made inconsistent ("" for none).

    Returns
    -------
    pandas.DataFrame
        One row per judgment (synthetic): ``expert``, ``matrix``, ``row``, ``col``, ``value``
        (row's importance over col's on Saaty's 1/9-9 scale).

    Examples
    --------
    >>> judgments = generate_ahp_judgments(2)
    >>> judgments.groupby("expert").size().to_dict()  # every upper-triangle pair of each matrix
    {'E1': 29, 'E2': 29}
    """
    gen = np.random.default_rng(rng)
    rows = []
    for e in range(1, experts + 1):
        expert = f"E{e}"
        for matrix, weights in TRUE_WEIGHTS.items():
            names = list(weights)
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    ratio = weights[names[i]] / weights[names[j]]
                    value = _to_scale(ratio * float(np.exp(0.25 * gen.standard_normal())))
                    if expert == careless and matrix == "after-sales service" and (i + j) % 2:
                        value = _to_scale(3.0 / value)  # turned round: judgments that contradict
                    rows.append((expert, matrix, names[i], names[j], value))
    return pd.DataFrame(rows, columns=["expert", "matrix", "row", "col", "value"])


def generate_satisfaction_trap(
    n: int = 2000, *, rng: int | np.random.Generator | None = 7
) -> pd.DataFrame:
    """Synthetic customers' satisfaction (1-5), switching cost and whether they defected.

    The data behind chapter 1's satisfaction trap (source 003: satisfied customers defect too).

    Defection depends less on satisfaction than on the value a competitor offers relative to
    ours and on the cost of switching (two-factor theory, competition): satisfied customers
    still defect. Each customer defects with probability 1 / (1 + e^−s), s = −1.2 −
    0.45·(satisfaction − 3) + 0.9·edge − 1.0·[switching cost high], edge ~ N(0, 1). Seeded
    synthetic data, for teaching.

    Parameters
    ----------
    n : int, default 2000
        Number of customers.
    rng : int, numpy.random.Generator or None, default 7
        Seed or generator (``numpy.random.default_rng``).

    Returns
    -------
    pandas.DataFrame
        One row per customer (RangeIndex); columns ``satisfaction`` (int 1–5),
        ``switching_cost`` (``"low"``/``"high"``) and ``defected`` (bool).

    References
    ----------
    Course source 003: slides on customer value, segmentation, lifecycle, CLV, satisfaction and
    loyalty; the satisfaction trap and its causes (see the README, "Sources").
    Jones, T. O. & Sasser, W. E. (1995). Why satisfied customers defect. *Harvard Business Review*,
    73(6).
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*. New York: Wiley.

    Examples
    --------
    >>> d = generate_satisfaction_trap(5, rng=1)
    >>> d.shape, d.columns.tolist()
    ((5, 3), ['satisfaction', 'switching_cost', 'defected'])
    """
    gen = np.random.default_rng(rng)
    satisfaction = np.clip(np.rint(3.9 + 0.9 * gen.standard_normal(n)), 1, 5).astype(int)
    switching_cost = gen.choice(["low", "high"], n, p=[0.6, 0.4])
    rival_edge = gen.normal(0, 1, n)  # how much more value a competitor offers
    score = -1.2 - 0.45 * (satisfaction - 3) + 0.9 * rival_edge - 1.0 * (switching_cost == "high")
    defected = gen.random(n) < 1 / (1 + np.exp(-score))
    return pd.DataFrame(
        {"satisfaction": satisfaction, "switching_cost": switching_cost, "defected": defected}
    )
