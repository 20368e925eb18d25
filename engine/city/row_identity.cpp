#include "engine/city/row_identity.hpp"

#include "absl/strings/str_cat.h"

namespace suan::city {

std::string RowIdentity(int table, int part, model::RowKind kind, const std::string& key,
                        const std::string& code) {
  switch (kind) {
    case model::RowKind::kFixed:
      return absl::StrCat(table, "|", part, "|f|", key);
    case model::RowKind::kCode:
      return absl::StrCat(table, "|", part, "|c|", code.empty() ? key : code);
    case model::RowKind::kItem:
      break;
  }
  return absl::StrCat(table, "|", part, "|i|", key, "|", code);
}

std::string RowIdentity(int table, int part, const model::UnitRow& row) {
  return RowIdentity(table, part, row.kind, row.key, row.code);
}

}  // namespace suan::city
