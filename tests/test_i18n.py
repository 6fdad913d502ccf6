"""The reader's language (crmlib.i18n): the switch, the Chinese labels, the figures' font."""

from __future__ import annotations

import doctest
import importlib
import io
import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import crmlib
from crmlib import (
    ahp,
    classification,
    dealer,
    i18n,
    implementation,
    lifecycle,
    plotting,
    satisfaction,
    segmentation,
    strategy,
)
from crmlib.course import exercises
from crmlib.datasets import pyramid_example
from crmlib.plotting import _common

matplotlib.use("Agg")

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def zh():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


# ------------------------------------------------------------------------------- the switch ---


def test_the_switch_has_one_import_path():
    """crmlib.i18n defines the switch; the package does not re-export it (one path per idea)."""
    assert not hasattr(crmlib, "set_language") and not hasattr(crmlib, "get_language")
    assert crmlib.i18n.set_language is i18n.set_language


def test_set_language_switches_and_refuses_unknown_languages():
    assert i18n.get_language() == "en"
    i18n.set_language("zh")
    try:
        assert i18n.get_language() == "zh"
        assert i18n.label("Star") == "明星"
    finally:
        i18n.set_language("en")
    assert i18n.label("Star") == "Star"
    for bad in ("fr", "", None, "zh-TW"):
        with pytest.raises(ValueError, match=r"one of \['en', 'zh'\]"):
            i18n.set_language(bad)
    assert i18n.get_language() == "en"  # a refused value changes nothing


def test_initial_language_comes_from_crmlib_lang(monkeypatch):
    try:
        for value, expected in [("zh", "zh"), (" ZH ", "zh"), ("", "en"), (None, "en")]:
            if value is None:
                monkeypatch.delenv("CRMLIB_LANG", raising=False)
            else:
                monkeypatch.setenv("CRMLIB_LANG", value)
            importlib.reload(i18n)
            assert i18n.get_language() == expected, value
            assert i18n.label("Dog") == ("小狗" if expected == "zh" else "Dog")
        monkeypatch.setenv("CRMLIB_LANG", "de")
        with pytest.raises(ValueError, match=r"CRMLIB_LANG must be one of \['en', 'zh'\]"):
            importlib.reload(i18n)
    finally:
        monkeypatch.delenv("CRMLIB_LANG", raising=False)
        importlib.reload(i18n)
    assert i18n.get_language() == "en"


def test_localize_and_canonical_are_inverse_and_keep_category_order(zh):
    cats = list(segmentation.PROFIT_ZONES["zone"])
    zones = pd.Series(pd.Categorical(cats[::-1], categories=cats, ordered=True))
    shown = i18n.localize(zones)
    assert list(shown.cat.categories) == list(segmentation.PROFIT_ZONES["zone_zh"])
    assert shown.cat.ordered and (shown.cat.codes == zones.cat.codes).all()
    assert i18n.canonical(shown).astype(str).tolist() == cats[::-1]
    assert i18n.canonical("Star") == "Star" and i18n.canonical("小狗") == "Dog"
    with pytest.raises(TypeError, match="got int"):
        i18n.localize(3)


# --------------------------------------------------------------------- the categories in zh ---


def test_every_category_a_formula_returns_has_the_sources_chinese_name():
    tables = {
        "zone": (segmentation.PROFIT_ZONES["zone"], segmentation.PROFIT_ZONES["zone_zh"]),
        "stage": (lifecycle.STAGES["stage"], lifecycle.STAGES["stage_zh"]),
        "kano": (satisfaction.KANO_CATEGORIES["category"], satisfaction.KANO_CATEGORIES["zh"]),
    }
    for name, (english, chinese) in tables.items():  # the tables' own Chinese names agree
        assert [i18n.LABELS[e] for e in english] == list(chinese), name
    others = [
        *segmentation.PROFIT_ZONES["strategy"],
        *segmentation.RFM_TIERS["tier"],
        *segmentation.RFM_TIERS["strategy"],
        *segmentation.VALUE_TIERS["tier"],
        *classification.SVCD_VISIT_PLAN,
        *dealer.LEAD_TYPES["lead_type"],
        *dealer.LEAD_TYPES["department"],
        *strategy.LOYALTY_LADDER,
        "urgent improvement",
        "competitive advantage",
        "secondary improvement",
        "nice-to-have",
        "one-to-one relationship marketing",
        "build loyalty, grow need differences",
        "niche strategy",
        "mass marketing",
    ]
    missing = [o for o in others if not CJK.search(i18n.LABELS.get(o, ""))]
    assert not missing
    assert i18n.LABELS["Star"] + i18n.LABELS["Volcano"] == "明星火山"
    assert i18n.LABELS["urgent improvement"] == "急需改进区"


