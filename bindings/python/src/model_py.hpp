// The budget model's objects as the Python module holds them, shared by model_py.cpp (models,
// units, compiled units) and city_py.cpp (cities).
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::py {

// suan.Model: a model file, read and checked.
struct PyModel {
  std::string path;
  std::unique_ptr<model::Template> t;
};
using ModelRef = std::shared_ptr<PyModel>;

// suan.Unit: one unit's figures as imported (never changed afterwards: compiled units point
// into it).
struct PyUnit {
  ModelRef model;
  model::UnitData data;
};
using UnitRef = std::shared_ptr<PyUnit>;

std::vector<std::string> TableKeys(const model::Template& t);
// Import notes as [{severity, where, table, message}].
pybind11::list Notes(const std::vector<model::ImportNote>& notes);

}  // namespace suan::py
