#include "engine/model/narrative_match.hpp"

#include <boost/variant/get.hpp>
#include <charconv>

#include "engine/model/labels.hpp"

namespace suan::model {

bool IsPercentFormat(const std::string& format) {
  return !format.empty() && format.back() == '%';
}

int FormatDecimals(const std::string& format, int fallback) {
  if (format == "d") return 0;
  size_t dot = format.find('.');
  if (dot == std::string::npos) return fallback;
  int n = 0;
  for (size_t i = dot + 1; i < format.size() && format[i] >= '0' && format[i] <= '9'; ++i) {
    n = n * 10 + (format[i] - '0');
  }
  return n;
}

namespace {

struct Token {
  enum class Kind { kLiteral, kFigure, kYoy, kLabel, kSkip, kCapture };
  Kind kind = Kind::kLiteral;
  std::u32string literal;
  int slot = -1;  // index of the placeholder
  bool percent = false;
};

std::vector<Token> Tokenize(const ast::text_template& body) {
  std::vector<Token> tokens;
  int slot = 0;
  for (const ast::template_piece& piece : body.pieces) {
    if (const std::string* text = boost::get<std::string>(&piece)) {
      std::u32string lit = ToU32(Squash(*text));
      if (lit.empty()) continue;
      if (!tokens.empty() && tokens.back().kind == Token::Kind::kLiteral) {
        tokens.back().literal += lit;
      } else {
        tokens.push_back({Token::Kind::kLiteral, lit, -1, false});
      }
      continue;
    }
    const ast::placeholder& ph = boost::get<ast::placeholder>(piece);
    Token t;
    t.slot = slot++;
    if (ph.kind == "yoy") {
      t.kind = Token::Kind::kYoy;
    } else if (ph.kind == "label") {
      t.kind = Token::Kind::kLabel;
    } else if (ph.kind == "skip") {
      t.kind = Token::Kind::kSkip;
    } else if (ph.kind == "capture") {
      t.kind = Token::Kind::kCapture;
    } else {
      t.kind = Token::Kind::kFigure;
      t.percent = IsPercentFormat(ph.format);
    }
    tokens.push_back(std::move(t));
  }
  return tokens;
}

bool IsDigit(char32_t c) {
  return c >= '0' && c <= '9';
}

// A printed number at s[pos]: -1,234.56 (thousands groups of three), .5 is not one.
bool ReadNumber(const std::u32string& s, size_t pos, size_t* end, double* value) {
  size_t i = pos;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == 0x2212)) {
    negative = true;
    ++i;
  }
  std::string digits;
  while (i < s.size() && IsDigit(s[i])) digits.push_back(char(s[i++]));
  if (digits.empty()) return false;
  // Thousands groups only when the first group has at most three digits.
  if (digits.size() <= 3) {
    while (i + 3 < s.size() && s[i] == ',' && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) &&
           IsDigit(s[i + 3]) && (i + 4 >= s.size() || !IsDigit(s[i + 4]))) {
      digits.append({char(s[i + 1]), char(s[i + 2]), char(s[i + 3])});
      i += 4;
    }
  }
  if (i + 1 < s.size() && s[i] == '.' && IsDigit(s[i + 1])) {
    digits.push_back('.');
    ++i;
    while (i < s.size() && IsDigit(s[i])) digits.push_back(char(s[i++]));
  }
  double v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size()) return false;
  *value = negative ? -v : v;
  *end = i;
  return true;
}

bool At(const std::u32string& s, size_t pos, std::u32string_view word) {
  return s.compare(pos, word.size(), word) == 0;
}

// 增加/减少 N 万元[，增长/下降 P%] or 持平: the clause of a year-on-year change.
bool ReadYoy(const std::u32string& s, size_t pos, size_t* end, YearOnYear* yoy) {
  static const std::pair<std::u32string_view, int> kVerbs[] = {
      {U"增加", 1}, {U"增长", 1}, {U"减少", -1}, {U"下降", -1}, {U"降低", -1}};
  for (std::u32string_view flat : {U"持平", U"一致", U"相同", U"无变化", U"没有变化"}) {
    if (At(s, pos, flat)) {
      *yoy = YearOnYear{};
      yoy->verb = FromU32(flat);
      *end = pos + flat.size();
      return true;
    }
  }
  int sign = 0;
  size_t i = pos;
  for (auto [verb, sg] : kVerbs) {
    if (At(s, i, verb)) {
      sign = sg;
      yoy->verb = FromU32(verb);
      i += verb.size();
      break;
    }
  }
  if (sign == 0) return false;
  double delta = 0;
  size_t after = 0;
  if (!ReadNumber(s, i, &after, &delta)) return false;
  i = after;
  double scale = 1;
  if (At(s, i, U"万元")) {
    i += 2;
  } else if (At(s, i, U"亿元")) {
    i += 2;
    scale = 1e4;
  } else if (At(s, i, U"元")) {
    i += 1;
    scale = 1e-4;
  } else {
    return false;
  }
  yoy->delta = sign * delta * scale;
  yoy->has_rate = false;
  yoy->verbs_agree = true;
  *end = i;
  // The rate, after a comma: "，增长87.67%".
  size_t j = i;
  if (j < s.size() && (s[j] == ',' || s[j] == 0x3001)) ++j;
  for (auto [verb, sg] : kVerbs) {
    if (!At(s, j, verb)) continue;
    double rate = 0;
    size_t k = j + verb.size();
    size_t rate_end = 0;
    if (!ReadNumber(s, k, &rate_end, &rate) || rate_end >= s.size() || s[rate_end] != '%') break;
    yoy->rate = sg * rate;
    yoy->rate_verb = FromU32(verb);
    yoy->has_rate = true;
    yoy->verbs_agree = sg == sign;
    *end = rate_end + 1;
    break;
  }
  return true;
}

