"""Tests of bench/regress on fake Google Benchmark output: fast and deterministic, no suite run.

Run: /usr/bin/python3 -m pytest tests/bench (ctest runs it as bench_regress)."""
import csv
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "bench", "regress")


def load_regress():
    loader = importlib.machinery.SourceFileLoader("regress", SCRIPT)
    spec = importlib.util.spec_from_loader("regress", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


regress = load_regress()


def entry(name, t, unit="ns", rep=0, **extra):
    e = {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 3,
         "repetition_index": rep, "threads": 1, "iterations": 100, "real_time": t * 1.7,
         "cpu_time": t, "time_unit": unit}
    e.update(extra)
    return e


def fake_report(scale=1.0, slow=None):
    """Three repetitions each of a calibration, three benchmarks in other units, and the things
    the reader must ignore: the library's aggregates, a BigO fit and a failed benchmark.
    `scale` multiplies every time (a slower or faster machine); `slow` = {name: factor}."""
    slow = slow or {}
    times = {
        ("BM_Calibration/min_time:0.200", "ms"): [2.0, 2.1, 1.9],  # as MinTime() names it
        ("BM_SingleEdit/100", "us"): [6.0, 6.5, 5.9],
        ("BM_BuildAndCalc/100", "ms"): [100.0, 120.0, 101.0],
        ("BM_ParseFormula/0", "ns"): [1000.0, 990.0, 1010.0],
    }
    benchmarks = []
    for (name, unit), values in times.items():
        f = scale * slow.get(name, 1.0)
        for i, v in enumerate(values):
            benchmarks.append(entry(name, v * f, unit, i))
        benchmarks.append({"name": name + "_median", "run_name": name, "run_type": "aggregate",
                           "aggregate_name": "median", "cpu_time": 1e9, "real_time": 1e9,
                           "time_unit": unit})
    benchmarks.append({"name": "BM_RunningTotals_BigO", "run_name": "BM_RunningTotals",
                       "run_type": "aggregate", "aggregate_name": "BigO", "cpu_coefficient": 3.0,
                       "real_coefficient": 3.0, "big_o": "N", "time_unit": "ms"})
    benchmarks.append(entry("BM_Broken", 5.0, "ms", error_occurred=True, error_message="no data"))
    return {"context": {"date": "2026-11-26T05:00:00+00:00", "num_cpus": 2},
            "benchmarks": benchmarks}


def write_json(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f)
    return str(path)


def run(*args):
    r = subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, cwd=ROOT)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture
def fresh(tmp_path):
    """A run's output and a baseline made from it with --update-baseline."""
    report = write_json(tmp_path / "run.json", fake_report())
    baseline = str(tmp_path / "baseline.json")
    code, out, err = run("--input", report, "--baseline", baseline, "--update-baseline")
    assert code == 0, err
    return tmp_path, report, baseline


def test_medians_normalised_by_the_calibration_of_the_same_run():
    samples = regress.read_samples(fake_report())
    assert set(samples) == {"BM_Calibration", "BM_SingleEdit/100", "BM_BuildAndCalc/100",
                            "BM_ParseFormula/0"}  # no aggregates, no BigO, no failed benchmark
    assert samples["BM_SingleEdit/100"] == pytest.approx([6000.0, 6500.0, 5900.0])
    figures, cal_ns = regress.normalise(samples)
    assert cal_ns == pytest.approx(2.0e6)
    assert figures["BM_BuildAndCalc/100"]["raw"] == pytest.approx(101.0e6)  # median, not mean
    assert figures["BM_BuildAndCalc/100"]["norm"] == pytest.approx(101.0 / 2.0)
    assert figures["BM_SingleEdit/100"]["norm"] == pytest.approx(6.0e-3 / 2.0)
    assert figures["BM_Calibration"]["norm"] == pytest.approx(1.0)


def test_real_time_can_be_chosen():
    samples = regress.read_samples(fake_report(), "real_time")
    assert samples["BM_ParseFormula/0"][0] == pytest.approx(1700.0)


def test_baseline_file_is_small_and_carries_metadata(fresh):
    _, _, baseline = fresh
    doc = json.load(open(baseline))
    assert doc["benchmarks"] == pytest.approx({"BM_BuildAndCalc/100": 50.5,
                                               "BM_ParseFormula/0": 5.0e-4,
                                               "BM_SingleEdit/100": 3.0e-3})
    assert doc["calibration"] == "BM_Calibration" and doc["calibration_ns"] == 2000000
    assert doc["time"] == "cpu_time" and doc["date"] and doc["commit"]
    assert doc["machine"]["cores"] >= 1 and doc["machine"]["cpu"]