def test_formulas_return_chinese_labels_with_the_same_meaning(zh):
    value = pyramid_example()
    zones = segmentation.profit_zones(value["profit"])
    i18n.set_language("en")
    english = segmentation.profit_zones(value["profit"])
    i18n.set_language("zh")
    assert (zones.cat.codes == english.cat.codes).all()
    assert zones.iloc[english.cat.codes.argmin()] == "最赚钱区"
    summary = segmentation.profit_zone_summary(value)
    assert summary.index.tolist() == list(segmentation.PROFIT_ZONES["zone_zh"])
    assert summary["customers"].tolist() == [15, 30, 60, 75, 120]
    assert summary["strategy"].iloc[-1] == "退出，或降低服务成本"

    amount = pd.Series([300.0, 300.0, 100.0, 100.0], index=list("abcd"))
    frequency = pd.Series([3.0, 1.0, 3.0, 1.0], index=list("abcd"))
    svcd = classification.svcd_quadrants(amount, frequency)
    assert svcd["svcd"].tolist() == ["明星", "火山", "奶牛", "小狗"]
    assert svcd["visits_per_year"].tolist() == [52, 12, 26, 6]
    plan = segmentation.visit_plan(svcd["svcd"], classification.SVCD_VISIT_PLAN)
    assert plan.index.tolist() == ["明星", "奶牛", "火山", "小狗"]
    assert plan["total_visits"].sum() == 52 + 26 + 12 + 6

    ipa = satisfaction.improvement_map(
        pd.Series([5.0, 5.0, 1.0, 1.0], index=list("wxyz")),
        pd.Series([1.0, 5.0, 1.0, 5.0], index=list("wxyz")),
    )
    assert ipa["area"].tolist() == ["急需改进区", "竞争优势区", "次要改进区", "锦上添花区"]
    verdict = ahp.consistency_report(np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]))
    assert verdict["verdict"] == "不一致：请修改判断"


def test_lifecycle_stages_are_named_in_chinese_in_stage_order(zh):
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "date": pd.to_datetime(["2024-01-05", "2024-12-20", "2024-12-01"]),
            "amount": [10.0, 10.0, 5.0],
        }
    )
    stages = lifecycle.lifecycle_stages(tx, as_of="2024-12-31", prospects=["p"])
    assert list(stages["stage"].cat.categories) == list(lifecycle.STAGES["stage_zh"])
    assert stages.loc["p", "stage"] == "潜在客户期"


# ------------------------------------------------------------------ figures: no missing glyph ---


def _figures(only: str | None = None):
    """One figure of each chapter's topic (and the SVCD grid), made in the current language."""
    value = pyramid_example()
    amount = pd.Series([300.0, 300.0, 100.0, 100.0], index=list("abcd"))
    frequency = pd.Series([3.0, 1.0, 3.0, 1.0], index=list("abcd"))
    svcd = classification.svcd_quadrants(amount, frequency)["svcd"]
    cohort = strategy.cohort_profit(
        100, margin=50.0, retention=0.8, acquisition_cost=80.0, discount_rate=0.1, years=5
    )
    stages = pd.DataFrame(
        {"customers": [5, 7, 3], "profit": [-10.0, 350.0, 40.0]},
        index=i18n.localize(pd.Index(["development", "growth", "maturity"])),
    )
    ipa = satisfaction.improvement_map(
        pd.Series([5.0, 5.0, 1.0, 1.0], index=["服务态度", "交车速度", "休息区", "洗车"]),
        pd.Series([1.0, 5.0, 1.0, 5.0], index=["服务态度", "交车速度", "休息区", "洗车"]),
    )
    plan = implementation.project_plan("2025-03-01")
    if only == "pyramid":
        return plotting.pyramid(segmentation.profit_zone_summary(value), title="上汽大众")
    return {
        "1 strategy": plotting.cohort_npv_lines({"retention 80%": cohort}),
        "2 segmentation": plotting.pyramid(
            segmentation.profit_zone_summary(value), title="上汽大众 – customer pyramid"
        ),
        "2 svcd": plotting.svcd_scatter(
            amount, frequency, svcd, amount_split=200.0, frequency_split=2.0
        ),
        "3 lifecycle": plotting.stage_profile(stages),
        "4 satisfaction": plotting.improvement_map(ipa),
        "5 implementation": plotting.gantt(plan),
    }


def _missing_glyphs(fig) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def _texts(fig) -> str:
    parts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return " ".join(parts)


def test_every_chapter_figure_renders_chinese_without_a_missing_glyph(zh):
    figures = _figures()
    for name, fig in figures.items():
        assert CJK.search(_texts(fig)), f"{name}: no Chinese text in the figure"
        assert _missing_glyphs(fig) == [], name
    shown = _texts(figures["2 segmentation"])
    assert "最赚钱区" in shown and "客户" in shown and "上汽大众" in shown
    assert "明星 (1)" in _texts(figures["2 svcd"])
    assert "急需改进区" in _texts(figures["4 satisfaction"])


def test_without_the_shipped_font_the_same_figures_lose_glyphs(zh, monkeypatch):
    """The check above can fail: without Noto Sans SC matplotlib warns of missing glyphs."""
    monkeypatch.setattr(_common, "use_cjk_font", lambda: None)
    with matplotlib.rc_context({"font.family": ["sans-serif"]}):
        fig = _figures("pyramid")
        assert any("Glyph" in m for m in _missing_glyphs(fig))


