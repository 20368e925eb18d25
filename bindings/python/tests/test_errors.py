"""Bad input raises the right exception with a useful message, never a crash or a wrong number."""
import math

import numpy as np
import pandas as pd
import pytest

import suan


# --- names and addresses that do not exist: KeyError naming the closest matches ---

def test_missing_sheet_names_closest(city):
    with pytest.raises(KeyError) as e:
        city["Totl!B3"]
    assert isinstance(e.value, suan.NotFoundError) and isinstance(e.value, suan.Error)
    assert "no sheet named 'Totl'" in str(e.value) and "'Total'" in str(e.value)
    with pytest.raises(KeyError, match="Dept_0001"):
        city.get("Dept_001", 2, 1)
    with pytest.raises(KeyError, match="no sheet number 9"):
        city.get(9, 0, 0)


def test_missing_name_names_closest():
    wb = suan.Workbook()
    wb.add_sheet("Budget")
    wb.define_name("GrowthRate", "=0.05")
    wb.define_name("Base", "=Budget!$A$1")
    with pytest.raises(KeyError) as e:
        wb["GrowthRat"]
    assert "'GrowthRat'" in str(e.value) and "closest names and sheets: 'GrowthRate'" in str(e.value)
    with pytest.raises(KeyError, match="'Budget'"):
        wb["Budgett"]
    with pytest.raises(KeyError, match="'GrowthRate'"):
        wb.remove_name("GrowthRates")
    with pytest.raises(suan.InvalidInputError, match="not a cell or range"):
        wb["GrowthRate"]  # a name for a constant is not a cell


def test_malformed_addresses_are_value_errors(city):
    for bad in ["Total!!B3", "Total!B3:", "B3 + 1", ""]:
        with pytest.raises(ValueError):
            city[bad]
    with pytest.raises(ValueError, match="is a range"):
        city.set("Total!B3:B5", 1)
    with pytest.raises(ValueError, match="row -1 is outside"):
        city.get("Total", -1, 0)
    with pytest.raises(ValueError, match="is a sheet"):
        city.get("Total")


def test_select_with_no_matching_sheet(city):
    with pytest.raises(KeyError, match="no sheet matches 'Dpt_\\*'"):
        city.select("Dpt_*!C3:C9")


# --- formula cells are not overwritten by accident ---

def test_writing_a_formula_cell_needs_override(city):
    formula = city.formula("Dept_0001!B3")
    with pytest.raises(suan.FormulaCellError) as e:
        city["Dept_0001!B3"] = 5
    assert isinstance(e.value, ValueError)
    assert "Dept_0001!B3 holds the formula =" in str(e.value) and "override=True" in str(e.value)
    assert city.formula("Dept_0001!B3") == formula
    with pytest.raises(suan.FormulaCellError):
        city.clear("Dept_0001!B3")
    with pytest.raises(suan.FormulaCellError, match="nothing was written"):
        city.set_array("Dept_0001!A3", np.ones((2, 2)))
    assert city.formula("Dept_0001!B3") == formula
    city.set("Dept_0001!B3", 5, override=True)
    assert city["Dept_0001!B3"] == 5.0 and city.formula("Dept_0001!B3") is None
    city["Dept_0001!B4"] = "=1+1"  # a formula over a formula is an ordinary edit
    assert city["Dept_0001!B4"] == 2.0


def test_scenarios_refuse_formula_cells(city):
    s = city.scenario("x")
    with pytest.raises(suan.FormulaCellError, match="changes inputs"):
        s.set("Total!B3", 1)
    with pytest.raises(suan.FormulaCellError, match="inputs_only"):
        s.scale("Dept_0001!C3:C10", 1.1)  # the range holds class subtotals (formulas)
    assert s.changes == []  # nothing was recorded


# --- NaN and infinities ---

