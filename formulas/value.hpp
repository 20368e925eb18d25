// A calculated value: what a cell holds and what expressions produce.
//
// Contract: a Value is one of empty, number, text, boolean or error. Numbers are IEEE doubles
// (Excel's own representation); text is immutable UTF-8 shared between copies, so copying a
// Value never copies characters. Errors carry an ErrorCode whose numbering follows Excel's
// ERROR.TYPE, plus #CYCLE!, which suan reports where Excel would only warn.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace suan {

enum class ErrorCode : uint8_t {
  kNull = 1,   // #NULL!
  kDiv0 = 2,   // #DIV/0!
  kValue = 3,  // #VALUE!
  kRef = 4,    // #REF!
  kName = 5,   // #NAME?
  kNum = 6,    // #NUM!
  kNA = 7,     // #N/A
  kGettingData = 8,
  kSpill = 9,   // #SPILL!
  kCalc = 14,   // #CALC!
  kCycle = 99,  // #CYCLE! (suan: a cell in a dependency cycle)
};

// "#DIV/0!" etc.
std::string_view ErrorText(ErrorCode code);
// Parses an error literal such as "#N/A" (case-insensitive); nullopt when it is not one.
std::optional<ErrorCode> ParseErrorText(std::string_view text);

enum class ValueKind : uint8_t { kEmpty = 0, kNumber, kText, kBool, kError };

class Value {
 public:
  Value() = default;  // empty
  static Value Number(double n) { return Value(ValueKind::kNumber, n); }
  static Value Bool(bool b) { return Value(ValueKind::kBool, b ? 1.0 : 0.0); }
  static Value Error(ErrorCode e) {
    Value v(ValueKind::kError, 0);
    v.error_ = e;
    return v;
  }
  static Value Text(std::string s) {
    Value v(ValueKind::kText, 0);
    v.text_ = std::make_shared<const std::string>(std::move(s));
    return v;
  }
  static Value Text(std::shared_ptr<const std::string> s) {
    Value v(ValueKind::kText, 0);
    v.text_ = std::move(s);
    return v;
  }

  ValueKind kind() const { return kind_; }
  bool is_empty() const { return kind_ == ValueKind::kEmpty; }
  bool is_number() const { return kind_ == ValueKind::kNumber; }
  bool is_text() const { return kind_ == ValueKind::kText; }
  bool is_bool() const { return kind_ == ValueKind::kBool; }
  bool is_error() const { return kind_ == ValueKind::kError; }

  // Valid for numbers; booleans read as 0/1, everything else as 0.
  double number() const { return number_; }
  bool boolean() const { return number_ != 0; }
  ErrorCode error() const { return error_; }
  // Valid for text; an empty string otherwise.
  const std::string& text() const;
  const std::shared_ptr<const std::string>& shared_text() const { return text_; }

  // Exact equality of kind and payload (text compared by bytes). Used by tests and by
  // recalculation to tell whether a cell changed; Excel's "=" is in operators.hpp.
  friend bool operator==(const Value& a, const Value& b);

  // Display form for reports and tests: numbers with up to 15 significant digits,
  // TRUE/FALSE, error literals, text as is, "" for empty.
  std::string ToString() const;

 private:
  Value(ValueKind k, double n) : kind_(k), number_(n) {}
  ValueKind kind_ = ValueKind::kEmpty;
  ErrorCode error_ = ErrorCode::kValue;
  double number_ = 0;
  std::shared_ptr<const std::string> text_;
};

// Formats a double the way Excel's General format shows it in a cell's formula bar:
// at most 15 significant digits, no trailing zeros, exponent form for very large/small.
std::string FormatNumber15(double n);

}  // namespace suan
