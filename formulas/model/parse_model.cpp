// ParseModel: runs the X3 grammar (model.hpp) and turns its failures into located messages.
#include "formulas/model/parse_model.hpp"

#include <algorithm>

#include <boost/spirit/home/x3.hpp>

#include "formulas/grammar/chars.hpp"
#include "formulas/model/config.hpp"
#include "formulas/model/model.hpp"
#include "formulas/parse.hpp"

namespace suan::model {

namespace {

namespace x3 = boost::spirit::x3;

bool Contains(const std::string& text, const char* at) {
  return at >= text.data() && at <= text.data() + text.size();
}

// X3 reports an expectation failure where the expected parser started, before it skipped
// spaces and comments; the token to show is the one after them.
const char* SkipBlanks(const char* at, const char* last) {
  while (at < last) {
    if (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r' || *at == '\f' || *at == '\v') {
      ++at;
    } else if (*at == '#') {
      while (at < last && *at != '\n') ++at;
    } else {
      break;
    }
  }
  return at;
}

}  // namespace

int ModelSource::Line(const char* at) const {
  if (!text || !at || !Contains(*text, at)) return 0;
  return 1 + int(std::count(text->data(), at, '\n'));
}

std::string ModelSource::TokenAt(const char* at) const {
  if (!text || !at || !Contains(*text, at)) return "?";
  std::string_view rest(at, size_t(text->data() + text->size() - at));
  if (rest.empty()) return "the end of the file";
  if (rest[0] == '\n' || rest[0] == '\r') return "the end of the line";
  size_t n = 0;
  while (n < rest.size() && n < 80) {
    size_t k = suan::grammar::NameCharLength(rest, n);
    if (k == 0 || rest[n] == '.') break;
    n += k;
  }
  if (n == 0) {
    // One character (a whole UTF-8 sequence).
    size_t i = 0;
    suan::grammar::DecodeChar(rest, i);
    n = i;
  }
  return "'" + std::string(rest.substr(0, n)) + "'";
}

std::string ModelSource::Message(const char* at, std::string_view why) const {
  if (!text || !at || !Contains(*text, at)) return name + ": " + std::string(why);
  const char* begin = text->data();
  const char* end = begin + text->size();
  const char* line_start = at;
  while (line_start > begin && line_start[-1] != '\n') --line_start;
  const char* line_end = at;
  while (line_end < end && *line_end != '\n') ++line_end;
  std::string_view line(line_start, size_t(line_end - line_start));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return CaretMessage(name, Line(at), line, size_t(at - line_start), why);
}

absl::StatusOr<ModelSource> ParseModel(std::string text, std::string source_name) {
  ModelSource source;
  source.name = std::move(source_name);
  if (text.size() > kMaxModelBytes) {
    return absl::InvalidArgumentError(source.name + ": the model is larger than 16 MiB");
  }
  // A UTF-8 byte order mark is not part of the first statement.
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0)
    text[0] = text[1] = text[2] = ' ';
  source.text = std::make_shared<const std::string>(std::move(text));
  const char* first = source.text->data();
  const char* last = first + source.text->size();
  try {
    bool ok = x3::phrase_parse(first, last, grammar::model(), grammar::skipper, source.tree);
    if (!ok) {
      return absl::InvalidArgumentError(
          source.Message(first,
                         "expected a statement (unit, decimals, tolerance, codes, table, check, "
                         "text or include) but found " +
                             source.TokenAt(first)));
    }
  } catch (const x3::expectation_failure<const char*>& e) {
    // Inside a quoted template blanks are text: the failure is where X3 says.
    const char* where =
        e.which().find("'\"'") != std::string::npos ? e.where() : SkipBlanks(e.where(), last);
    return absl::InvalidArgumentError(
        source.Message(where, "expected " + e.which() + " but found " + source.TokenAt(where)));
  } catch (const grammar::syntax_error& e) {
    return absl::InvalidArgumentError(source.Message(e.where, e.message));
  }
  return source;
}

}  // namespace suan::model
