"""crmlib: the formulas of the CRM course, one module per chapter topic.

``import crmlib`` is light (pandas and numpy only) and gives the modules below; each function
is imported from the module that defines it (``from crmlib.segmentation import rfm_table``),
the language switch too (``from crmlib.i18n import set_language``). Modules:

- :mod:`crmlib.strategy` – chapter 1, retention economics, loyalty ladder, satisfaction trap
- :mod:`crmlib.segmentation` – chapter 2, customer segmentation (RFM, pyramid, ABC, SVCD, 80/20)
- :mod:`crmlib.transactions` – the one rule from a transaction log to purchase days per customer
- :mod:`crmlib.customers` – per-customer value, attributes and needs from a transaction log
- :mod:`crmlib.classification` – chapter 2's 2 x 2 classifications (SVCD, difference matrix, AWARE)
- :mod:`crmlib.concentration` – chapter 2, the 80/20 rule: Pareto table, Lorenz curve, Gini
- :mod:`crmlib.lifecycle` – chapter 3, churn, CLV, cohorts, lifecycle stages
- :mod:`crmlib.clv` – chapter 3, BG/NBD, Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma, model CLV
- :mod:`crmlib.dealer` – chapter 3, a car dealer's lifecycle leads and call list
- :mod:`crmlib.satisfaction` – chapter 4, satisfaction degree, Kano, ACSI, NPS, improvement map
- :mod:`crmlib.sampling` – chapter 4, survey sampling designs and sample sizes
- :mod:`crmlib.ahp` – chapter 4, the Analytic Hierarchy Process
- :mod:`crmlib.implementation` – chapter 5, readiness, maturity stages, project plan, KPIs
- :mod:`crmlib.crmdb` – chapter 5, the single customer view in SQLite
- :mod:`crmlib.svw` – the Shanghai Volkswagen lead-management case
- :mod:`crmlib.i18n` – the reader's language: ``set_language("zh")`` shows Chinese
- :mod:`crmlib.datasets` – every loader of the bundled data and the seeded generators behind them
- :mod:`crmlib.plotting` – the figures (imports matplotlib; import it where you plot)
- :mod:`crmlib.course` – the course around the notebooks (needs the ``course`` extra): case
  reports (:mod:`crmlib.course.reports`, :mod:`crmlib.course.batch`), editions, the book,
  widgets, exercises, the glossary and the ``crm-course`` command

Sources
-------
"(source 003)" in a docstring cites one of the course's source documents: 000 – chapter 4
slides "CRM strategy implementation and change", with the Shanghai Volkswagen case; 001 –
slides "CRM strategies"; 002 – the Shanghai Volkswagen CRM case analysis; 003 – slides on
customer value, segmentation, lifecycle, CLV, satisfaction and loyalty; 004 – BMW dealer (4S
store) CRM materials, with a thesis measuring a dealer's customer satisfaction with AHP (the
README's "Sources"). Published work is cited in full under each function's References.
"""

from crmlib import (
    classification,
    concentration,
    customers,
    datasets,
    i18n,
    segmentation,
    transactions,
)

__version__ = "0.1.0"

__all__ = [
    "classification",
    "concentration",
    "customers",
    "datasets",
    "i18n",
    "segmentation",
    "transactions",
]