class Matcher {
 public:
  Matcher(const std::vector<Token>& tokens, const std::u32string& text, size_t slot_count)
      : tokens_(tokens), text_(text), slots_(slot_count) {}

  // Matches the tokens from `start`; on success the end of the match.
  bool Match(size_t start, size_t* end) { return Step(0, start, end); }
  std::vector<SlotCapture>& slots() { return slots_; }

 private:
  bool Step(size_t t, size_t pos, size_t* end) {
    if (++steps_ > 200000) return false;  // a pathological template: give up, not hang
    if (t == tokens_.size()) {
      *end = pos;
      return true;
    }
    const Token& tok = tokens_[t];
    switch (tok.kind) {
      case Token::Kind::kLiteral:
        if (!At(text_, pos, tok.literal)) return false;
        return Step(t + 1, pos + tok.literal.size(), end);
      case Token::Kind::kFigure:
      case Token::Kind::kCapture: {
        double v = 0;
        size_t after = 0;
        if (!ReadNumber(text_, pos, &after, &v)) return false;
        if (after < text_.size() && text_[after] == '%' &&
            (tok.percent || tok.kind == Token::Kind::kCapture)) {
          ++after;
        }
        SlotCapture saved = slots_[size_t(tok.slot)];
        slots_[size_t(tok.slot)].found = true;
        slots_[size_t(tok.slot)].value = v;
        if (Step(t + 1, after, end)) return true;
        slots_[size_t(tok.slot)] = saved;
        return false;
      }
      case Token::Kind::kYoy: {
        YearOnYear yoy;
        size_t after = 0;
        if (!ReadYoy(text_, pos, &after, &yoy)) return false;
        SlotCapture saved = slots_[size_t(tok.slot)];
        slots_[size_t(tok.slot)].found = true;
        slots_[size_t(tok.slot)].yoy = yoy;
        if (Step(t + 1, after, end)) return true;
        slots_[size_t(tok.slot)] = saved;
        return false;
      }
      case Token::Kind::kLabel:
      case Token::Kind::kSkip: {
        bool label = tok.kind == Token::Kind::kLabel;
        for (size_t n = label ? 1 : 0; pos + n <= text_.size(); ++n) {
          // A name is one clause: never across a full stop, ',' ';' or ':'. {*} may skip
          // whole sentences of its paragraph.
          char32_t last = n > 0 ? text_[pos + n - 1] : 0;
          if (label && (last == 0x3002 || last == ',' || last == ';' || last == ':')) break;
          if (Step(t + 1, pos + n, end)) {
            if (label) {
              slots_[size_t(tok.slot)].found = true;
              slots_[size_t(tok.slot)].text = FromU32(text_.substr(pos, n));
            }
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }

  const std::vector<Token>& tokens_;
  const std::u32string& text_;
  std::vector<SlotCapture> slots_;
  size_t steps_ = 0;
};

bool UnderHeading(const ast::text_stmt& s, const Paragraph& p) {
  if (s.in_headings.empty()) return true;
  std::string heading = Squash(p.heading);
  for (const ast::text& h : s.in_headings) {
    if (heading.find(Squash(h.value)) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::vector<SentenceMatch> MatchStatement(const ast::text_stmt& statement,
                                          const std::vector<Paragraph>& paragraphs) {
  std::vector<SentenceMatch> out;
  std::vector<Token> tokens = Tokenize(statement.body);
  if (tokens.empty()) return out;
  size_t slot_count = 0;
  for (const ast::template_piece& piece : statement.body.pieces) {
    if (boost::get<ast::placeholder>(&piece)) ++slot_count;
  }
  bool each = statement.each_table.has_value();
  // A template that starts with {*} is read from the start of a paragraph; one that starts with
  // {@} from the start or after a list separator (a name is a whole clause: "：社会保障和就业
  // 支出5,220.62万元；卫生健康支出…").
  bool skip_first = tokens[0].kind == Token::Kind::kSkip;
  bool label_first = tokens[0].kind == Token::Kind::kLabel;
  auto boundary = [](char32_t c) {
    return c == ':' || c == ';' || c == ',' || c == 0x3002 || c == 0x3001 || c == 0xFF1B;
  };
  for (size_t k = 0; k < paragraphs.size(); ++k) {
    const Paragraph& p = paragraphs[k];
    if (!UnderHeading(statement, p)) continue;
    std::u32string text = ToU32(Squash(p.text));
    size_t pos = 0;
    while (pos < text.size()) {
      size_t start = pos;
      if (tokens[0].kind == Token::Kind::kLiteral) {
        start = text.find(tokens[0].literal, pos);
        if (start == std::u32string::npos) break;
      } else if (label_first && start > 0) {
        while (start < text.size() && !boundary(text[start - 1])) ++start;
        if (start >= text.size()) break;
      }
      Matcher m(tokens, text, slot_count);
      size_t end = 0;
      if (m.Match(start, &end) && end > start) {
        SentenceMatch match;
        match.paragraph = k;
        match.line = p.line;
        match.sentence = p.text;
        match.slots = std::move(m.slots());
        out.push_back(std::move(match));
        if (!each) return out;
        pos = end;
        if (skip_first) break;
        continue;
      }
      if (skip_first) break;
      pos = start + 1;
    }
  }
  return out;
}

}  // namespace suan::model
