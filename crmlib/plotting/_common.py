"""Shared helpers of the plotting modules (private)."""

from __future__ import annotations

from matplotlib.figure import Figure


def plain(text: str) -> str:
    """Escape ``$`` so user text (a company name) is never read as mathtext."""
    return text.replace("$", r"\$")


def figure(width: float = 7.0, height: float = 4.5, ncols: int = 1) -> tuple[Figure, list]:
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)
