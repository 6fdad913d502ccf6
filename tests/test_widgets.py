"""Widget logic without a browser: set the controls, read the result; and how a widget displays."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter

from crmlib import ahp, datasets, lifecycle, strategy
from crmlib.course import widgets

ROOT = Path(__file__).resolve().parents[1]
VIEW = "application/vnd.jupyter.widget-view+json"


def test_clv_calculator_follows_its_controls():
    box = widgets.clv_calculator(margin=100, retention=0.8, rate=0.1, horizon=10)
    assert "m·r/(1+i−r) = 266.67" in box.result.value
    box.controls["retention"].value = 0.9
    assert f"{lifecycle.retention_clv(100, 0.9, 0.1):,.2f}" in box.result.value
    assert bytes(box.picture.value).startswith(b"\x89PNG")


def test_retention_explorer_matches_strategy():
    box = widgets.retention_explorer()
    box.controls["acquisition_cost"].value = 300
    uplift = strategy.retention_uplift(
        0.05,
        customers=1000,
        margin=100,
        retention=0.8,
        acquisition_cost=300,
        discount_rate=0.1,
        years=10,
        margin_growth=0.0,
    )
    assert f"{uplift['change']:+.0%}" in box.result.value


def test_ahp_editor_weights_and_warning():
    box = widgets.ahp_editor(items=("a", "b", "c"), judgments=(2, 4, 2))
    assert "CR = 0.000" in box.result.value and "Inconsistent" not in box.result.value
    box.controls["p0"].value = 9
    box.controls["p1"].value = 1 / 9  # a is 9x b, but c is 9x a, while b is 2x c
    assert "Inconsistent" in box.result.value
    expected = ahp.priority_weights(ahp.pairwise_matrix([9, 1 / 9, 2], ["a", "b", "c"]))
    assert f"{expected['c']:.3f}" in box.result.value


@pytest.mark.parametrize(
    ("index", "label", "value"),
    [
        (0, "1/9", 1 / 9),
        (4, "1/5", 1 / 5),
        (7, "1/2", 1 / 2),
        (8, "1", 1),
        (10, "3", 3),
        (16, "9", 9),
    ],
)
def test_ahp_sliders_read_out_saaty_judgments(index, label, value):
    box = widgets.ahp_editor(items=("a", "b", "c"), judgments=(1, 1, 1))
    slider = box.controls["p0"]
    slider.index = index  # what dragging the slider does
    assert slider.label == label  # the readout the user sees
    assert slider.value == pytest.approx(value)
    weights = ahp.priority_weights(ahp.pairwise_matrix([value, 1, 1], ["a", "b", "c"]))
    assert f"<td>a</td><td>{weights['a']:.3f}</td>" in box.result.value


def test_ahp_sliders_span_saatys_scale_and_start_at_the_judgments():
    box = widgets.ahp_editor(judgments=(0.5, 2, 1 / 7))
    labels = [label for label, _ in box.controls["p0"].options]
    assert labels == [f"1/{k}" for k in range(9, 1, -1)] + [str(k) for k in range(1, 10)]
    assert [c.label for c in box.controls.values()] == ["1/2", "2", "1/7"]
    with pytest.raises(ValueError, match="not a judgment on Saaty's scale"):
        widgets.ahp_editor(judgments=(2.5, 1, 1))


@pytest.mark.parametrize(
    "make",
    [
        widgets.clv_calculator,
        widgets.retention_explorer,
        widgets.kano_classifier,
        widgets.ahp_editor,
        lambda: widgets.rfm_explorer(datasets.load_transactions()),
    ],
)
def test_labels_are_never_cut(make):
    # A fixed label width cut "after-sales service vs customer care" short: labels take the
    # width they need ("initial") and each control gets room for its track next to it.
    for control in make().controls.values():
        assert control.style.description_width == "initial", control.description
        assert control.layout.width != "480px"


def test_rfm_explorer_tier_sizes():
    box = widgets.rfm_explorer(datasets.load_transactions())
    assert "<td>top</td><td>600</td>" in box.result.value
    box.controls["top_share"].value = 0.1
    assert "<td>top</td><td>300</td>" in box.result.value


@pytest.mark.parametrize(("f", "d", "name"), [(1, 3, "attractive"), (2, 5, "must-be")])
def test_kano_classifier(f, d, name):
    box = widgets.kano_classifier()
    box.controls["functional"].value = f
    box.controls["dysfunctional"].value = d
    assert f"Kano: {name}" in box.result.value
    box.controls["perceived"].value = 120
    assert "1.20: exceeds" in box.result.value


def test_bundle_holds_the_view_and_a_fallback_of_the_current_result():
    box = widgets.clv_calculator()
    bundle = box._repr_mimebundle_()
    assert set(bundle) == {VIEW, "text/html", "text/plain"}
    assert bundle[VIEW]["model_id"] == box.widget.model_id
    assert "CLV over 10 years: 255.63" in bundle["text/html"]
    assert bundle["text/plain"].startswith("CLV over 10 years: 255.63 (all years")
    box.controls["horizon"].value = 5
    moved = box._repr_mimebundle_()
    assert "CLV over 5 years:" in moved["text/html"] and "255.63" not in moved["text/html"]
    assert "CLV over 5 years:" in moved["text/plain"]


def test_plain_text_of_a_table_result():
    box = widgets.ahp_editor(items=("a", "b"), judgments=(3,))
    assert box.fallback()["text/plain"].splitlines() == [
        "item  weight",
        "a     0.750",
        "b     0.250",
        "λmax = 2.000, CI = 0.000, CR = 0.000",
    ]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """A notebook that shows a widget, moves a control, then shows it again, run in a kernel."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from crmlib.course import widgets\nbox = widgets.clv_calculator()\nwidgets.show(box)"
        ),
        nbformat.v4.new_code_cell('box.controls["horizon"].value = 5\nwidgets.show(box)'),
    ]
    from crmlib.course import _execution  # the course's one notebook runner

    with _execution.Kernel(tmp_path_factory.mktemp("widgets"), label="widgets") as kernel:
        assert _execution.execute(nb, kernel) is None
    return nb


