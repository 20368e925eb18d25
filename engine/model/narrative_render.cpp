#include "engine/model/narrative_render.hpp"

#include <cmath>
#include <cstdio>

#include <boost/variant/get.hpp>

#include "engine/model/narrative_match.hpp"

namespace suan::model {

namespace {

// A figure with `decimals` decimals; thousands separated unless `plain`.
std::string Number(double v, int decimals, bool plain) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string digits = buf;
  size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot), out;
  for (size_t k = 0; k < whole.size(); ++k) {
    if (!plain && k && (whole.size() - k) % 3 == 0) out += ',';
    out += whole[k];
  }
  if (dot != std::string::npos) out += digits.substr(dot);
  return (v < 0 && std::round(std::fabs(v) * std::pow(10, decimals)) != 0 ? "-" : "") + out;
}

}  // namespace

std::vector<RenderedStatement> RenderNarrative(const Template& t, const CompiledUnit& unit,
                                               const Workbook& book) {
  std::vector<RenderedStatement> out;
  for (const CompiledUnit::TextRow& row : unit.text_rows) {
    const ast::text_stmt* s = t.FindText(row.statement);
    if (!s) continue;
    auto get = [&](int32_t col) { return book.Get(unit.text_sheet, row.row, col); };
    std::string text;
    size_t k = 0;
    for (const ast::template_piece& piece : s->body.pieces) {
      if (const std::string* literal = boost::get<std::string>(&piece)) {
        text += *literal;
        continue;
      }
      const ast::placeholder& ph = boost::get<ast::placeholder>(piece);
      int32_t col = k < row.columns.size() ? row.columns[k] : -1;
      ++k;
      if (ph.kind == "skip") {
        text += "…";
      } else if (ph.kind == "label") {
        text += "〔" + s->each_table->text + "〕";
      } else if (ph.kind == "capture") {
        Value v = col >= 0 ? get(col) : Value();
        // As published: whole numbers (counts) without decimals.
        bool whole = v.is_number() && v.number() == std::floor(v.number());
        text += v.is_number() ? Number(v.number(), whole ? 0 : t.decimals, true) : "?";
      } else if (ph.kind == "expr") {
        bool percent = IsPercentFormat(ph.format);
        int decimals = FormatDecimals(ph.format, percent ? 2 : t.decimals);
        Value v = col >= 0 ? get(col) : Value();
        bool plain = !ph.format.empty() && ph.format.find(',') == std::string::npos && !percent;
        text += v.is_number() ? Number(v.number(), decimals, plain && ph.format != ",.2f") : "?";
        if (percent && v.is_number()) text += "%";
      } else if (ph.kind == "yoy") {
        // col is the change; the rate and the prior year sit next to it.
        Value change = get(col), rate = get(col + 1), prior = get(col - 1), current = get(col - 2);
        if (!change.is_number()) {
          text += "?";
          continue;
        }
        double c = change.number();
        bool no_prior = prior.number() == 0 && current.number() != 0;
        double r = no_prior ? 100 : rate.number();
        text += (c < 0 ? "减少" : "增加") + Number(std::fabs(c), t.decimals, false) + t.unit +
                "，" + (c < 0 ? "下降" : "增长") + Number(std::fabs(r), 2, false) + "%";
      }
    }
    out.push_back({row.statement, std::move(text)});
  }
  return out;
}

}  // namespace suan::model
