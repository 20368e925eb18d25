"""The budget model on the bundled seed disclosure (昌吉市人力资源和社会保障局, 2026): check it,
then ask what a 10 % cut of its central transfer (上级一般公共预算安排的转移支付) does.

Audit mode keeps the published figures and evaluates every rule and check; compute mode makes
the leaf figures inputs and lets the rules calculate the totals, so a scenario on the transfer
flows through 表2 to 表1 and the checks between tables. The checks that flip say what no longer
balances.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/examples/seed_transfer_cut.py
"""
import collections
import pathlib

import suan

ROOT = pathlib.Path(__file__).resolve().parents[3]
model = suan.open_model(ROOT / "models" / "budget-disclosure-2026.suan")
unit = model.import_unit(str(ROOT / "tests" / "data" / "disclosures" / "changji-hrss-2026-budget.txt"))

audit = model.compile(unit, mode="audit")
counts = collections.Counter(c.status for c in audit.checks())
print(f"{unit.name} {unit.year}: {sum(counts.values())} checks, " +
      ", ".join(f"{n} {s}" for s, n in counts.most_common()))

computed = model.compile(unit, mode="compute")
transfer = computed.select("表2", "上级一般公共预算转移支付")
cut = computed.workbook.scenario("transfer -10%").scale(transfer, 0.9)
print(f"Transfer 表1[上级一般公共预算转移支付] {computed['表1[上级一般公共预算转移支付]']:,.2f} -> "
      f"{computed.get('表1[上级一般公共预算转移支付]', cut):,.2f} 万元; 收入总计 "
      f"{computed['表1[收入总计]']:,.2f} -> {computed.get('表1[收入总计]', cut):,.2f}, 支出总计 "
      f"{computed.get('表1[支出总计]', cut):,.2f}")
base = {c.id: c for c in computed.checks()}
flipped = [c for c in computed.checks(cut) if base[c.id].ok and not c.ok]
by_title = collections.Counter(c.title for c in flipped)
print(f"{len(flipped)} checks that held now fail:")
for c in flipped:
    if c.id == "A1_7":  # the balance of the whole disclosure
        print(f"  {c.id} {c.title}: short by {-c.diff:,.2f} 万元")
for title, n in by_title.most_common():
    if title != "收入总计等于支出总计":
        print(f"  {n} x {title}")
