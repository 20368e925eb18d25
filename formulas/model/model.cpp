// The one translation unit that compiles the .suan grammar.
#include "formulas/model/config.hpp"
#include "formulas/model/model_def.hpp"

namespace suan::model::grammar {
namespace parser {
BOOST_SPIRIT_INSTANTIATE(model_type, iterator_type, context_type);
}  // namespace parser
}  // namespace suan::model::grammar
