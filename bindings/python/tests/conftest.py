"""Shared fixtures: the bundled samples. Run with the module on the path:
    PYTHONPATH=build/bindings/python /usr/bin/python3 -m pytest bindings/python/tests
"""
import pathlib

import pytest

import suan

ROOT = pathlib.Path(__file__).resolve().parents[3]
CITY = ROOT / "tests" / "data" / "city-5.json"
MODEL = ROOT / "models" / "budget-disclosure-2026.suan"
SEED = ROOT / "tests" / "data" / "disclosures" / "changji-hrss-2026-budget.txt"


@pytest.fixture
def city():
    """The 'city budget' sample: Dept_0001..Dept_0005 and Total (a fresh copy per test)."""
    return suan.open(CITY)


@pytest.fixture(scope="session")
def model():
    return suan.open_model(MODEL)


@pytest.fixture(scope="session")
def seed_unit(model):
    return model.import_unit(str(SEED))


def city_inputs(wb, sheets=None):
    """Every input (a number that is not a formula) of the department sheets, as addresses."""
    cells = []
    for sheet in sheets or [s for s in wb.sheets if s != "Total"]:
        cells += wb.select(f"{sheet}!A1:M95")
    return cells


def all_values(wb):
    """Every cell's value of every sheet, keyed by address (for whole-workbook comparisons)."""
    out = {}
    for sheet in wb.sheets:
        used = wb.used_range(sheet)
        if used is None:
            continue
        rows = wb.values(used)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    out[(sheet, r, c)] = v
    return out
