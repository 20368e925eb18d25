"""The budget model from Python: the seed disclosure imported and checked, tables as
DataFrames, structured names, and scenarios whose checks equal editing the unit itself."""
import collections
import json

import numpy as np
import pytest

import suan
from conftest import SEED


def test_model_file(model):
    assert model.tables == [f"表{k}" for k in range(1, 13)]
    assert model.unit == "万元" and model.decimals == 2
    info = model.table_info("表1")
    assert [p["key"] for p in info["parts"]] == ["收入", "支出"]
    assert "收入总计" in info["parts"][0]["fixed_rows"]
    assert model.table_info("表3")["parts"][0]["columns"] == ["合计", "基本支出", "项目支出"]


def test_seed_imports_and_passes_every_check(model, seed_unit):
    assert seed_unit.name == "昌吉市人力资源和社会保障局" and seed_unit.year == 2026
    assert len(seed_unit.tables) == 12 and not seed_unit.has_errors
    audit = model.compile(seed_unit)
    checks = audit.checks()
    counts = collections.Counter(c.status for c in checks)
    assert counts["failed"] == 0 and counts["exact"] > 800
    assert all(c.ok for c in checks)
    balance = next(c for c in checks if c.id == "A1_7")
    assert balance.title == "收入总计等于支出总计" and balance.lhs == balance.rhs
    report = json.loads(audit.report(json=True))
    assert report["summary"]["failed"] == 0
    assert "收入总计等于支出总计" in audit.report(all=True)


def test_unit_from_csv_and_json_equals_the_disclosure(model, seed_unit, tmp_path):
    # The same figures in long form, written by the engine's own exporter in the CLI's format:
    # here built from the compiled tables, so the CSV reader is tested on what the tables hold.
    audit = model.compile(seed_unit)
    frame = audit.table("表3")
    lines = ["table,row,column,value"]
    for key, row in frame.iterrows():
        for col in ["合计", "基本支出", "项目支出"]:
            if not np.isnan(row[col]):
                lines.append(f"表3,{key},{col},{row[col]}")
    path = tmp_path / "unit.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    unit = model.import_unit(str(path))
    assert unit.tables == ["表3"]
    again = model.compile(unit)
    pd_frame = again.table("表3")
    assert pd_frame.loc["总计", "合计"] == frame.loc["总计", "合计"]
    bad = tmp_path / "bad.csv"
    bad.write_text("table,row,column,value\n表3,2080101,合记,1\n", encoding="utf-8")
    notes = model.import_unit(str(bad)).notes
    assert notes and "合记" in notes[0]["message"]


def test_tables_and_structured_names(model, seed_unit):
    audit = model.compile(seed_unit)
    t3 = audit.table("表3")
    assert t3.index.name == "row" and list(t3.columns) == ["label", "合计", "基本支出", "项目支出"]
    assert t3.loc["2080101", "label"] == "行政运行"
    assert t3.loc["总计", "合计"] == audit["表3[总计].合计"] == audit.get("表3[总计].合计")
    assert audit["表3[208.01.01].基本支出"] == t3.loc["2080101", "基本支出"]  # dotted codes
    assert audit["表1[收入总计]"] == audit.table("表1", part="收入").loc["收入总计", "预算数"]
    address = audit.address("表1[收入总计]")
    assert audit.workbook[address] == audit["表1[收入总计]"]
    # The unit's workbook reads structured names as addresses too.
    assert audit.workbook["表3[总计].合计"] == audit["表3[总计].合计"]
    t7 = audit.table("表7")
    assert "项目名称" in t7.columns


