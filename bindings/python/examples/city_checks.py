"""A city of departments: which fail their checks, does the consolidation see it, and does a
correction put it right? (suan.City, over a generated city with three known errors.)

suan.generate_city writes a synthetic city (balanced departments, some with sub-units) with
errors injected into three units' figures; the city checks every unit, consolidates the tree
(汇总) and checks the consolidated units too. Correcting a figure recalculates only what it
reaches.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/examples/city_checks.py [N]
"""
import pathlib
import sys
import tempfile

import suan

ROOT = pathlib.Path(__file__).resolve().parents[3]
model = suan.open_model(ROOT / "models" / "budget-disclosure-2026.suan")
departments = int(sys.argv[1]) if len(sys.argv) > 1 else 20

with tempfile.TemporaryDirectory() as folder:
    injected = suan.generate_city(model, folder, departments=departments, seed=3, inject_errors=3)
    city = suan.open_city(folder, model)
    units = city.units()
    failing = [u for u in units if u["kind"] == "unit" and u["checks"]["failed"]]
    print(f"{city.unit_count} units, {len(units) - city.unit_count} consolidated: "
          f"{len(failing)} fail their checks: " + ", ".join(u["code"] for u in failing))
    for error in injected:
        found = [f for f in city.findings(error["unit"])
                 if f"{error['table']}[{error['row']}]" in " ".join(f["cells"])]
        print(f"  {error['unit']} {error['table']}[{error['row']}].{error['column']}: "
              f"{error['from']} written as {error['to']} ({error['kind']}) -> "
              f"{len(found)} failed checks point at it")
    root = city.root
    summary = next(u for u in units if u["code"] == root)["checks"]
    print(f"The city ({root}) consolidated: 表3 总计 {city.figure(root, '表3', '总计', '合计'):,.2f} 万元, "
          f"{summary['failed']} checks fail")

    for error in injected:  # the departments correct their figures
        city.set_figure(error["unit"], error["table"], error["row"], error["column"], error["from"])
    after = city.units()
    still = [u["code"] for u in after if u["checks"]["failed"]]
    print(f"After the three corrections: {len(still)} units fail "
          f"({', '.join(still) if still else 'none'}); 表3 总计 "
          f"{city.figure(root, '表3', '总计', '合计'):,.2f} 万元")
