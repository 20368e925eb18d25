// The one translation unit that compiles the formula grammar.
#include "formulas/grammar/config.hpp"
#include "formulas/grammar/formula_def.hpp"

namespace suan::grammar {
namespace parser {
BOOST_SPIRIT_INSTANTIATE(formula_type, iterator_type, context_type);
}  // namespace parser
}  // namespace suan::grammar
