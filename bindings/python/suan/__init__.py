"""suan (算): a spreadsheet-style calculation engine, from Python.

    import suan
    wb = suan.open("tests/data/city-5.json")          # or suan.Workbook() and build it
    wb["Dept_0001!C5"]                                 # a value; wb["Dept_0001!C5"] = 12.5 sets it
    s = wb.scenario("wages +5%").scale(wb.select("Dept_*!C4:C43"), 1.05)
    s["Total!B3"], s.diff(frame=True)                  # the what-if's values and differences
    wb.sweep(inputs, values, outputs)                  # K scenarios at once, NumPy in and out
    wb.monte_carlo({cell: suan.normal(100, 10)}, "Total!B3", draws=1000, seed=1)
    wb.goal_seek("Dept_0001!B60", 0, "Dept_0001!H48")  # which input makes a target reach a goal
    wb.array("Dept_0001"), wb.dataframe("Dept_0001!A2:M43", index=True)

    model = suan.open_model("models/budget-disclosure-2026.suan")
    unit = model.compile(model.import_unit("disclosure.txt"))   # audit: every check evaluated
    unit.checks(), unit.table("表3"), unit["表3[总计].合计"]

    city = suan.open_city("city-dir", model)           # departments checked and consolidated
    city.units(), city.figure(city.root, "表3", "总计", "合计"), city.set_figure(…)

Cells are 'Sheet1!B3' (A1 notation), (sheet, row, col) with 0-based row and column, a defined
name, or in a compiled budget unit a structured name '表3[2080101].合计'. Errors are Python
exceptions carrying the engine's message (suan.errors). Long runs (recalculation, sweeps, Monte
Carlo, goal seek, scenario evaluation) release the GIL.
"""

from ._suan import (  # noqa: F401
    CellError,
    Check,
    City,
    CompiledUnit,
    Diagnostic,
    Difference,
    Distribution,
    GoalSeekResult,
    Model,
    MonteCarloResult,
    Scenario,
    Unit,
    Workbook,
    generate_city,
    normal,
    triangular,
    uniform,
)
from .errors import (  # noqa: F401
    Error,
    FormulaCellError,
    InvalidInputError,
    NoSolutionError,
    NotFoundError,
    StateError,
)

__all__ = [
    "CellError", "Check", "City", "CompiledUnit", "Diagnostic", "Difference", "Distribution",
    "GoalSeekResult", "Model", "MonteCarloResult", "Scenario", "Unit", "Workbook",
    "normal", "triangular", "uniform", "open", "open_model", "open_city", "generate_city",
    "Error", "FormulaCellError", "InvalidInputError", "NoSolutionError", "NotFoundError",
    "StateError",
]


def _scenario_to_workbook(self):
    """A copy of the workbook with this scenario's changes (and its parents') made as edits and
    recalculated: the what-if as a workbook of its own, to edit further or to goal-seek on."""
    book = self.workbook.copy()
    final = {}
    for cell, op, amount in self.changes:
        current = final[cell] if cell in final else book[cell]
        current = 0.0 if current is None else current
        final[cell] = amount if op == "set" else current + amount if op == "add" else current * amount
    for cell, value in final.items():
        book.set(cell, value)
    book.recalc()
    return book


Scenario.to_workbook = _scenario_to_workbook


def open(path):  # noqa: A001 - suan.open mirrors the built-in's role for workbooks
    """Opens a workbook JSON file and calculates it (Workbook.open)."""
    return Workbook.open(str(path))


def open_model(path):
    """Reads a budget model (.suan file) and its code lists (Model.open)."""
    return Model.open(str(path))


def open_city(dir, model, *, threads=0, selections=()):
    """Opens a city: the units of a folder (city.csv or city.json and the units' files), each
    checked against `model` (a Model or a .suan path), every node of the tree consolidated and
    checked (City.open). suan.generate_city(model, dir, departments=…) writes a synthetic one."""
    if not isinstance(model, Model):
        model = open_model(model)
    return City.open(str(dir), model, threads=threads, selections=list(selections))
