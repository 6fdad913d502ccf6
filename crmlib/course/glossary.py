"""Bilingual glossary: every key term of the course in English and Chinese, defined in a line.

The Chinese terms are the ones the course sources use; :data:`DEFINITIONS_ZH` gives each
definition in Chinese, which the table and the Markdown show when the reader's language is
Chinese (:func:`crmlib.i18n.set_language`). Chapters link the first use of a term to its entry in
``notebooks/glossary.ipynb``.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from crmlib.i18n import get_language

__all__ = ["DEFINITIONS_ZH", "TERMS", "anchor", "glossary_markdown", "glossary_table"]

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
        "customer-delivered value",
        "顾客让渡价值",
        "Total customer value minus total customer cost (price, time, effort, risk): what the customer nets from an offer.",
        1,
    ),
    (
        "switching cost",
        "顾客转移成本",
        "What a customer gives up or pays to move to another supplier; a remedy for the satisfaction trap.",
        1,
    ),
    (
        "exit barrier",
        "退出壁垒",
        "Something that makes leaving the firm costly for a customer, such as a loyalty programme's lost points.",
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
        "获客同期群",
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
        "margin multiple",
        "利润乘数",
        "r / (1 + i − r): how many years of margin an existing customer is worth.",
        3,
    ),
    (
        "lifecycle lead",
        "生命周期线索",
        "A reason to call a customer raised by a date in their records (loan end, renewal, service).",
        3,
    ),
    (
        "pre-call sheet",
        "外呼前信息表",
        "What an agent reads before calling: contact, car, cars owned, complaints, key dates.",
        3,
    ),
    (
        "win-back",
        "流失挽回",
        "Contacting lost customers worth recovering to bring them back.",
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
        "ECSI",
        "欧洲顾客满意度指数",
        "The European Customer Satisfaction Index model: the ACSI's chain plus corporate image.",
        4,
    ),
    (
        "customer satisfaction index",
        "顾客满意度指数",
        "A weighted mean of indicator satisfaction scores, rescaled to 0-100 (CSI).",
        4,
    ),
    (
        "Better and Worse coefficients",
        "Better-Worse系数",
        "Kano: how much offering a feature raises satisfaction, and lacking it lowers it.",
        4,
    ),
    (
        "service quality gap",
        "服务质量差距",
        "One of five gaps between expected and delivered service (promotion ... perception).",
        4,
    ),
    (
        "margin of error",
        "抽样误差",
        "The ± precision of a share estimated from a sample, at a given confidence.",
        4,
    ),
    (
        "PLS path modelling",
        "偏最小二乘路径模型",
        "Partial least squares estimation of paths between latent constructs (ACSI, ECSI).",
        4,
    ),
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
    (
        "key account",
        "大客户",
        "A customer in the broad sense (consumers, dealers, suppliers, employees) or of large value to the firm; both meanings make the key-account culture.",
        5,
    ),
    (
        "value-chain integration",
        "价值链的系统整合",
        "Linking demand, production and distribution planning so that what customers will buy drives what is made and shipped.",
        5,
    ),
    (
        "customer development centre",
        "客户开发中心",
        "SVW's contact centre (CAC) with the free 800 hotline: answers, complaints, purchase intent, data verification.",
        5,
    ),
    (
        "dealer wide-area network",
        "经销商广域网",
        "SVW's secure website through which dealers receive hot leads daily.",
        5,
    ),
    (
        "reverse marketing model",
        "逆向营销模式",
        "Owner → prospect → dealer → SVW: owners bring in prospects, instead of SVW → dealer → prospect → owner.",
        5,
    ),
    (
        "permission marketing",
        "许可销售",
        "Contacting customers only with their consent (BMW Brilliance's third guideline).",
        5,
    ),
    (
        "moment of truth",
        "关键时刻",
        "A contact in which the customer forms a view of the brand, e.g. a test-drive request or a complaint.",
        5,
    ),
    (
        "vendor selection",
        "选型",
        "Choosing a CRM vendor and product; BMW Brilliance did it in seven steps.",
        5,
    ),
    (
        "attribution rule",
        "归因规则",
        "The rule that credits each sale to one campaign touch (the course uses first touch), so campaign sales add up to all sales.",
        5,
    ),
]


#: The Chinese definition of each term, by its English name (shown when the language is zh).
DEFINITIONS_ZH: dict[str, str] = {
    "customer relationship management": "一种经营战略：建立并维系与客户的长期关系，以提高客户满意度和忠诚度，提升企业价值。",
    "customer-centric": "围绕客户的需求来组织企业，而不是围绕产品线。",
    "product-centric": "围绕产品线来组织企业，关心的是“产品怎么卖出去”。",
    "customer value": "客户感知到的利益与其获得、使用产品或服务所付出的成本之比较。",
    "relationship value": "企业在整个关系期内从客户身上获得的价值：盈利价值、生命周期价值、能力价值和口碑价值。",
    "customer loyalty": "客户再次光顾、增加购买并向他人推荐的态度和行为。",
    "loyalty ladder": "从可疑者、潜在客户、初次购买者、重复购买者、客户，到拥护者和合作伙伴的逐级阶梯。",
    "satisfaction trap": "客户虽然满意，却仍然流失的现象。",
    "relationship marketing": "以合作、双赢、双向沟通、亲密和控制为基础的营销。",
    "database marketing": "收集和利用客户数据，预测购买行为并有针对性地提供产品。",
    "retention": "留住现有客户；客户保持率是一个时期内留下来的客户所占的比例。",
    "customer segmentation": "把客户分成若干群体，对不同群体区别对待。",
    "customer pyramid": "按利润给客户排序，从上到下按 5%、10%、20%、25% 和 40% 切分成若干区。",
    "profit zone": "客户金字塔中的一层，从最赚钱区到赔钱区。",
    "RFM": "按最近一次购买（R）、购买频率（F）和消费金额（M）给客户评分。",
    "ABC classification": "A 类客户贡献 75% 的销售额，B 类是其余有销售额的客户，C 类是潜在客户。",
    "SVCD": "明星、火山、奶牛、小狗：以购买金额和购买频率交叉划分客户。",
    "AWARE": "目标客户须有支付能力、有需求、有决定权，且合理、合格。",
    "80/20 rule": "大约 20% 的客户带来大约 80% 的价值。",
    "customer difference matrix": "以客户价值差异和需求差异交叉，得出四种策略。",
    "Lorenz curve": "客户从小到大排列时，价值的累计占比对客户的累计占比的曲线。",
    "Gini coefficient": "1 − 2 × 洛伦兹曲线下的面积：0 表示完全平均，接近 1 表示高度集中。",
    "customer lifecycle": "从第一次接触到关系完全结束的全过程，分为七个阶段。",
    "potential stage": "尚未购买的潜在客户所处的阶段。",
    "development stage": "新客户与企业正在建立关系的阶段。",
    "growth stage": "客户购买不断增加的阶段。",
    "maturity stage": "客户关系稳定、份额和盈利都达到顶峰的阶段。",
    "decline stage": "客户购买不断减少的阶段。",
    "termination stage": "客户已经停止购买的阶段。",
    "recovery stage": "流失的客户又回来了。",
    "churn rate": "一个时期内流失的客户所占的比例；客户生命周期 = 1 / 流失率。",
    "customer lifetime value": "客户在整个关系期内带来的利润与成本的期望净现值。",
    "discount rate": "把未来的钱折算成今天的钱的比率 i：除以 (1 + i)^t。",
    "acquisition": "赢得新客户。",
    "enhancement": "提高现有客户的盈利能力。",
    "BG/NBD model": "描述重复购买和客户悄然流失的概率模型。",
    "customer satisfaction": "客户把感知到的表现与期望相比较后产生的感受。",
    "satisfaction degree": "C = B / A，即感知值与期望值之比。",
    "Kano model": "把产品或服务的属性分为当然质量、期望质量和迷人质量。",
    "must-be quality": "被视为理所当然：缺少会引起不满，具备也不会带来满意。",
    "one-dimensional quality": "越多越好，满意度与之成正比。",
    "attractive quality": "出乎意料的惊喜：没有它，也没有人会在意。",
    "ACSI": "美国顾客满意度指数模型。",
    "SCSB": "瑞典顾客满意度晴雨表模型。",
    "improvement map": "以重要性和满意度交叉：急需改进区、竞争优势区、次要改进区和锦上添花区。",
    "Analytic Hierarchy Process": "在 Saaty 的 1–9 标度上两两比较，由判断矩阵求出权重，并做一致性检验。",
    "consistency ratio": "CR = CI / RI；CR < 0.10 时判断矩阵的一致性可以接受。",
    "Net Promoter Score": "推荐者（9–10 分）的比例减去贬损者（0–6 分）的比例，以百分数表示。",
    "sample size": "要达到给定的精度和置信水平需要调查的人数。",
    "business process re-engineering": "从客户的需要出发，而不是按职能，重新设计业务流程。",
    "sales force automation": "把销售过程纳入信息系统。",
    "single customer view": "每位客户一份终生档案，由所有接触点的信息汇集而成。",
    "hot lead": "联系方式经过核实、身在本地、打算在 3 个月内购买的潜在客户。",
    "dealer management system": "经销商记录每一笔销售的系统（DMS）。",
    "customer-delivered value": "顾客总价值减去顾客总成本（价格、时间、精力和风险）：客户从一项产品或服务中实际得到的净价值。",
    "switching cost": "客户转向另一家供应商时要放弃或付出的代价；是应对“满意陷阱”的一种办法。",
    "exit barrier": "让客户离开企业代价变高的因素，例如离开就会作废的会员积分。",
    "visit plan": "销售队伍对每一类客户的拜访频率，以“每位客户每年的拜访次数”计。",
    "value differentiation": "不同客户为企业带来的价值彼此相差多大。",
    "needs differentiation": "不同客户想要的东西彼此相差多大。",
    "acquisition cohort": "首次购买落在同一时期的一批客户，放在一起跟踪观察。",
    "margin multiple": "r / (1 + i − r)：一位现有客户相当于多少年的利润。",
    "lifecycle lead": "由客户记录中的某个日期（贷款到期、续保、保养）触发的一次联系客户的理由。",
    "pre-call sheet": "坐席在外呼之前要看的信息：联系方式、车辆、名下车辆、投诉记录和关键日期。",
    "win-back": "联系值得挽回的流失客户，争取让他们回来。",
    "ECSI": "欧洲顾客满意度指数模型：在 ACSI 的因果链之外加入了企业形象。",
    "customer satisfaction index": "各指标满意度得分的加权平均，换算到 0–100（CSI）。",
    "Better and Worse coefficients": "Kano 模型中，提供某项功能能使满意度提高多少、缺少它又会使满意度降低多少。",
    "service quality gap": "期望的服务与实际提供的服务之间五种差距之一（从促销差距到感受差距）。",
    "margin of error": "用样本估计一个比例时、在给定置信水平下的 ± 精度。",
    "PLS path modelling": "用偏最小二乘法估计潜在构念之间路径系数的方法（ACSI、ECSI）。",
    "key account": "广义的客户（消费者、经销商、供应商、员工），或对企业价值很大的客户；两种含义合起来构成大客户文化。",
    "value-chain integration": "把需求、生产和分销计划连在一起，让客户将要购买什么来决定生产什么、发运什么。",
    "customer development centre": "上海大众的客户联络中心（CAC），设有免费的 800 热线：解答咨询、处理投诉、记录购车意向、核实数据。",
    "dealer wide-area network": "上海大众的安全网站，经销商每天通过它接收热切潜在客户。",
    "reverse marketing model": "车主 → 潜在客户 → 经销商 → 上海大众：由车主带来潜在客户，而不是上海大众 → 经销商 → 潜在客户 → 车主。",
    "permission marketing": "只在得到客户同意的情况下联系客户（华晨宝马的第三条准则）。",
    "moment of truth": "客户在其中形成对品牌看法的一次接触，例如一次试驾预约或一次投诉。",
    "vendor selection": "选择 CRM 供应商和产品；华晨宝马分七步完成。",
    "attribution rule": "把每一笔销售归给某一次营销接触的规则（本课程用首次接触），使各活动的销售加起来等于全部销售。",
}


def anchor(term: str) -> str:
    """The HTML id of a term's glossary entry.

    Parameters
    ----------
    term : str
        An English term of :data:`TERMS`.

    Returns
    -------
    str
        The term in lower case, each run of other characters than letters and digits a hyphen.

    Examples
    --------
    >>> anchor("RFM (recency, frequency, monetary)")
    'rfm-recency-frequency-monetary'
    """
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def glossary_table(chapter: int | None = None) -> pd.DataFrame:
    """The glossary as a table (optionally one chapter's terms), sorted by English term.

    The ``definition`` is in the reader's language (:func:`crmlib.i18n.set_language`); a term
    without a Chinese definition keeps its English one. ``definition_en`` is always English.

    Parameters
    ----------
    chapter : int, optional
        Keep only the terms this chapter (1 to 5) introduces.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term``, with columns ``chinese``, ``definition``, ``chapter`` and
        ``definition_en``; sorted case-insensitively.

    Examples
    --------
    >>> glossary_table().loc["churn rate", "chinese"]
    '客户流失率'
    """
    table = pd.DataFrame(TERMS, columns=["term", "chinese", "definition", "chapter"])
    table["definition_en"] = table["definition"]
    if get_language() == "zh":
        chinese = table["term"].map(DEFINITIONS_ZH)
        table["definition"] = chinese.fillna(table["definition"])
    if chapter is not None:
        table = table[table["chapter"] == chapter]
    return table.sort_values("term", key=lambda s: s.str.lower()).set_index("term")


def glossary_markdown() -> str:
    """The glossary as a Markdown table whose rows carry anchors the chapters link to.

    In Chinese (:func:`crmlib.i18n.set_language`) the Chinese term comes first; the anchors stay
    those of the English terms, so links work in both editions.

    Returns
    -------
    str
        A header line, a separator line and one row per term.

    Examples
    --------
    >>> print(glossary_markdown().splitlines()[0])
    | term | 中文 | definition | chapter |
    """
    table = glossary_table()[["chinese", "definition", "chapter"]]
    if get_language() == "zh":  # the Chinese term first; anchors stay the English ones
        rows = [
            f'| <a id="{anchor(t)}"></a>**{c}** | {html.escape(t)} | {html.escape(d)} | {ch} |'
            for t, c, d, ch in table.reset_index().itertuples(index=False)
        ]
        return "| 术语 | English | 定义 | 章 |\n|---|---|---|---|\n" + "\n".join(rows)
    rows = [
        f'| <a id="{anchor(t)}"></a>**{html.escape(t)}** | {c} | {html.escape(d)} | {ch} |'
        for t, c, d, ch in table.reset_index().itertuples(index=False)
    ]
    return "| term | 中文 | definition | chapter |\n|---|---|---|---|\n" + "\n".join(rows)
