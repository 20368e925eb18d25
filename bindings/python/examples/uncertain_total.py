"""How uncertain is the city's total expenditure if five inputs each vary? (Monte Carlo.)

The five largest expenditure inputs of the city each vary by a normal distribution with a
standard deviation of 10 % of their value; 10,000 seeded draws run as lanes of one sweep. The
spread of the total is compared with the exact answer for a sum of independent normals.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/examples/uncertain_total.py [CITY.json]
"""
import math

import suan
from _city import CityLayout, open_city

wb = open_city()
city = CityLayout(wb)
expense_inputs = []
for dept in city.departments:
    last = city.income_header - 1
    expense_inputs += wb.select(f"{dept}!C{city.expense_total}:J{last}")
five = sorted(expense_inputs, key=lambda c: wb[c], reverse=True)[:5]
inputs = {cell: suan.normal(wb[cell], 0.1 * wb[cell]) for cell in five}
total, balance = city.expenditure("Total"), city.balance("Total")
result = wb.monte_carlo(inputs, [total, balance], draws=10_000, seed=2026)

print("Five inputs vary (normal, sd 10 %):")
for cell, dist in inputs.items():
    print(f"  {cell:14} {dist}")
mean, sd, p05, p95 = result.mean[0], result.sd[0], result.p05[0], result.p95[0]
exact_sd = math.sqrt(sum((0.1 * wb[c]) ** 2 for c in five))
print(f"City expenditure {wb[total]:,.2f} 万元 now; over {result.draws:,} draws: "
      f"mean {mean:,.2f}, sd {sd:,.2f} (exact {exact_sd:,.2f}), 90 % between {p05:,.2f} and {p95:,.2f}")
print(f"City balance (收支差额): 90 % between {result.p05[1]:,.2f} and {result.p95[1]:,.2f}")
