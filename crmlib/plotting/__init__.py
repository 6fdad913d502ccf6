"""Figures of the course, one module per chapter topic. Each function returns a ``Figure``.

Figures are built with the object-oriented API (``matplotlib.figure.Figure``), not pyplot, so
nothing piles up in pyplot's global list of open figures; Jupyter displays a returned Figure
(notebooks start with ``%matplotlib inline``). ``import crmlib`` does not import matplotlib:
import ``crmlib.plotting`` where you plot. Titles, axes, legends and notes follow
:func:`crmlib.i18n.set_language` (English or Chinese); importing this package registers the shipped
Chinese font, Noto Sans SC, as matplotlib's fallback font (:func:`use_cjk_font`), so Chinese
text renders as characters, not empty boxes.
"""

from crmlib.plotting._common import use_cjk_font
from crmlib.plotting._lifecycle import (
    alive_history,
    calibration_vs_holdout,
    clv_conventions,
    frequency_recency_matrix,
    lead_workload,
    period_transactions,
    repeat_tracking,
    retention_curves,
    stage_profile,
)
from crmlib.plotting._satisfaction import (
    improvement_map,
    index_model,
    kano_curves,
    kano_plot,
    weight_bars,
)
from crmlib.plotting._segmentation import pareto_curve, pyramid, rfm_heatmap, svcd_scatter
from crmlib.plotting._strategy import (
    cohort_npv_lines,
    funnel,
    gantt,
    loyal_profit_bars,
    radar,
    timeline,
)

__all__ = [
    "alive_history",
    "calibration_vs_holdout",
    "clv_conventions",
    "cohort_npv_lines",
    "frequency_recency_matrix",
    "funnel",
    "gantt",
    "improvement_map",
    "index_model",
    "kano_curves",
    "kano_plot",
    "lead_workload",
    "loyal_profit_bars",
    "pareto_curve",
    "period_transactions",
    "pyramid",
    "radar",
    "repeat_tracking",
    "retention_curves",
    "rfm_heatmap",
    "stage_profile",
    "svcd_scatter",
    "timeline",
    "use_cjk_font",
    "weight_bars",
]

use_cjk_font()