@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_non_finite_inputs_are_refused(city, bad):
    with pytest.raises(ValueError, match="Dept_0001!C5 cannot take"):
        city["Dept_0001!C5"] = bad
    with pytest.raises(ValueError, match="cannot take"):
        city.set_array("Dept_0001!C5", np.array([[1.0], [bad]]))
    s = city.scenario("x")
    with pytest.raises(ValueError, match="finite"):
        s.set("Dept_0001!C5", bad)
    with pytest.raises(ValueError, match=r"values\[1, 0\] for Dept_0001!C5"):
        city.sweep(["Dept_0001!C5"], np.array([[1.0], [bad]]), "Total!B3")
    with pytest.raises(ValueError):
        suan.normal(bad, 1)
    with pytest.raises(ValueError, match="finite"):
        city.goal_seek("Dept_0001!B3", bad, "Dept_0001!C5")
    assert isinstance(city["Dept_0001!C5"], float)  # unchanged


def test_other_bad_values(city):
    with pytest.raises(ValueError, match="cannot hold"):
        city["Dept_0001!C5"] = object()
    with pytest.raises(ValueError):
        suan.normal(0, -1)
    with pytest.raises(ValueError):
        suan.uniform(2, 1)
    with pytest.raises(ValueError):
        suan.triangular(0, 5, 4)
    with pytest.raises(ValueError, match="not an error value"):
        suan.CellError("#NOPE")
    with pytest.raises(ValueError, match=r"shape \(K, 2\)"):
        city.sweep(["Dept_0001!C5", "Dept_0001!D5"], np.ones((3, 3)), "Total!B3")
    with pytest.raises(ValueError, match="chunk"):
        city.sweep(["Dept_0001!C5"], np.ones(3), "Total!B3", chunk=0)


# --- goal seek without a solution ---

def test_goal_seek_without_solution(city):
    # Total!L3 is ROUND(B3/B3*100, 2) = 100 whatever the input: it never reaches 50.
    with pytest.raises(suan.NoSolutionError) as e:
        city.goal_seek("Dept_0001!L3", 50, "Dept_0001!C5", bracket=(0, 1000))
    assert isinstance(e.value, ValueError)
    assert "no value of Dept_0001!C5 between 0 and 1000" in str(e.value)
    with pytest.raises(ValueError, match="bracket"):
        city.goal_seek("Dept_0001!B3", 0, "Dept_0001!C5", bracket=(5, 1))
    with pytest.raises(suan.FormulaCellError):
        city.goal_seek("Dept_0001!B3", 0, "Dept_0001!B4")


# --- files and state ---

def test_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.json"):
        suan.open(tmp_path / "nope.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"sheets":[{"name":"S","cells":[[0,0,1],[0,1,]]}]}')
    with pytest.raises(ValueError, match="broken.json:1:"):
        suan.open(broken)
    with pytest.raises(FileNotFoundError):
        suan.open_model(tmp_path / "nope.suan")


def test_state_error_when_not_recalculated(city):
    city.auto_recalc = False
    city["Dept_0001!C5"] = 1.0
    with pytest.raises(suan.StateError, match="recalc"):
        city.scenario("x")
    with pytest.raises(RuntimeError, match="recalc"):
        city.sweep(["Dept_0001!C6"], np.ones(2), "Total!B3")
    city.recalc()
    assert city.scenario("x").set("Dept_0001!C5", 2)["Dept_0001!C5"] == 2.0


def test_model_names_name_the_closest(model, seed_unit):
    unit = model.compile(seed_unit)
    with pytest.raises(KeyError, match="closest tables: '表3'"):
        unit["表33[总计].合计"]
    with pytest.raises(KeyError, match="no row '20801x'"):
        unit["表3[20801x].合计"]
    with pytest.raises(KeyError, match="closest columns: '合计'"):
        unit["表3[总计].合记"]
    with pytest.raises(ValueError, match="several columns"):
        unit["表3[总计]"]
    with pytest.raises(ValueError, match="has parts"):
        unit.table("表1")
    with pytest.raises(KeyError):
        model.table_info("表99")
    with pytest.raises(ValueError, match="mode"):
        model.compile(seed_unit, mode="fast")


def test_dataframe_with_infinity_is_refused(city):
    frame = pd.DataFrame({"a": [1.0, math.inf]})
    with pytest.raises(ValueError, match="cannot take inf"):
        city.write_dataframe(frame, "Dept_0001!P1")
