// Formula parsing and compilation on typical budget formulas.
#include "benchmark/benchmark.h"
#include "formulas/parse.hpp"
#include "formulas/program.hpp"

namespace suan::bench {
namespace {

const char* kFormulas[] = {
    "=ROUND(B5/B$3*100,2)",
    "=IF(K5=0,0,ROUND((B5-K5)/K5*100,2))",
    "=SUM(C5:J5)",
    "=SUM(Dept_0001:Dept_0500!C5)",
    "=IF(ABS(B70)<0.005,\"平衡\",\"不平衡\")",
    "=SUMIFS('部门 预算'!$D$2:$D$900,'部门 预算'!$A$2:$A$900,\">=208\",表3!B:B,\"<>\")",
};

void BM_ParseFormula(benchmark::State& state) {
  const char* f = kFormulas[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(ParseFormula(f));
  state.SetLabel(f);
}
BENCHMARK(BM_ParseFormula)->DenseRange(0, 5);

void BM_CompileFormula(benchmark::State& state) {
  auto e = ParseFormula(kFormulas[state.range(0)]);
  CompileEnv env;
  env.find_sheet = [](std::string_view) -> std::optional<uint32_t> { return 0; };
  for (auto _ : state) benchmark::DoNotOptimize(CompileFormula(*e, 0, 4, 1, env));
  state.SetLabel(kFormulas[state.range(0)]);
}
BENCHMARK(BM_CompileFormula)->DenseRange(0, 5);

}  // namespace
}  // namespace suan::bench
