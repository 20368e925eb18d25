"""What if the central transfer (上级补助收入) is cut 10 % — on top of wages rising 5 %? Which
departments then fail to balance (收支差额 = income - expenditure below zero)?

Scenarios stack: "transfer -10%" is evaluated on top of "wages +5%"; a third scenario cuts the
transfer alone, for comparison.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/examples/transfer_cut.py [CITY.json]
"""
from _city import CityLayout, open_city

wb = open_city()
city = CityLayout(wb)
wages = [c for d in city.departments for c in city.wages(d)]
transfers = [c for d in city.departments for c in city.transfers(d)]

rise = wb.scenario("wages +5%").scale(wages, 1.05)
both = rise.scenario("transfer -10%").scale(transfers, 0.9)   # stacked on the wage rise
cut_only = wb.scenario("transfer -10% alone").scale(transfers, 0.9)

print("收支差额 (income - expenditure, 万元) by department:")
print(f"  {'':10} {'now':>10} {'cut only':>10} {'wages+cut':>10}")
failing = []
for dept in city.departments:
    cell = city.balance(dept)
    now, cut, stacked = wb[cell], cut_only[cell], both[cell]
    print(f"  {dept:10} {now:10,.2f} {cut:10,.2f} {stacked:10,.2f}")
    if stacked < 0:
        failing.append((dept, stacked))
if failing:
    names = ", ".join(f"{d} ({b:,.2f})" for d, b in failing)
    print(f"With wages +5 % and the transfer cut 10 %, {len(failing)} of "
          f"{len(city.departments)} departments fail to balance: {names}")
else:
    print("With wages +5 % and the transfer cut 10 %, every department still balances")
