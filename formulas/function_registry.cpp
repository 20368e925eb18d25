#include "formulas/function_registry.hpp"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "formulas/absl_compat.hpp"

namespace suan {

namespace {
std::string_view StripPrefix(std::string_view name) {
  for (std::string_view p : {"_xlfn.", "_xlws.", "_XLFN.", "_XLWS."})
    if (absl::StartsWith(ToAbsl(name), ToAbsl(p))) return name.substr(p.size());
  return name;
}
}  // namespace

const FunctionRegistry& FunctionRegistry::Builtins() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry;
    RegisterMathFunctions(*r);
    RegisterAggregateFunctions(*r);
    RegisterLogicFunctions(*r);
    RegisterConditionalFunctions(*r);
    RegisterInfoFunctions(*r);
    RegisterTextFunctions(*r);
    RegisterLookupFunctions(*r);
    RegisterDateFunctions(*r);
    return r;
  }();
  return *registry;
}

void FunctionRegistry::Add(const FunctionSpec& spec) {
  std::string key = absl::AsciiStrToUpper(ToAbsl(spec.name));
  auto it = by_name_.find(key);
  if (it != by_name_.end()) {
    specs_[size_t(it->second)] = spec;  // a later registration replaces an earlier one
    return;
  }
  by_name_.emplace(std::move(key), int(specs_.size()));
  specs_.push_back(spec);
}

int FunctionRegistry::IdOf(std::string_view name) const {
  std::string key = absl::AsciiStrToUpper(ToAbsl(StripPrefix(name)));
  auto it = by_name_.find(key);
  return it == by_name_.end() ? -1 : it->second;
}

const FunctionSpec* FunctionRegistry::Find(std::string_view name) const {
  int id = IdOf(name);
  return id < 0 ? nullptr : &specs_[size_t(id)];
}

}  // namespace suan
