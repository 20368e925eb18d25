"""What central transfer would balance the departments that fail to, once wages rise 5 % and the
transfer is cut 10 %? (Goal seek.)

The stacked scenario of transfer_cut.py is made into a workbook of its own
(Scenario.to_workbook); for each failing department, goal seek finds the value of its largest
transfer input that brings 收支差额 to zero — exact in one step, since the balance is linear in
the transfer (sensitivity confirms: +1 of transfer is +1 of balance).

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/examples/balancing_transfer.py [CITY.json]
"""
from _city import CityLayout, open_city

wb = open_city()
city = CityLayout(wb)
wages = [c for d in city.departments for c in city.wages(d)]
transfers = [c for d in city.departments for c in city.transfers(d)]
both = wb.scenario("wages +5%").scale(wages, 1.05).scenario("transfer -10%").scale(transfers, 0.9)

failing = [d for d in city.departments if both[city.balance(d)] < 0]
if not failing:
    print("No department fails to balance with wages +5 % and the transfer cut 10 %")
what_if = both.to_workbook()
for dept in failing:
    inputs = city.transfers(dept)
    largest = max(inputs, key=lambda c: what_if[c])
    slope = what_if.sensitivity(city.balance(dept), [largest])[largest]
    found = what_if.goal_seek(city.balance(dept), 0.0, largest)
    needed = what_if[city.transfer_total(dept)] + (found.input - what_if[largest])
    before = wb[city.transfer_total(dept)]
    print(f"{dept}: the transfer must be {needed:,.2f} 万元 to balance "
          f"(was {before:,.2f}, {what_if[city.transfer_total(dept)]:,.2f} after the cut): "
          f"the cut can be at most {(1 - needed / before) * 100:.1f} %, not 10 %")
    print(f"  goal seek: {found.input_cell} = {found.input:,.2f} makes {found.target_cell} = "
          f"{found.achieved:.2f} ({found.evaluations} evaluations, "
          f"{'linear' if found.linear else 'bracketed'}; d balance / d transfer = {slope:g})")