def test_rerun_against_a_fresh_baseline_passes(fresh):
    _, report, baseline = fresh
    code, out, err = run("--input", report, "--baseline", baseline)
    assert code == 0, out + err
    for name in ("BM_SingleEdit/100", "BM_BuildAndCalc/100", "BM_ParseFormula/0"):
        line = next(l for l in out.splitlines() if l.startswith(name))
        assert " 1.00 " in line and " ok" in line
    assert "0 regression(s)" in out


def test_baseline_claiming_twice_the_speed_is_a_regression(fresh):
    _, report, baseline = fresh
    doc = json.load(open(baseline))
    doc["benchmarks"] = {k: v / 2 for k, v in doc["benchmarks"].items()}
    write_json(baseline, doc)
    code, out, err = run("--input", report, "--baseline", baseline)
    assert code == 1, out + err
    line = next(l for l in out.splitlines() if l.startswith("BM_SingleEdit/100"))
    assert "2.00" in line and "REGRESSION" in line
    assert "3 regression(s)" in out


def test_a_slower_machine_is_not_a_regression(fresh):
    # Every time 40 % longer, the calibration's too: the normalised figures do not move.
    tmp_path, _, baseline = fresh
    slower = write_json(tmp_path / "slower.json", fake_report(scale=1.4))
    code, out, err = run("--input", slower, "--baseline", baseline)
    assert code == 0, out + err
    assert "0 regression(s)" in out


def test_one_slower_benchmark_on_the_same_machine_is_found(fresh):
    tmp_path, _, baseline = fresh
    worse = write_json(tmp_path / "worse.json", fake_report(slow={"BM_SingleEdit/100": 1.3}))
    code, out, _ = run("--input", worse, "--baseline", baseline)
    assert code == 1
    assert "1 regression(s)" in out
    code, out, _ = run("--input", worse, "--baseline", baseline, "--threshold", "1.5")
    assert code == 0, out


def test_smoke_fails_only_on_large_regressions(fresh):
    tmp_path, _, baseline = fresh
    for factor, want in ((1.6, 0), (2.2, 1)):
        report = write_json(tmp_path / f"x{factor}.json",
                            fake_report(slow={"BM_BuildAndCalc/100": factor}))
        code, out, err = run("--smoke", "--input", report, "--baseline", baseline)
        assert code == want, (factor, out, err)


def test_faster_new_and_missing_benchmarks_are_reported_not_failed(fresh):
    tmp_path, _, baseline = fresh
    doc = json.load(open(baseline))
    doc["benchmarks"]["BM_Gone/7"] = 1.0
    doc["benchmarks"]["BM_ParseFormula/0"] *= 2  # now twice as fast as the baseline
    del doc["benchmarks"]["BM_SingleEdit/100"]
    write_json(baseline, doc)
    code, out, _ = run("--input", str(tmp_path / "run.json"), "--baseline", baseline)
    assert code == 0, out
    verdicts = {l.split()[0]: l.split()[4] for l in out.splitlines() if l.startswith("BM_")}
    assert verdicts["BM_ParseFormula/0"] == "faster"
    assert verdicts["BM_Gone/7"] == "missing"
    assert verdicts["BM_BuildAndCalc/100"] == "ok"
    assert "BM_SingleEdit/100" in out and "new" in out.split("BM_SingleEdit/100")[1].split("\n")[0]


def test_filter_limits_the_comparison(fresh):
    _, report, baseline = fresh
    code, out, _ = run("--input", report, "--baseline", baseline, "--filter", "SingleEdit")
    assert code == 0
    names = [l.split()[0] for l in out.splitlines() if l.startswith("BM_")]
    assert names == ["BM_SingleEdit/100"]  # the others are neither compared nor "missing"


def test_update_with_a_filter_keeps_the_other_entries(fresh):
    tmp_path, _, baseline = fresh
    worse = write_json(tmp_path / "worse.json", fake_report(slow={"BM_SingleEdit/100": 3.0}))
    code, _, err = run("--input", worse, "--baseline", baseline, "--filter", "SingleEdit",
                       "--update-baseline")
    assert code == 0, err
    doc = json.load(open(baseline))
    assert doc["benchmarks"]["BM_SingleEdit/100"] == pytest.approx(9.0e-3)
    assert doc["benchmarks"]["BM_BuildAndCalc/100"] == pytest.approx(50.5)


