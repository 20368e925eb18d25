"""What if wages (工资福利支出) rise 5 % in every department?

One scenario scales the wage input of every expenditure item of every department by 1.05; the
engine recalculates only the cells those inputs reach, without copying or changing the workbook.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/examples/wages_up.py [CITY.json]
"""
from _city import CityLayout, open_city

wb = open_city()
city = CityLayout(wb)
wages = [cell for dept in city.departments for cell in city.wages(dept)]
rise = wb.scenario("wages +5%").scale(wages, 1.05)

before, after = wb[city.expenditure("Total")], rise[city.expenditure("Total")]
print(f"Wages +5 % in {len(city.departments)} departments ({len(wages)} wage inputs):")
print(f"  city expenditure {before:,.2f} -> {after:,.2f} 万元 "
      f"(+{after - before:,.2f}, +{(after / before - 1) * 100:.2f} %)")
for dept in city.departments:
    b, a = wb[city.expenditure(dept)], rise[city.expenditure(dept)]
    print(f"  {dept}: {b:,.2f} -> {a:,.2f} (+{a - b:,.2f})")
changed = rise.diff(frame=True)
print(f"  {len(changed)} cells change; the workbook itself still reads {wb[city.expenditure('Total')]:,.2f}")
