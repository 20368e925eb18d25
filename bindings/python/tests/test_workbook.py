"""Workbooks built in code and opened from JSON: cells by address and by (sheet, row, col),
formulas, recalculation, diagnostics, defined names, iterative calculation, copies."""
import json
import math

import pytest

import suan


def small_book():
    wb = suan.Workbook()
    assert wb.add_sheet("Sheet1") == 0
    assert wb.add_sheet("My Sheet") == 1
    wb["Sheet1!A1"] = 2.5
    wb.set(("Sheet1", 1, 0), 4)  # A2
    wb["Sheet1!A3"] = "=A1*A2"
    wb["'My Sheet'!B2"] = "hello"
    wb.set_formula("'My Sheet'!B3", '=B2&" "&Sheet1!A3')
    return wb


def test_cells_by_address_and_tuple():
    wb = small_book()
    assert wb["Sheet1!A3"] == 10.0
    assert wb.get("Sheet1", 2, 0) == 10.0
    assert wb.get((0, 2, 0)) == 10.0
    assert wb["A3"] == 10.0  # a bare address is on the first sheet
    assert wb["'My Sheet'!B3"] == "hello 10"
    assert wb["Sheet1!Z99"] is None
    assert wb.address(("My Sheet", 2, 1)) == "'My Sheet'!B3"
    assert wb.cell("'My Sheet'!B3") == (1, 2, 1)
    assert wb.formula("Sheet1!A3") == "=A1*A2"
    assert wb.formula("Sheet1!A1") is None
    assert wb.is_formula("Sheet1!A3") and not wb.is_formula("Sheet1!A1")
    assert wb.sheets == ["Sheet1", "My Sheet"]
    assert wb.sheet_index("my sheet") == 1  # sheet names ignore case, as in Excel


def test_values_kinds():
    wb = suan.Workbook()
    wb.add_sheet("S")
    wb["S!A1"] = True
    wb["S!A2"] = "=1/0"
    wb["S!A3"] = "=NA()"
    wb["S!A4"] = suan.CellError("#REF!")
    assert wb["S!A1"] is True
    err = wb["S!A2"]
    assert isinstance(err, suan.CellError) and err == "#DIV/0!" and err.code == "#DIV/0!"
    assert wb["S!A3"] == suan.CellError("#N/A")
    assert wb["S!A4"] == "#REF!"
    wb.set_input("S!B1", "12.5")
    wb.set_input("S!B2", "TRUE")
    wb.set_input("S!B3", '"=not a formula"')
    assert wb["S!B1"] == 12.5 and wb["S!B2"] is True and wb["S!B3"] == "=not a formula"


def test_auto_recalc_and_explicit_recalc():
    wb = small_book()
    wb["Sheet1!A1"] = 3
    assert wb.pending
    assert wb["Sheet1!A3"] == 12.0  # reading recalculates pending edits
    wb.auto_recalc = False
    wb["Sheet1!A1"] = 5
    assert wb.pending
    assert wb["Sheet1!A3"] == 12.0  # as of the last recalculation
    wb.recalc()
    assert not wb.pending
    assert wb["Sheet1!A3"] == 20.0
    wb.recalc(full=True)
    assert wb["Sheet1!A3"] == 20.0


def test_diagnostics_name_the_cell_and_the_reason():
    wb = small_book()
    wb["Sheet1!C1"] = "=SUM(A1,"
    wb["Sheet1!D1"] = "=D2+1"
    wb["Sheet1!D2"] = "=D1+1"
    diags = wb.diagnostics
    kinds = {d.kind for d in diags}
    assert "parse" in kinds and "cycle" in kinds
    parse = next(d for d in diags if d.kind == "parse")
    assert parse.cell == "Sheet1!C1" and parse.message
    cycle = next(d for d in diags if d.kind == "cycle")
    assert "D1" in cycle.message and "D2" in cycle.message
    assert wb["Sheet1!D1"] == "#CYCLE!"


def test_defined_names():
    wb = small_book()
    wb.define_name("Rate", "=0.05")
    wb.define_name("Base", "=Sheet1!$A$2")
    wb["Sheet1!B1"] = "=Base*(1+Rate)"
    assert wb["Sheet1!B1"] == pytest.approx(4.2)
    assert wb["Base"] == 4.0  # a name for a cell reads like an address
    assert ("Rate", "=0.05", None) in wb.names
    wb.define_name("Rate", "=0.10")
    assert wb["Sheet1!B1"] == pytest.approx(4.4)
    wb.remove_name("Rate")
    assert wb["Sheet1!B1"] == "#NAME?"


def test_json_names_are_known():
    text = json.dumps({"sheets": [{"name": "S", "cells": [[0, 0, 7], [1, 0, "=Seven*2"]]}],
                       "names": [{"name": "Seven", "refers_to": "=S!$A$1"}]})
    wb = suan.Workbook.from_json(text)
    assert wb["S!A2"] == 14.0
    assert wb["Seven"] == 7.0
    assert wb.names == [("Seven", "=S!$A$1", None)]


def test_iterative_calculation():
    wb = suan.Workbook()
    wb.add_sheet("S")
    wb["S!A1"] = "=A2/2+1"
    wb["S!A2"] = "=A1"
    assert wb["S!A1"] == "#CYCLE!"
    wb.set_iterative(True, max_iterations=200, max_change=1e-9)
    assert wb["S!A1"] == pytest.approx(2.0, abs=1e-6)


def test_open_city_sample(city):
    assert city.sheets[:2] == ["Dept_0001", "Dept_0002"] and city.sheets[-1] == "Total"
    assert city.formula_count > 1000
    depts = sum(city[f"Dept_{i:04d}!B3"] for i in range(1, 6))
    assert city["Total!B3"] == pytest.approx(depts, rel=1e-12)
    assert city.used_range("Dept_0001") == "Dept_0001!A1:M95"
    assert city["Dept_0001!B91"] in ("平衡", "不平衡")


def test_values_json_round_trips_numbers(city):
    doc = json.loads(city.values_json())
    total = next(s for s in doc["sheets"] if s["name"] == "Total")
    b3 = next(v for r, c, v in total["values"] if (r, c) == (2, 1))
    assert b3 == city["Total!B3"]


def test_copy_is_independent_and_equal(city):
    copy = city.copy()
    assert copy.sheets == city.sheets
    assert copy.formula_count == city.formula_count
    assert copy.values("Total") == city.values("Total")
    copy["Dept_0001!C5"] = copy["Dept_0001!C5"] + 100
    assert copy["Total!C3"] == pytest.approx(city["Total!C3"] + 100)
    assert city["Dept_0001!C5"] != copy["Dept_0001!C5"]


def test_select_picks_inputs_across_sheets(city):
    cells = city.select("Dept_*!C3:C10")
    assert cells and all(c.startswith("Dept_") for c in cells)
    assert all(not city.is_formula(c) and isinstance(city[c], float) for c in cells)
    everything = city.select("Dept_*!C3:C10", inputs_only=False)
    assert len(everything) == 5 * 8
    assert not math.isnan(sum(city[c] for c in cells))
