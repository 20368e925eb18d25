"""Sweeps equal K separate scenarios; Monte Carlo is seeded and its statistics are those of its
samples; goal seek and sensitivity."""
import numpy as np
import pytest

import suan
from conftest import city_inputs


def test_sweep_equals_separate_scenarios(city):
    rng = np.random.default_rng(5)
    inputs = [c for c in city_inputs(city) if city[c] != 0][::7][:12]
    outputs = ["Total!B3", "Total!B46", "Total!B90", "Dept_0003!M3", "Dept_0002!B90"]
    base = np.array([city[c] for c in inputs])
    k = 37
    values = base * rng.uniform(0.8, 1.2, size=(k, len(inputs)))
    got = city.sweep(inputs, values, outputs, chunk=8)
    assert got.shape == (k, len(outputs))
    for s in range(k):
        scenario = city.scenario(f"lane {s}")
        for cell, v in zip(inputs, values[s]):
            scenario.set(cell, v)
        want = [scenario[o] for o in outputs]
        np.testing.assert_allclose(got[s], want, rtol=1e-12, atol=1e-9)


def test_sweep_chunks_agree_and_shapes(city):
    inputs = city.select("Dept_0001!C4:C8")
    values = np.linspace(0, 100, 200 * len(inputs)).reshape(200, len(inputs))
    whole = city.sweep(inputs, values, ["Total!B3", "Total!C3"], chunk=256)
    pieces = city.sweep(inputs, values, ["Total!B3", "Total!C3"], chunk=7)
    np.testing.assert_array_equal(whole, pieces)
    one = city.sweep(inputs[0], values[:, 0], "Total!B3")  # one input, one output: 1-D
    assert one.shape == (200,)
    assert city["Total!B3"] == city["Total!B3"]  # the workbook is untouched
    ranged = city.sweep(inputs, values, "Total!B3:C3")  # a range of outputs: 2-D
    np.testing.assert_array_equal(ranged, whole)


def test_sweep_reports_outputs_that_are_not_numbers(city):
    gap = city["Dept_0003!B90"]
    cell = city.select("Dept_0003!H58:H63")[0]
    v = city[cell]
    out, errors = city.sweep([cell], np.array([v, v - gap]), ["Dept_0003!B91"], errors=True)
    assert np.isnan(out).all()
    assert len(errors) == 2 and "Dept_0003!B91 is 不平衡" in errors[0] and "平衡" in errors[1]


def test_monte_carlo_is_seeded_and_consistent(city):
    inputs = {"Dept_0001!C5": suan.normal(100, 10), "Dept_0002!D6": suan.uniform(0, 50),
              "Dept_0003!E7": suan.triangular(10, 20, 40)}
    outputs = ["Total!B3", "Dept_0001!B3"]
    a = city.monte_carlo(inputs, outputs, draws=2000, seed=42)
    b = city.monte_carlo(inputs, outputs, draws=2000, seed=42, chunk=100)
    c = city.monte_carlo(inputs, outputs, draws=2000, seed=43)
    np.testing.assert_array_equal(a.samples, b.samples)
    assert not np.array_equal(a.samples, c.samples)
    assert a.samples.shape == (2000, 2) and a.outputs == outputs
    np.testing.assert_allclose(a.mean, a.samples.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(a.sd, a.samples.std(axis=0, ddof=1), rtol=1e-9)
    np.testing.assert_allclose(a.p50, np.median(a.samples, axis=0), rtol=1e-12)
    np.testing.assert_allclose(a.p05, np.percentile(a.samples, 5, axis=0), rtol=1e-12)
    # The total moves one for one with the inputs: mean and sd of a sum of independents.
    base = city["Total!B3"] - city["Dept_0001!C5"] - city["Dept_0002!D6"] - city["Dept_0003!E7"]
    assert a.mean[0] == pytest.approx(base + 100 + 25 + 70 / 3, abs=1.5)
    sd = np.sqrt(10**2 + 50**2 / 12 + (10**2 + 20**2 + 40**2 - 200 - 400 - 800) / 18)
    assert a.sd[0] == pytest.approx(sd, rel=0.08)
    summary = a.summary()
    assert list(summary.columns) == ["mean", "sd", "p05", "p50", "p95"]
    assert list(summary.index) == outputs


def test_goal_seek_linear_and_bracketed(city):
    cell = city.select("Dept_0003!H58:H63")[0]
    found = city.goal_seek("Dept_0003!B90", 0.0, cell)
    assert found.linear and found.achieved == pytest.approx(0, abs=1e-9)
    s = city.scenario("check").set(cell, found.input)
    assert s["Dept_0003!B90"] == pytest.approx(0, abs=1e-9)
    # Not linear: the growth % (M3) is ROUND((B3-K3)/K3*100, 2); seek 5 % within a bracket.
    target = city.goal_seek("Dept_0001!M3", 5.0, "Dept_0001!C5", bracket=(-1e5, 1e5))
    assert target.achieved == pytest.approx(5.0, abs=1e-9)
    assert city.scenario("g").set("Dept_0001!C5", target.input)["Dept_0001!M3"] == pytest.approx(5.0)
    assert "Dept_0001!C5" in repr(target)


def test_sensitivity(city):
    inputs = ["Dept_0001!C5", "Dept_0002!C5", "Dept_0001!H48"]
    d = city.sensitivity("Total!B90", inputs)
    assert list(d) == inputs
    # Balance = income - expenditure: an expenditure input counts -1, an income input +1.
    assert d["Dept_0001!C5"] == pytest.approx(-1) and d["Dept_0002!C5"] == pytest.approx(-1)
    assert d["Dept_0001!H48"] == pytest.approx(1)


def test_sweep_output_named_by_a_range_name(city):
    city.define_name("Totals", "=Total!$B$3:$C$3")
    got = city.sweep(["Dept_0001!C5"], np.array([1.0, 2.0]), "Totals")
    assert got.shape == (2, 2)
    np.testing.assert_allclose(got[1] - got[0], [1.0, 1.0])