def test_a_widget_is_displayed_as_one_bundle_with_its_fallback(executed):
    first, second = (cell.outputs for cell in executed.cells)
    # One output: JupyterLab renders the widget view and nothing else, so no static copy is
    # left on the page to go stale; nbval and static exports read the fallback.
    assert len(first) == 1 and first[0].output_type == "display_data"
    assert set(first[0].data) == {VIEW, "text/html", "text/plain"}
    assert "CLV over 10 years: 255.63" in first[0].data["text/html"]
    assert "CLV over 10 years: 255.63" in first[0].data["text/plain"]
    # Displayed again after a control moved: the same widget, the fallback of the new result.
    assert len(second) == 1
    assert second[0].data[VIEW]["model_id"] == first[0].data[VIEW]["model_id"]
    assert "CLV over 5 years:" in second[0].data["text/html"]


def test_html_export_shows_the_fallback_only_without_widget_state(executed):
    # nbconvert renders the widget view when the notebook holds the widget's state (the html
    # manager then draws it from that state), and the text/html fallback when it does not.
    with_state = HTMLExporter().from_notebook_node(executed)[0]
    assert f'<script type="{VIEW}">' in with_state
    assert "<b>CLV over 10 years: 255.63</b>" not in with_state
    bare = nbformat.from_dict(json.loads(json.dumps(executed)))
    del bare.metadata["widgets"]
    without_state = HTMLExporter().from_notebook_node(bare)[0]
    assert f'<script type="{VIEW}">' not in without_state
    assert "<b>CLV over 10 years: 255.63</b>" in without_state


def test_chapter_widgets_are_stored_as_one_bundle_each():
    shown = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "widgets.show(" in cell.source:
                shown += 1
                assert len(cell.outputs) == 1, f"{path.name}: {cell.source}"
                assert {VIEW, "text/html", "text/plain"} <= set(cell.outputs[0].data)
    assert shown == 5


def test_ahp_editor_names_the_judgment_to_revisit_when_inconsistent():
    text, _ = widgets.ahp_result(("a", "b", "c"), p0=9, p1=1 / 9, p2=9)
    assert "Revisit first: a vs b, judged 9" in text
    text, _ = widgets.ahp_result(("a", "b", "c"), p0=2, p1=4, p2=2)
    assert "Revisit" not in text and "Inconsistent" not in text


def test_nearest_saaty_judgment():
    assert widgets.nearest_saaty(2.4) == 2.0
    assert widgets.nearest_saaty(12.0) == 9.0
    assert widgets.saaty_label(widgets.nearest_saaty(0.13)) == "1/8"
