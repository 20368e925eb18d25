// A city's manifest: the units (city, departments, sub-units) of a folder, each with its
// parent and the file holding its figures.
//
//   city.csv   code,name,parent,file[,any other column]
//              650000,昌吉市,,
//              D0001,人力资源和社会保障局,650000,units/D0001.csv
//   city.json  {"units":[{"code":"D0001","name":"…","parent":"650000","file":"units/D0001.csv",
//               "kind":"行政"}, …]}
//
// `file` is relative to the folder and may be empty for a unit that only consolidates its
// members (the city itself). Columns beyond the four are kept as attributes, which selection
// roll-ups (选择汇总) can test. Reading checks the form of each record; the tree's own rules
// (unique codes, known parents, no cycle) are unit_tree.hpp's.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace suan::city {

struct UnitEntry {
  std::string code;
  std::string name;
  std::string parent;  // "" for a root
  std::string file;    // relative to the manifest's folder; "" when the unit has no own figures
  std::map<std::string, std::string> attributes;
  std::string where;  // "city.csv:7" or "city.json: units[5]", for messages
};

struct Manifest {
  std::string dir;   // the folder
  std::string path;  // the manifest file read
  std::vector<UnitEntry> units;
};

// Reads DIR/city.csv or, failing that, DIR/city.json. Errors: the folder is missing or empty,
// there is no manifest, a record lacks a code, a column is missing, the manifest lists no unit.
absl::StatusOr<Manifest> ReadManifest(const std::string& dir);

// The same from text already read; `name` (ending in .json or not) picks the form.
absl::StatusOr<Manifest> ParseManifest(std::string_view text, const std::string& name,
                                       const std::string& dir);

// The manifest as CSV (what `suan generate` writes).
std::string WriteManifestCsv(const Manifest& manifest);

}  // namespace suan::city
