"""Bilingual glossary: every key term of the course in English and Chinese, defined in a line.

The Chinese terms are the ones the course sources use. Chapters link the first use of a term to
its entry in ``notebooks/glossary.ipynb``.
"""

from __future__ import annotations

import html
import re

import pandas as pd

__all__ = ["TERMS", "anchor", "glossary_markdown", "glossary_table"]

#: (English term, Chinese term, one-line definition, chapter)
TERMS: list[tuple[str, str, str, int]] = [
    (
        "customer relationship management",
        "客户关系管理",
        "A business strategy of building and keeping long-term customer relationships to raise satisfaction, loyalty and the firm's value.",
        1,
    ),
    (
        "customer-centric",
        "以客户为中心",
        "Organised around customers' needs rather than around product lines.",
        1,
    ),
    (
        "product-centric",
        "以产品为中心",
        "Organised around product lines: 'how do we sell the product?'.",
        1,
    ),
    (
        "customer value",
        "顾客价值",
        "The benefit a customer perceives against the cost of getting and using the offer.",
        1,
    ),
    (
        "relationship value",
        "关系价值",
        "What the firm gains over a relationship's life: profitability, lifecycle, capability and referral value.",
        1,
    ),
    (
        "customer loyalty",
        "客户忠诚",
        "A customer's attitude and behaviour of returning, buying more and recommending.",
        1,
    ),
    (
        "loyalty ladder",
        "忠诚度阶梯",
        "Suspect, prospect, first-time buyer, repeat buyer, client, advocate, partner.",
        1,
    ),
    ("satisfaction trap", "顾客满意陷阱", "Satisfied customers who still defect.", 1),
    (
        "relationship marketing",
        "关系营销",
        "Marketing built on cooperation, win-win, two-way communication, intimacy and control.",
        1,
    ),
    (
        "database marketing",
        "数据库营销",
        "Collecting and using customer data to predict purchases and target offers.",
        1,
    ),
    (
        "retention",
        "客户保持",
        "Keeping customers; its rate is the share of customers who stay a period.",
        1,
    ),
    (
        "customer segmentation",
        "客户细分",
        "Dividing customers into groups that deserve different treatment.",
        2,
    ),
    (
        "customer pyramid",
        "客户金字塔",
        "Customers ranked by profit and cut into zones of 5, 10, 20, 25 and 40%.",
        2,
    ),
    (
        "profit zone",
        "利润区",
        "One layer of the customer pyramid, from most profitable to loss-making.",
        2,
    ),
    ("RFM", "RFM分析", "Scoring customers by recency, frequency and monetary value.", 2),
    (
        "ABC classification",
        "ABC分类",
        "A customers make 75% of sales, B the rest, C are prospects.",
        2,
    ),
    (
        "SVCD",
        "SVCD分类",
        "Star, Volcano, Cow, Dog: purchase amount crossed with purchase frequency.",
        2,
    ),
    (
        "AWARE",
        "AWARE原则",
        "A target customer has ability, want, authority, and is reasonable and eligible.",
        2,
    ),
    ("80/20 rule", "80-20法则", "About 20% of customers bring about 80% of the value.", 2),
    (
        "customer difference matrix",
        "客户差异矩阵",
        "Value differences crossed with need differences: four strategies.",
        2,
    ),
    (
        "Lorenz curve",
        "洛伦兹曲线",
        "Cumulative share of value against cumulative share of customers, smallest first.",
        2,
    ),
    (
        "Gini coefficient",
        "基尼系数",
        "1 − 2 × the area under the Lorenz curve: 0 equal, near 1 concentrated.",
        2,
    ),
    (
        "visit plan",
        "拜访计划",
        "How often a sales force visits each class of customer, in visits per customer per year.",
        2,
    ),
    (
        "value differentiation",
        "客户价值差异",
        "How much customers differ from one another in the value they bring.",
        2,
    ),
    (
        "needs differentiation",
        "客户需求差异",
        "How much customers differ from one another in what they want.",
        2,
    ),
    (
        "acquisition cohort",
        "获客群组",
        "The customers whose first purchase falls in the same period, followed together.",
        2,
    ),
    (
        "customer lifecycle",
        "客户生命周期",
        "From the first contact until the relationship is fully closed, in seven stages.",
        3,
    ),
    ("potential stage", "潜在客户期", "A prospect who has not bought yet.", 3),
    ("development stage", "开发期", "A new customer whose relationship is being built.", 3),
    ("growth stage", "成长期", "A customer whose purchases are rising.", 3),
    (
        "maturity stage",
        "成熟期",
        "An established customer at the peak of share and profitability.",
        3,
    ),
    ("decline stage", "衰退期", "A customer whose purchases are falling.", 3),
    ("termination stage", "终止期", "A customer who has stopped buying.", 3),
    ("recovery stage", "恢复期", "A lost customer who came back.", 3),
    (
        "churn rate",
        "客户流失率",
        "The share of customers lost in a period; lifetime = 1 / churn.",
        3,
    ),
    (
        "customer lifetime value",
        "客户终生价值",
        "The expected net present value of the profits and costs a customer brings.",
        3,
    ),
    (
        "discount rate",
        "贴现率",
        "The rate i that turns future money into today's: divide by (1 + i)^t.",
        3,
    ),
    ("acquisition", "客户获取", "Winning new customers.", 3),
    ("enhancement", "客户强化", "Raising current customers' profitability.", 3),
    (
        "BG/NBD model",
        "BG/NBD模型",
        "A probabilistic model of repeat purchases and silent dropout.",
        3,
    ),
    (
        "customer satisfaction",
        "客户满意度",
        "The customer's feeling from comparing perceived performance with expectations.",
        4,
    ),
    ("satisfaction degree", "满意度", "C = B / A, perceived value over expected value.", 4),
    (
        "Kano model",
        "卡诺模型",
        "Sorts attributes into must-be, one-dimensional and attractive quality.",
        4,
    ),
    (
        "must-be quality",
        "当然质量",
        "Taken for granted: its absence angers, its presence earns no thanks.",
        4,
    ),
    ("one-dimensional quality", "期望质量", "The more, the better, in proportion.", 4),
    ("attractive quality", "迷人质量", "An unexpected delight whose absence nobody misses.", 4),
    ("ACSI", "美国顾客满意度指数", "The American Customer Satisfaction Index model.", 4),
    ("SCSB", "瑞典顾客满意度晴雨表", "The Swedish Customer Satisfaction Barometer model.", 4),
    (
        "improvement map",
        "改进矩阵",
        "Importance against satisfaction: urgent, advantage, secondary, nice-to-have.",
        4,
    ),
    (
        "Analytic Hierarchy Process",
        "层次分析法",
        "Pairwise comparisons on Saaty's 1-9 scale turned into weights, with a consistency check.",
        4,
    ),
    ("consistency ratio", "一致性比率", "CR = CI / RI; judgments are accepted when CR < 0.10.", 4),
    ("Net Promoter Score", "净推荐值", "Promoters (9-10) minus detractors (0-6), in percent.", 4),
    ("sample size", "样本量", "How many to survey for a given precision and confidence.", 4),
    (
        "business process re-engineering",
        "业务流程再造",
        "Rethinking processes from the customer's need rather than by function.",
        5,
    ),
    (
        "sales force automation",
        "销售自动化",
        "Putting the sales process into information systems.",
        5,
    ),
    (
        "single customer view",
        "客户终生档案",
        "One lifetime record per customer, fed by every touchpoint.",
        5,
    ),
    (
        "hot lead",
        "热切潜在客户",
        "A prospect with verified contact details, local, intending to buy within 3 months.",
        5,
    ),
    (
        "dealer management system",
        "经销商管理系统",
        "The dealer's system that records every sale (DMS).",
        5,
    ),
]


def anchor(term: str) -> str:
    """The HTML id of a term's glossary entry."""
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def glossary_table(chapter: int | None = None) -> pd.DataFrame:
    """The glossary as a table (optionally one chapter's terms), sorted by English term."""
    table = pd.DataFrame(TERMS, columns=["term", "chinese", "definition", "chapter"])
    if chapter is not None:
        table = table[table["chapter"] == chapter]
    return table.sort_values("term", key=lambda s: s.str.lower()).set_index("term")


def glossary_markdown() -> str:
    """The glossary as a Markdown table whose rows carry anchors the chapters link to."""
    rows = [
        f'| <a id="{anchor(t)}"></a>**{html.escape(t)}** | {c} | {html.escape(d)} | {ch} |'
        for t, (c, d, ch) in glossary_table()[["chinese", "definition", "chapter"]].iterrows()
    ]
    return "| term | 中文 | definition | chapter |\n|---|---|---|---|\n" + "\n".join(rows)
