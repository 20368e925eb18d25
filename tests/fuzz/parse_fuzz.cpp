// libFuzzer target for ParseFormula. Any bytes must give either an Expr or an error located
// with "formula:line:column", never a crash, hang, exception or sanitizer report; every Expr
// must come back unchanged from ToFormulaText, and the printed text must be a fixed point.
//
// Seeds: the formulas of tests/data/parse_cases.txt, one per file, e.g.
//   mkdir -p corpus && awk '!/^#/ && NF { sub(/ (=>|==|!!) .*/, ""); print > ("corpus/" NR) }' \
//     tests/data/parse_cases.txt
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "formulas/expr.hpp"
#include "formulas/parse.hpp"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view input, std::string_view detail) {
  std::fprintf(stderr, "parse_fuzz: %s\n  input:  [%.*s]\n  detail: [%.*s]\n", what,
               static_cast<int>(input.size()), input.data(), static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

std::string_view View(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<suan::Expr> e = suan::ParseFormula(text);
  if (!e.ok()) {
    std::string_view message = View(e.status().message());
    if (e.status().code() != absl::StatusCode::kInvalidArgument ||
        message.substr(0, 8) != "formula:" || message.find('^') == std::string_view::npos)
      Fail("an error without a located message", text, message);
    return 0;
  }
  std::string printed = suan::ToFormulaText(*e);
  absl::StatusOr<suan::Expr> again = suan::ParseFormula(printed);
  if (!again.ok()) Fail("the printed formula does not parse", text, View(again.status().message()));
  if (!suan::SameFormula(*e, *again)) Fail("the printed formula parses differently", text, printed);
  if (suan::ToFormulaText(*again) != printed) Fail("printing is not a fixed point", text, printed);
  return 0;
}
