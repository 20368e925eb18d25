"""Every example under bindings/python/examples runs from the clone and prints its answer."""
import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
EXPECTED = {
    "wages_up.py": ["city expenditure 55,873.74 -> 56,217.17", "Dept_0003: 1,738.09 -> 1,751.02"],
    "transfer_cut.py": ["1 of 5 departments fail to balance: Dept_0003 (-7.92)"],
    "balancing_transfer.py": ["Dept_0003: the transfer must be 216.60", "linear"],
    "uncertain_total.py": ["City expenditure 55,873.74", "over 10,000 draws"],
    "seed_transfer_cut.py": ["933 checks", "A1_7 收入总计等于支出总计: short by 345.31"],
    "city_checks.py": ["3 fail their checks: D0001, D0005, D0008",
                       "After the three corrections: 0 units fail"],
}


def test_every_example_is_listed():
    assert {p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name):
    run = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True,
                         env=dict(os.environ), cwd=EXAMPLES.parent, timeout=300)
    assert run.returncode == 0, run.stderr
    for line in EXPECTED[name]:
        assert line in run.stdout, run.stdout
