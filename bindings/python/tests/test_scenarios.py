"""Scenarios: results equal applying the same edits to a copy of the workbook and recalculating;
stacking; diff; the workbook untouched; evaluation again after the workbook changes; threads."""
import random
import threading

import numpy as np
import pytest

import suan
from conftest import all_values, city_inputs


def scenario_values(s, wb):
    out = {}
    for sheet in wb.sheets:
        used = wb.used_range(sheet)
        for r, row in enumerate(s[used]):
            for c, v in enumerate(row):
                if v is not None:
                    out[(sheet, r, c)] = v
    return out


def assert_same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, float) and isinstance(y, float):
            assert x == pytest.approx(y, rel=1e-12, abs=1e-9), key
        else:
            assert x == y, key


def random_changes(rng, cells, n):
    changes = []
    for cell in rng.sample(cells, n):
        op = rng.choice(["set", "add", "scale"])
        amount = {"set": rng.uniform(-500, 500), "add": rng.uniform(-50, 50),
                  "scale": rng.uniform(0.5, 1.5)}[op]
        changes.append((cell, op, amount))
    return changes


def apply(s, changes):
    for cell, op, amount in changes:
        getattr(s, op)(cell, amount)


def edit(wb, changes):
    for cell, op, amount in changes:
        v = wb[cell]
        wb[cell] = amount if op == "set" else v + amount if op == "add" else v * amount


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_scenario_equals_edits_on_a_copy(city, seed):
    rng = random.Random(seed)
    inputs = city_inputs(city)
    changes = random_changes(rng, inputs, rng.choice([1, 5, 40]))
    before = all_values(city)
    s = city.scenario(f"random {seed}")
    apply(s, changes)
    copy = city.copy()
    edit(copy, changes)
    assert_same(scenario_values(s, city), all_values(copy))
    assert_same(all_values(city), before)  # the workbook is untouched


def test_stacked_scenarios_equal_edits_in_order(city):
    rng = random.Random(7)
    inputs = city_inputs(city)
    first = random_changes(rng, inputs, 10)
    # The second scenario touches some of the first's cells again: its changes apply after.
    second = random_changes(rng, inputs[:60], 10) + [(first[0][0], "scale", 2.0)]
    parent = city.scenario("first")
    apply(parent, first)
    child = parent.scenario("second")
    apply(child, second)
    assert child.parent is parent and child.changes == parent.changes + [
        (c, op, a) for c, op, a in second]
    copy = city.copy()
    edit(copy, first)
    parent_expected = all_values(copy)
    edit(copy, second)
    assert_same(scenario_values(child, city), all_values(copy))
    assert_same(scenario_values(parent, city), parent_expected)
    assert_same(all_values(child.to_workbook()), all_values(copy))


def test_selection_and_diff(city):
    wages = city.select("Dept_*!C4:C43")
    s = city.scenario("wages +5%").scale(wages, 1.05)
    diff = s.diff()
    changed = {d.cell for d in diff}
    assert set(wages) - {c for c in wages if city[c] == 0} <= changed
    assert "Total!C3" in changed and "Total!B3" in changed
    for d in diff:
        assert d.base == city[d.cell] and d.scenario == s[d.cell]
        if isinstance(d.base, float) and isinstance(d.scenario, float):
            assert d.delta == pytest.approx(d.scenario - d.base)
    rise = sum(city[c] for c in wages) * 0.05
    total = next(d for d in diff if d.cell == "Total!B3")
    assert total.delta == pytest.approx(rise)
    frame = s.diff(frame=True)
    assert list(frame.columns) == ["cell", "sheet", "base", "scenario", "delta"]
    assert len(frame) == len(diff) and set(frame["cell"]) == changed
    # The differences are exactly the cells where the edited copy differs from the workbook.
    copy = s.to_workbook()
    base, edited = all_values(city), all_values(copy)
    differ = {k for k in edited if base.get(k) != edited[k]}
    assert {(city.cell(c)[0], city.cell(c)[1], city.cell(c)[2]) for c in changed} == {
        (city.sheet_index(k[0]), k[1], k[2]) for k in differ}


def test_text_outcomes_change_too(city):
    # 收支平衡检查 (B91) reads 平衡 when income equals expenditure.
    gap = city["Dept_0003!B90"]
    cell = city.select("Dept_0003!H58:H63")[0]
    s = city.scenario("balance it").add(cell, -gap)
    assert city["Dept_0003!B91"] == "不平衡"
    assert s["Dept_0003!B91"] == "平衡"
    assert any(d.cell == "Dept_0003!B91" and d.scenario == "平衡" for d in s.diff())
    assert s.diff()[0].delta == pytest.approx(-gap)


def test_scenarios_follow_workbook_edits(city):
    cell = "Dept_0001!C5"
    s = city.scenario("plus").add(cell, 10)
    assert s[cell] == city[cell] + 10
    city[cell] = 1000.0  # the workbook changes: the scenario is evaluated again on its next read
    assert s[cell] == 1010.0
    assert s["Total!C3"] == pytest.approx(city["Total!C3"] + 10)
    city.add_sheet("Extra")  # a structural edit too
    city["Extra!A1"] = "=Dept_0001!C5*2"
    assert s["Extra!A1"] == 2020.0
    # A cell turned into a formula can no longer be varied: the message says so.
    city.set(cell, "=1+1")
    with pytest.raises(ValueError, match="formula"):
        s[cell]


def test_parent_changes_reach_children(city):
    parent = city.scenario("p").set("Dept_0001!C5", 1.0)
    child = parent.scenario("c").add("Dept_0001!C5", 1.0)
    assert child["Dept_0001!C5"] == 2.0
    parent.set("Dept_0001!C5", 5.0)
    assert child["Dept_0001!C5"] == 6.0


def test_scenarios_in_threads_equal_sequential(city):
    rng = random.Random(11)
    inputs = city_inputs(city)
    plans = [random_changes(rng, inputs, 20) for _ in range(8)]
    expected = []
    for k, plan in enumerate(plans):
        s = city.scenario(f"seq {k}")
        apply(s, plan)
        expected.append(s.array("Total"))
    results = [None] * len(plans)

    def run(k):
        s = city.scenario(f"thread {k}")
        apply(s, plans[k])
        s.evaluate()
        results[k] = s.array("Total")

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(plans))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got, want in zip(results, expected):
        np.testing.assert_array_equal(got, want)  # NaN where both are NaN counts as equal


def test_one_scenario_in_many_threads(city):
    s = city.scenario("shared").scale(city.select("Dept_*!C4:C43"), 1.1)
    want = s["Total!B3"]
    city["Dept_0002!D5"] = city["Dept_0002!D5"] + 1  # make it stale: threads race to evaluate
    out = []
    threads = [threading.Thread(target=lambda: out.append(s["Total!B3"])) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [pytest.approx(want + 1)] * 6