def test_a_run_without_calibration_cannot_be_compared(tmp_path, fresh):
    _, _, baseline = fresh
    doc = fake_report()
    doc["benchmarks"] = [b for b in doc["benchmarks"]
                         if not b["run_name"].startswith("BM_Calibration")]
    code, _, err = run("--input", write_json(tmp_path / "nocal.json", doc), "--baseline", baseline)
    assert code == 2 and "BM_Calibration" in err


def test_no_baseline_prints_the_figures(tmp_path):
    code, out, _ = run("--input", write_json(tmp_path / "r.json", fake_report()),
                       "--baseline", str(tmp_path / "none.json"))
    assert code == 0 and "no baseline" in out and "BM_SingleEdit/100" in out


def test_smoke_selects_small_instances():
    names = ["BM_Calibration", "BM_SingleEdit/100", "BM_SingleEdit/500", "BM_ParseFormula/0",
             "BM_ParseFormula/5", "BM_RunningTotals/1024", "BM_RunningTotals/4096",
             "BM_Grid/64/2000", "BM_Grid/64/100", "BM_ReadDisclosureText"]
    assert regress.smoke_names(names, 128) == [
        "BM_Calibration", "BM_SingleEdit/100", "BM_ParseFormula/0", "BM_ParseFormula/5",
        "BM_RunningTotals/1024", "BM_Grid/64/100", "BM_ReadDisclosureText"]
    assert regress.gb_escape("BM_X/min_time:0.5") == r"BM_X/min_time:0\.5"


