#include "engine/io/json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "formulas/absl_compat.hpp"

namespace suan {

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

std::string JsonCursor::WhereAt(size_t offset) const {
  const char* at = begin_ + std::min(offset, size_t(end_ - begin_));
  int line = 1;
  const char* line_start = begin_;
  for (const char* q = begin_; q < at; ++q)
    if (*q == '\n') {
      ++line;
      line_start = q + 1;
    }
  return absl::StrCat(source_, ":", line, ":", (at - line_start) + 1);
}

absl::Status JsonCursor::Error(std::string_view message) const {
  std::string what =
      p_ >= end_ ? "the file ends" : absl::StrCat("found '", std::string(1, *p_), "'");
  return absl::InvalidArgumentError(absl::StrCat(Where(), ": ", ToAbsl(message), " (", what, ")"));
}

absl::Status JsonCursor::Expect(char c, std::string_view context) {
  if (Consume(c)) return absl::OkStatus();
  return Error(absl::StrCat("expected '", std::string(1, c), "' ", ToAbsl(context)));
}

namespace {
void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(char(cp));
  } else if (cp < 0x800) {
    out.push_back(char(0xC0 | (cp >> 6)));
    out.push_back(char(0x80 | (cp & 63)));
  } else if (cp < 0x10000) {
    out.push_back(char(0xE0 | (cp >> 12)));
    out.push_back(char(0x80 | ((cp >> 6) & 63)));
    out.push_back(char(0x80 | (cp & 63)));
  } else {
    out.push_back(char(0xF0 | (cp >> 18)));
    out.push_back(char(0x80 | ((cp >> 12) & 63)));
    out.push_back(char(0x80 | ((cp >> 6) & 63)));
    out.push_back(char(0x80 | (cp & 63)));
  }
}
}  // namespace

absl::Status JsonCursor::ReadString(std::string& out) {
  if (Peek() != '"') return Error("expected a string");
  ++p_;
  out.clear();
  while (true) {
    const char* run = p_;
    while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20) ++p_;
    out.append(run, size_t(p_ - run));
    if (p_ >= end_) return Error("unterminated string");
    char c = *p_;
    if (c == '"') {
      ++p_;
      return absl::OkStatus();
    }
    if (c != '\\') return Error("control character inside a string");
    ++p_;
    if (p_ >= end_) return Error("unterminated string");
    char e = *p_++;
    switch (e) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        auto hex4 = [&](uint32_t& v) -> bool {
          if (end_ - p_ < 4) return false;
          v = 0;
          for (int i = 0; i < 4; ++i) {
            char h = *p_++;
            v <<= 4;
            if (h >= '0' && h <= '9')
              v |= uint32_t(h - '0');
            else if (h >= 'a' && h <= 'f')
              v |= uint32_t(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
              v |= uint32_t(h - 'A' + 10);
            else
              return false;
          }
          return true;
        };
        uint32_t cp;
        if (!hex4(cp)) return Error("bad \\u escape");
        if (cp >= 0xD800 && cp < 0xDC00 && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
          p_ += 2;
          uint32_t lo;
          if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return Error("bad surrogate pair");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        AppendUtf8(out, cp);
        break;
      }
      default:
        --p_;
        return Error("bad escape in string");
    }
  }
}

absl::Status JsonCursor::ReadNumber(double& out) {
  SkipSpace();
  const char* start = p_;
  if (p_ < end_ && *p_ == '-') ++p_;
  auto digits = [&] {
    const char* s = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ > s;
  };
  if (!digits()) {
    p_ = start;
    return Error("expected a number");
  }
  if (p_ < end_ && *p_ == '.') {
    ++p_;
    if (!digits()) return Error("expected digits after '.'");
  }
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    ++p_;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (!digits()) return Error("expected digits in exponent");
  }
  auto [ptr, ec] = std::from_chars(start, p_, out);
  if (ec == std::errc::result_out_of_range) {
    p_ = start;
    return Error("number out of range");
  }
  if (ec != std::errc() || ptr != p_) {
    p_ = start;
    return Error("bad number");
  }
  return absl::OkStatus();
}

absl::Status JsonCursor::ReadValue(JsonValue& out, int depth) {
  if (depth > kMaxJsonDepth) return Error("JSON nested too deeply");
  char c = Peek();
  out = JsonValue();
  switch (c) {
    case '{': {
      ++p_;
      out.type = JsonValue::Type::kObject;
      if (Consume('}')) return absl::OkStatus();
      do {
        std::string key;
        if (auto s = ReadString(key); !s.ok()) return s;
        if (auto s = Expect(':', "after an object key"); !s.ok()) return s;
        out.members.emplace_back(std::move(key), JsonValue());
        if (auto s = ReadValue(out.members.back().second, depth + 1); !s.ok()) return s;
      } while (Consume(','));
      return Expect('}', "to close an object (or ',')");
    }
    case '[': {
      ++p_;
      out.type = JsonValue::Type::kArray;
      if (Consume(']')) return absl::OkStatus();
      do {
        out.items.emplace_back();
        if (auto s = ReadValue(out.items.back(), depth + 1); !s.ok()) return s;
      } while (Consume(','));
      return Expect(']', "to close an array (or ',')");
    }
    case '"':
      out.type = JsonValue::Type::kString;
      return ReadString(out.string);
    case 't':
    case 'f':
    case 'n': {
      std::string_view rest(p_, size_t(end_ - p_));
      for (std::string_view word : {"true", "false", "null"}) {
        if (rest.substr(0, word.size()) == word) {
          p_ += word.size();
          if (word == "null") return absl::OkStatus();
          out.type = JsonValue::Type::kBool;
          out.boolean = word == "true";
          return absl::OkStatus();
        }
      }
      return Error("expected a value");
    }
    default:
      if (c == '-' || (c >= '0' && c <= '9')) {
        out.type = JsonValue::Type::kNumber;
        return ReadNumber(out.number);
      }
      return Error("expected a value");
  }
}

absl::StatusOr<JsonValue> ParseJson(std::string_view text, std::string source_name) {
  JsonCursor cur(text, std::move(source_name));
  JsonValue v;
  if (auto s = cur.ReadValue(v); !s.ok()) return s;
  if (!cur.AtEnd()) return cur.Error("unexpected text after the JSON value");
  return v;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void AppendJsonNumber(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, ptr);
}

}  // namespace suan
