// A synthetic department for the 12-table budget disclosure (models/budget-disclosure-2026):
// figures made up the way a real department's come about, so every check of the template
// holds, up to the rounding differences real disclosures have.
//
// The department is built in 元 from the bottom: staff and office costs by economic code (表6),
// basic spending by function code (the pension, medical and housing codes mirror their economic
// codes, the rest is 行政运行 / 事业运行), projects under project codes (表7), general-budget
// funding and transfers per code (表2, 表5), carried-over projects (表12), then every total
// and every table that repeats another. Each figure is then rounded to 万元 on its own, as
// publishers do, which gives the same 舍位差 (a total a cent off the sum of its parts) as the
// seed. Magnitudes follow the seed's (a few thousand 万元, a few hundred figures); which codes,
// how many projects and the size vary by department.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::city {

struct DepartmentProfile {
  std::string name;
  bool administrative = true;  // 行政 (else 事业): 行政运行 or 事业运行, 公务员医疗补助
  std::string main_section;  // the 款 of its own work, e.g. "20801"; "" to let the seed pick
  double scale = 1.0;        // size relative to the seed department
  int year = 2026;
  uint64_t seed = 1;
};

// The figures of one department. Errors: the template is not the budget disclosure's (a
// table, row, column or code the generator needs is missing).
absl::StatusOr<model::UnitData> SyntheticDepartment(const model::Template& t,
                                                    const DepartmentProfile& profile);

// The 款 that can be a department's own work: those with a 行政运行 or 事业运行 code.
std::vector<std::string> MainSections(const model::Template& t);

}  // namespace suan::city
