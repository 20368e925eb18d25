"""Ranges and sheets as NumPy arrays and pandas DataFrames, and back."""
import math

import numpy as np
import pandas as pd
import pytest

import suan


def test_array_round_trip():
    wb = suan.Workbook()
    wb.add_sheet("S")
    data = np.arange(12, dtype=float).reshape(3, 4) * 1.5 - 3
    wb.set_array("S!B2", data)
    np.testing.assert_array_equal(wb.array("S!B2:E4"), data)
    np.testing.assert_array_equal(wb.array(("S", 1, 1, 3, 4)), data)
    wb["S!F2"] = "=SUM(B2:E2)"
    assert wb["S!F2"] == data[0].sum()
    wb.set_array("S!H1", np.array([1, 2, 3], dtype=np.int64))  # 1-D: down a column
    np.testing.assert_array_equal(wb.array("S!H1:H3"), [[1], [2], [3]])
    sheet = wb.array("S")  # the used range, A1 to the last cell
    assert sheet.shape == (4, 8) and math.isnan(sheet[0, 0])


def test_object_arrays_keep_kinds(city):
    block = city.array("Dept_0001!A1:C4", dtype=object)
    assert block.dtype == object and block.shape == (4, 3)
    assert isinstance(block[0, 0], str) and block[0, 1] is None and isinstance(block[3, 2], float)
    numeric = city.array("Dept_0001!A1:C4")
    assert np.isnan(numeric[0, 0]) and numeric[3, 2] == block[3, 2]


def test_dataframe_of_a_table(city):
    frame = city.dataframe("Dept_0001!A2:M43", index=True)
    assert frame.index.name == "功能分类科目"
    assert list(frame.columns[:3]) == ["合计", "工资福利支出", "商品和服务支出"]
    assert frame.loc["支出合计", "合计"] == city["Dept_0001!B3"]
    assert frame["合计"].dtype == np.float64
    np.testing.assert_allclose(frame.loc["支出合计", "工资福利支出":"其他支出"].sum(),
                               frame.loc["支出合计", "合计"])
    plain = city.dataframe("Dept_0001!A2:C5")
    assert list(plain.index) == [2, 3, 4]  # 0-based sheet rows of the data


def test_dataframe_round_trip():
    frame = pd.DataFrame({"name": ["a", "b", "c"], "x": [1.5, math.nan, -2.0],
                          "ok": [True, False, True]},
                         index=pd.Index(["r1", "r2", "r3"], name="key"))
    wb = suan.Workbook()
    wb.add_sheet("S")
    wb.write_dataframe(frame, "S!B2")
    assert wb["S!B2"] == "key" and wb["S!C2"] == "name" and wb["S!D4"] is None  # NaN: empty
    back = wb.dataframe("S!B2:E5", index=True)
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
    assert back["x"].dtype == np.float64


def test_scenario_arrays(city):
    s = city.scenario("x").add("Dept_0001!C5", 100)
    before, after = city.array("Total!B3:D3"), s.array("Total!B3:D3")
    np.testing.assert_allclose(after - before, [[100, 100, 0]])
    assert s["Total!B3:C3"] == [[after[0, 0], after[0, 1]]]


def test_numpy_scalars_are_values():
    wb = suan.Workbook()
    wb.add_sheet("S")
    wb["S!A1"] = np.float32(2.5)
    wb["S!A2"] = np.int64(7)
    wb["S!A3"] = np.bool_(True)
    assert wb["S!A1"] == 2.5 and wb["S!A2"] == 7.0 and wb["S!A3"] is True
    assert wb.get("S", np.int64(1), np.int32(0)) == 7.0
