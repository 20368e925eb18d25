// A small JSON reader: a cursor over the text for streaming the big parts of a file (the cells
// of a workbook) without building a tree, and a plain tree (JsonValue) for the small parts.
//
// Errors name the line and column, and what was expected: "book.json:3:17: expected ',' or ']'".
// Nesting deeper than kMaxJsonDepth is an error, not a stack overflow.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace suan {

inline constexpr int kMaxJsonDepth = 200;

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> items;                            // array
  std::vector<std::pair<std::string, JsonValue>> members;  // object, in file order

  bool is_number() const { return type == Type::kNumber; }
  bool is_string() const { return type == Type::kString; }
  bool is_array() const { return type == Type::kArray; }
  bool is_object() const { return type == Type::kObject; }
  // nullptr when absent.
  const JsonValue* Find(std::string_view key) const;
};

class JsonCursor {
 public:
  JsonCursor(std::string_view text, std::string source_name)
      : begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        source_(std::move(source_name)) {}

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool AtEnd() {
    SkipSpace();
    return p_ >= end_;
  }
  // The next non-space character, or '\0' at the end.
  char Peek() {
    SkipSpace();
    return p_ < end_ ? *p_ : '\0';
  }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++p_;
    return true;
  }
  absl::Status Expect(char c, std::string_view context);
  absl::Status ReadString(std::string& out);
  absl::Status ReadNumber(double& out);
  absl::Status ReadValue(JsonValue& out, int depth = 0);
  absl::Status SkipValue() {
    JsonValue ignored;
    return ReadValue(ignored);
  }

  // "name:line:col: message"
  absl::Status Error(std::string_view message) const;
  std::string Where() const { return WhereAt(offset()); }
  // "name:line:col" of a byte offset; costs a scan of the text up to it, so call it only
  // when reporting.
  std::string WhereAt(size_t offset) const;
  size_t offset() const { return size_t(p_ - begin_); }
  std::string_view text() const { return std::string_view(begin_, size_t(end_ - begin_)); }

 private:
  const char* begin_;
  const char* p_;
  const char* end_;
  std::string source_;
};

absl::StatusOr<JsonValue> ParseJson(std::string_view text, std::string source_name);

// Writes `s` as a JSON string literal (UTF-8 kept as is, control characters escaped).
void AppendJsonString(std::string& out, std::string_view s);
// Shortest text that reads back as the same double; integers without ".0"; non-finite as null.
void AppendJsonNumber(std::string& out, double d);

}  // namespace suan
