// A synthetic city for `suan generate`, tests and benchmarks: N departments (some with
// sub-units) under one city, each a balanced synthetic department (synthetic_unit.hpp) of its
// own size, kind (行政 / 事业) and line of work, and optionally K known errors injected into
// their figures so a checker can be held to finding all of them and nothing else.
//
// Errors are of two kinds, one figure each, in distinct units while there are enough:
//   altered_input  a leaf figure changed (表3 基本支出 of a code, an economic code in 表6, a
//                  project's figure in 表7, a code's income in 表2): the rules reading it fail
//   broken_total   a published total changed (表3/表5/表6/表2 总计, 表1 收入总计, a 类 row)
// by at least 1.00 万元 (far beyond a rounding difference).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/city/manifest.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::city {

struct GenerateOptions {
  int departments = 100;
  uint64_t seed = 1;
  int inject_errors = 0;
  std::string format = "csv";  // csv | json | mixed (alternating)
  double subunit_share = 0.1;  // departments with sub-units of their own
  int threads = 0;
};

struct InjectedError {
  std::string unit, table, row, col, kind;
  double from = 0, to = 0;
};

struct SyntheticCity {
  Manifest manifest;
  // By manifest record: the unit's figures, nullopt for the city itself (it has none).
  std::vector<std::optional<model::UnitData>> data;
  std::vector<InjectedError> injected;
};

absl::StatusOr<SyntheticCity> GenerateCity(const model::Template& t,
                                           const GenerateOptions& options);

// Writes DIR/city.csv, DIR/units/<code>.csv|json and DIR/injected.json, each atomically.
absl::Status WriteCity(const model::Template& t, const SyntheticCity& city, const std::string& dir,
                       int threads = 0);

std::string InjectedJson(const std::vector<InjectedError>& injected);
absl::StatusOr<std::vector<InjectedError>> ReadInjectedJson(const std::string& path);

}  // namespace suan::city