def test_history_and_charts(tmp_path, fresh):
    _, report, baseline = fresh
    history = str(tmp_path / "history.csv")
    for factor in (1.0, 1.2, 0.9):
        r = write_json(tmp_path / f"h{factor}.json",
                       fake_report(slow={"BM_SingleEdit/100": factor}))
        code, _, err = run("--input", r, "--baseline", baseline, "--history", history)
        assert code == 0, err
    rows = list(csv.DictReader(open(history)))
    assert len(rows) == 3 * 4  # three runs of four benchmarks (the calibration included)
    assert {"date", "commit", "benchmark", "normalised_median", "raw_median_ns"} <= set(rows[0])
    edits = [float(r["normalised_median"]) for r in rows if r["benchmark"] == "BM_SingleEdit/100"]
    assert edits == pytest.approx([3.0e-3, 3.6e-3, 2.7e-3])

    # Runs within the same second share a date: give each its own so the chart has three points.
    for i, r in enumerate(rows):
        r["date"] = f"2026-11-2{i // 4}T00:00:00Z"
    with open(history, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out_dir = tmp_path / "charts"
    code, _, err = run("--chart", history, "--out", str(out_dir), "--no-png")
    assert code == 0, err
    svgs = sorted(p.name for p in out_dir.glob("*.svg"))
    assert svgs == ["BM_BuildAndCalc_100.svg", "BM_Calibration.svg", "BM_ParseFormula_0.svg",
                    "BM_SingleEdit_100.svg"]
    svg = ET.parse(out_dir / "BM_SingleEdit_100.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    line = svg.find(f"{ns}polyline")
    points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    assert len(points) == 3
    ys = [y for _, y in points]
    assert ys[1] < ys[0] < ys[2]  # higher figure, higher on the page (smaller y)
    assert (out_dir / "index.html").read_text().count("<img") == 4


def test_against_compares_normalised_figures_of_both_binaries():
    args = regress.parse_args(["--against", "HEAD~1"])
    theirs = regress.read_samples(fake_report())
    mine = regress.read_samples(fake_report(scale=1.3, slow={"BM_ParseFormula/0": 2.0}))
    header, rows, figures, cal_ns, raw = regress.compare_runs(mine, theirs, args)
    assert not raw and "HEAD~1" in header and cal_ns == pytest.approx(2.6e6)
    verdicts = {r[0]: (round(r[3], 2), r[4]) for r in rows}
    assert verdicts == {"BM_BuildAndCalc/100": (1.0, "ok"), "BM_SingleEdit/100": (1.0, "ok"),
                        "BM_ParseFormula/0": (2.0, "REGRESSION")}


def test_against_a_commit_without_calibration_compares_raw_medians():
    args = regress.parse_args(["--against", "old"])
    doc = fake_report()
    doc["benchmarks"] = [b for b in doc["benchmarks"]
                         if not b["run_name"].startswith("BM_Calibration")]
    theirs = regress.read_samples(doc)
    mine = regress.read_samples(fake_report(slow={"BM_SingleEdit/100": 1.5}))
    header, rows, _, _, raw = regress.compare_runs(mine, theirs, args)
    assert raw and "raw medians" in header
    verdicts = {r[0]: r[4] for r in rows}
    assert verdicts["BM_SingleEdit/100"] == "REGRESSION"
    assert verdicts["BM_BuildAndCalc/100"] == "ok"


def test_a_regression_must_show_again_in_a_fresh_process():
    baseline = {"BM_SingleEdit/100": 3.0, "BM_BuildAndCalc/100": 50.0, "BM_ParseFormula/0": 0.5}
    figures = {"BM_SingleEdit/100": {"norm": 6.5, "raw": 13e3, "noise": 0.01, "n": 3},
               "BM_BuildAndCalc/100": {"norm": 50.0, "raw": 1e8, "noise": 0.01, "n": 3},
               "BM_ParseFormula/0": {"norm": 1.2, "raw": 2e3, "noise": 0.01, "n": 3}}
    asked = []

    def measure_again(names):
        asked.append(sorted(names))
        # The first was the process's bad luck; the second is slower again.
        return {"BM_SingleEdit/100": {"norm": 3.1, "raw": 6.2e3, "noise": 0.02, "n": 3},
                "BM_ParseFormula/0": {"norm": 1.3, "raw": 2.2e3, "noise": 0.01, "n": 3}}

    again = regress.confirm_regressions(figures, baseline, 2.0, measure_again)
    assert asked == [["BM_ParseFormula/0", "BM_SingleEdit/100"]] and sorted(again) == asked[0]
    assert figures["BM_SingleEdit/100"]["norm"] == 3.1 and figures["BM_SingleEdit/100"]["remeasured"]
    assert figures["BM_ParseFormula/0"]["norm"] == 1.2  # the lower of the two runs
    verdicts = {r[0]: r[4] for r in regress.compare(baseline, {k: f["norm"] for k, f in
                                                               figures.items()}, 2.0)}
    assert verdicts == {"BM_SingleEdit/100": "ok", "BM_BuildAndCalc/100": "ok",
                        "BM_ParseFormula/0": "REGRESSION"}


def test_nothing_is_measured_again_without_a_regression():
    figures = {"BM_SingleEdit/100": {"norm": 3.0, "raw": 6e3, "noise": 0.01, "n": 3}}
    assert regress.confirm_regressions(figures, {"BM_SingleEdit/100": 3.0}, 2.0,
                                       lambda names: pytest.fail("measured again")) == []


def test_a_wide_figure_needs_a_larger_ratio():
    baseline = {"BM_CityFullRecalc/100/real_time": 1.0, "BM_SingleEdit/100": 1.0}
    now = {"BM_CityFullRecalc/100/real_time": 2.5, "BM_SingleEdit/100": 2.5}
    wide = {"BM_CityFullRecalc": 1.5}
    verdicts = {r[0]: r[4] for r in regress.compare(baseline, now, 2.0, wide=wide)}
    assert verdicts == {"BM_CityFullRecalc/100/real_time": "ok", "BM_SingleEdit/100": "REGRESSION"}
    now["BM_CityFullRecalc/100/real_time"] = 3.1
    verdicts = {r[0]: r[4] for r in regress.compare(baseline, now, 2.0, wide=wide)}
    assert verdicts["BM_CityFullRecalc/100/real_time"] == "REGRESSION"


def test_updating_the_baseline_keeps_its_wide_map(tmp_path, fresh):
    _, report, baseline = fresh
    with open(baseline) as f:
        doc = json.load(f)
    doc["wide"] = {"BM_BuildAndCalc": 1.5}
    with open(baseline, "w") as f:
        json.dump(doc, f)
    code, out, err = run("--input", report, "--baseline", baseline, "--update-baseline",
                         "--filter", "BuildAndCalc")
    assert code == 0, err
    with open(baseline) as f:
        assert json.load(f)["wide"] == {"BM_BuildAndCalc": 1.5}
    code, out, err = run("--input", report, "--baseline", baseline)
    assert code == 0 and "wider thresholds" in out, out + err


def test_a_baseline_of_another_kind_of_time_is_refused(fresh):
    _, report, baseline = fresh
    with open(baseline) as f:
        doc = json.load(f)
    doc["time"] = "real_time"
    with open(baseline, "w") as f:
        json.dump(doc, f)
    code, out, err = run("--input", report, "--baseline", baseline)
    assert code == 2
    assert "holds real_time figures" in err and "--time real_time" in err, err