def test_scenario_checks_equal_editing_the_unit(model, seed_unit):
    unit = model.compile(seed_unit, mode="compute")
    transfer = unit.select("表2", "上级一般公共预算转移支付")
    assert transfer and all(not unit.workbook.is_formula(c) for c in transfer)
    cut = unit.workbook.scenario("transfer -10%").scale(transfer, 0.9)
    in_scenario = {c.id: (c.status, c.lhs, c.rhs) for c in unit.checks(cut)}
    assert in_scenario["A1_7"][0] == "failed"
    assert unit.get("表1[收入总计]", cut) < unit["表1[收入总计]"]
    t1 = unit.table("表1", part="收入", scenario=cut)
    assert t1.loc["收入总计", "预算数"] == unit.get("表1[收入总计]", cut)
    # The same edit made on the unit's own workbook: the same verdicts.
    for cell in transfer:
        unit.workbook[cell] = unit.workbook[cell] * 0.9
    edited = {c.id: (c.status, c.lhs, c.rhs) for c in unit.checks()}
    assert edited.keys() == in_scenario.keys()
    for key in edited:
        assert edited[key][0] == in_scenario[key][0], key
        np.testing.assert_allclose(edited[key][1:], in_scenario[key][1:], rtol=1e-12, atol=1e-9)


def test_goal_seek_on_a_unit(model, seed_unit):
    unit = model.compile(seed_unit, mode="compute")
    cell = unit.select("表2", "上级一般公共预算转移支付")[0]
    target = unit.address("表1[收入总计]")
    found = unit.workbook.goal_seek(target, 6000.0, cell)
    assert found.linear and found.achieved == pytest.approx(6000.0)


def test_read_unit_from_text(model):
    text = SEED.read_text(encoding="utf-8")
    unit = model.read_unit(text, "seed.txt")
    assert unit.name == "昌吉市人力资源和社会保障局"


def test_checks_naming_other_units(tmp_path):
    # A model whose check reads another unit's figures ('下属'!表A[@].金额): given with others=,
    # the check runs; without it, it is skipped with the reason.
    (tmp_path / "m.suan").write_text(
        "unit 万元\ndecimals 2\ntolerance 0.01\n"
        'table 表A "测试表" {\n  col 金额 "金额"\n  row 甲 "甲"\n  row 乙 "乙"\n'
        '  check 同行 "不小于下属同一行" each row: 金额 >= 下属!表A[@].金额\n}\n',
        encoding="utf-8")
    (tmp_path / "upper.csv").write_text(
        "# unit: 上级单位\ntable,row,column,value\n表A,甲,金额,5\n表A,乙,金额,3\n",
        encoding="utf-8")
    (tmp_path / "lower.csv").write_text(
        "# unit: 下属单位\ntable,row,column,value\n表A,甲,金额,2\n表A,乙,金额,4\n",
        encoding="utf-8")
    m = suan.open_model(tmp_path / "m.suan")
    upper = m.import_unit(str(tmp_path / "upper.csv"))
    lower = m.import_unit(str(tmp_path / "lower.csv"))
    checks = {c.id: c for c in m.compile(upper, others={"下属": lower}).checks()}
    assert checks["同行@甲"].status == "exact" and checks["同行@甲"].rhs == 2
    assert checks["同行@乙"].status == "failed" and checks["同行@乙"].rhs == 4
    assert "下属!表A" in checks["同行@乙"].tables
    alone = {c.id: c for c in m.compile(upper).checks()}
    assert alone["同行@乙"].status == "skipped" and "下属" in alone["同行@乙"].message

    # What others= cannot take says so, naming the entry.
    with pytest.raises(suan.InvalidInputError, match=r"others\['下属'\] is None"):
        m.compile(upper, others={"下属": None})
    other_model = suan.open_model(tmp_path / "m.suan")  # the same text, another model object
    stranger = other_model.import_unit(str(tmp_path / "lower.csv"))
    with pytest.raises(suan.InvalidInputError, match=r"others\['下属'\].*another model"):
        m.compile(upper, others={"下属": stranger})
    with pytest.raises(TypeError):
        m.compile(upper, others={"下属": "lower.csv"})
    # A name the model does not use changes nothing; the check still reads 下属 only.
    extra = {c.id: c for c in m.compile(upper, others={"下属": lower, "别的": lower}).checks()}
    assert {k: c.status for k, c in extra.items()} == {k: c.status for k, c in checks.items()}
