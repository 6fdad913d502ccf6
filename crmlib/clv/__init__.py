"""Probabilistic models of a customer base and the lifetime value they predict (chapter 3).

Purchase models, each a fit returning small typed parameters:

- BG/NBD (:func:`fit_bgnbd`), Pareto/NBD (:func:`fit_pareto_nbd`), MBG/NBD (:func:`fit_mbgnbd`)
  for purchases at any time; BG/BB (:func:`fit_bgbb`) for yes/no opportunities;
- Gamma-Gamma (:func:`fit_gamma_gamma`) for the amount spent per purchase.

The same questions of any fitted model (dispatching on the parameters' type):
:func:`probability_alive`, :func:`expected_purchases` (existing customers, given their
history), :func:`expected_purchases_new_customer`, :func:`probability_of_purchases`.
Data in and checks out: :func:`calibration_summary`, :func:`calibration_and_holdout`,
:func:`repeat_tracking_table`, :func:`holdout_comparison`, :func:`period_transactions`,
:func:`compare_models`.
Value: :func:`model_clv`, :func:`discounted_expected_purchases`.

Histories are passed as the calibration summary or as columns; one customer in gives a float
out, many give a Series indexed by customer (:mod:`crmlib.clv._data`). scipy is imported when a
function runs, not when crmlib is imported.
"""

from crmlib.clv._bgbb import BGBBParams, fit_bgbb
from crmlib.clv._bgnbd import BGNBDParams, fit_bgnbd, simulate_bgnbd
from crmlib.clv._fit import DegenerateFitWarning
from crmlib.clv._gamma_gamma import GammaGammaParams, expected_average_spend, fit_gamma_gamma
from crmlib.clv._mbgnbd import MBGNBDParams, fit_mbgnbd
from crmlib.clv._paretonbd import ParetoNBDParams, fit_pareto_nbd
from crmlib.clv._predict import (
    expected_purchases,
    expected_purchases_new_customer,
    probability_alive,
    probability_of_purchases,
)
from crmlib.clv._summary import (
    calibration_and_holdout,
    calibration_summary,
    compare_models,
    holdout_comparison,
    period_transactions,
    repeat_tracking_table,
)
from crmlib.clv._value import discounted_expected_purchases, model_clv

#: Any fitted purchase model: what the prediction functions accept as their first argument.
PurchaseModel = BGNBDParams | ParetoNBDParams | MBGNBDParams | BGBBParams

__all__ = [
    "BGBBParams",
    "BGNBDParams",
    "DegenerateFitWarning",
    "GammaGammaParams",
    "MBGNBDParams",
    "ParetoNBDParams",
    "PurchaseModel",
    "calibration_and_holdout",
    "calibration_summary",
    "compare_models",
    "discounted_expected_purchases",
    "expected_average_spend",
    "expected_purchases",
    "expected_purchases_new_customer",
    "fit_bgbb",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_mbgnbd",
    "fit_pareto_nbd",
    "holdout_comparison",
    "model_clv",
    "period_transactions",
    "probability_alive",
    "probability_of_purchases",
    "repeat_tracking_table",
    "simulate_bgnbd",
]