def test_english_figures_with_chinese_names_render_and_minus_signs_survive():
    fig = plotting.pyramid(segmentation.profit_zone_summary(pyramid_example()), title="上汽大众")
    assert "Customer pyramid" not in _texts(fig) and "上汽大众" in _texts(fig)
    assert _missing_glyphs(fig) == []
    assert matplotlib.rcParams["axes.unicode_minus"]
    fig, (ax,) = _common.figure()
    ax.plot([-2, -1], [-3, 1])
    ax.set_title("客户 −5")
    assert _missing_glyphs(fig) == []
    assert matplotlib.rcParams["font.family"][0] != i18n.CJK_FONT_FAMILY  # Latin font first


def test_the_font_is_the_shipped_noto_sans_sc():
    from matplotlib import font_manager

    path = i18n.cjk_font_path()
    assert path.stat().st_size > 5_000_000  # the full Simplified Chinese subset, not a stub
    assert font_manager.FontProperties(fname=str(path)).get_name() == i18n.CJK_FONT_FAMILY


# ------------------------------------------------------------------------ exercises in zh ---


def test_exercise_feedback_speaks_chinese(zh, capsys):
    assert exercises.check("ch3.q2", 4)
    assert not exercises.check("ch3.q2", 0.25)
    assert not exercises.check("ch4.q1", "260")
    assert not exercises.check("ch4.q1", None)
    assert exercises.check("ch4.q2", "当然质量")  # a category in its Chinese name
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ch3.q2：正确！"
    assert lines[1] == "ch3.q2：还不对。这是客户流失率；生命周期是 1 / 流失率。"
    assert lines[2].startswith("ch4.q1：还不对。答案应是数字，而不是字符串。")
    assert lines[3].startswith("ch4.q1：还没有作答。")
    assert lines[4] == "ch4.q2：正确！"
    assert exercises.hint("ch1.q1").startswith("用 strategy.cohort_profit")
    assert "上汽大众" in exercises.question("ch5.q2")


def test_an_exercise_without_chinese_falls_back_to_english(zh, monkeypatch, capsys):
    plain = exercises.Exercise("zz.q1", "Two?", lambda: 2, "Count to two.", "2")
    monkeypatch.setitem(exercises.EXERCISES, "zz.q1", plain)
    assert exercises.missing_chinese()["zz.q1"] == ["question", "hint"]
    assert exercises.question("zz.q1") == "Two?"
    exercises.check("zz.q1", 3)
    assert capsys.readouterr().out.strip() == "zz.q1：还不对。提示：Count to two."


# -------------------------------------------------------------------------- widgets in zh ---


def test_widgets_label_and_report_in_chinese(zh):
    from crmlib.course import widgets
    from crmlib.datasets import load_transactions

    kano = widgets.kano_classifier(functional=2, dysfunctional=5)
    text = kano.fallback()["text/plain"]
    assert "当然质量" in text and "卡诺分类" in text
    rfm, _ = widgets.rfm_result(3, 0.2, load_transactions())
    assert "<th>层级</th>" in rfm and "前20%" in rfm and "后20%" in rfm
    clv, fig = widgets.clv_result(100.0, 0.8, 0.1, 10)
    assert "年的客户终生价值" in clv and _missing_glyphs(fig) == []
    assert satisfaction.satisfaction_reading(0.8) == "不满意"


# ------------------------------------------------------------------------- glossary in zh ---


def test_every_glossary_term_has_a_chinese_definition():
    from crmlib.course import glossary

    terms = [t for t, *_ in glossary.TERMS]
    assert sorted(glossary.DEFINITIONS_ZH) == sorted(terms)
    assert all(CJK.search(d) for d in glossary.DEFINITIONS_ZH.values())


def test_the_glossary_shows_chinese_definitions_in_zh(zh):
    from crmlib.course import glossary

    table = glossary.glossary_table()
    assert table.loc["customer pyramid", "definition"].startswith("按利润给客户排序")
    assert table.loc["customer pyramid", "definition_en"].startswith("Customers ranked")
    markdown = glossary.glossary_markdown()
    assert markdown.startswith("| 术语 | English | 定义 | 章 |")
    assert '<a id="customer-pyramid"></a>**客户金字塔** | customer pyramid |' in markdown
    i18n.set_language("en")
    assert glossary.glossary_markdown().startswith("| term | 中文 | definition | chapter |")


@pytest.mark.parametrize("at_import", ["en", "zh"])
def test_examples_hold_whatever_language_crmlib_lang_chose(at_import, monkeypatch):
    """Each docstring example of crmlib.i18n, run on its own after CRMLIB_LANG=en or zh."""
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failed = []
    for example in doctest.DocTestFinder().find(i18n):
        monkeypatch.setitem(i18n._state, "lang", at_import)  # what the import read
        if runner.run(example, out=lambda _: None).failed:
            failed.append(example.name)
    assert failed == []
