"""Where things are in a 'city budget' workbook (tests/data/city-5.json; bench/city_workbook.cpp
generates them: build/bin/gen_city_workbook N SEED OUT.json).

Sheets Dept_0001 … Dept_N and Total (the sum of the departments, cell by cell). On each sheet:
  an expenditure block: 支出合计, then classes and their items; columns C..J by economic kind
                        (C 工资福利支出 = wages …), B the row total;
  an income block:      收入合计, …; columns C..J by source (H 上级补助收入 = the central transfer);
  a summary:            收支差额 = income - expenditure, 收支平衡检查 …
Rows are found by their labels, so any generated city works.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "tests" / "data" / "city-5.json"


def open_city():
    """The workbook named on the command line, or the bundled sample."""
    import suan

    return suan.open(sys.argv[1] if len(sys.argv) > 1 else SAMPLE)


def _letter(col):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[col]


class CityLayout:
    def __init__(self, wb):
        self.wb = wb
        self.departments = [s for s in wb.sheets if s != "Total"]
        first = self.departments[0]
        labels = [row[0] for row in wb.values(f"{first}!A1:A{self._last_row(first)}")]

        def row_of(label):
            return labels.index(label) + 1  # A1 row number

        self.expense_total = row_of("支出合计")
        self.income_header = row_of("收入项目")
        self.income_total = row_of("收入合计")
        self.balance_row = row_of("收支差额")
        expense_head = wb.values(f"{first}!A2:M2")[0]
        income_head = wb.values(f"{first}!A{self.income_header}:M{self.income_header}")[0]
        self.wages_col = _letter(expense_head.index("工资福利支出"))
        self.transfer_col = _letter(income_head.index("上级补助收入"))

    def _last_row(self, sheet):
        used = self.wb.used_range(sheet)  # 'Dept_0001!A1:M95'
        return int("".join(ch for ch in used.rsplit(":", 1)[1] if ch.isdigit()))

    def wages(self, dept):
        """The department's wage inputs (工资福利支出 of every expenditure item)."""
        c = self.wages_col
        return self.wb.select(f"{dept}!{c}{self.expense_total}:{c}{self.income_header - 1}")

    def transfers(self, dept):
        """The department's central-transfer inputs (上级补助收入 of every income item)."""
        c = self.transfer_col
        return self.wb.select(f"{dept}!{c}{self.income_total}:{c}{self.balance_row - 1}")

    def balance(self, sheet):
        return f"{sheet}!B{self.balance_row}"

    def expenditure(self, sheet):
        return f"{sheet}!B{self.expense_total}"

    def transfer_total(self, sheet):
        return f"{sheet}!{self.transfer_col}{self.income_total}"
