// Every built-in, called with every kind of argument it may meet (numbers, text, booleans,
// errors, empty and omitted values, single cells, ranges, whole columns, 3-D references,
// arrays), at every allowed argument count: no crash, no exception, and an error result is
// always one of Excel's error values. Run under the sanitizer build this also catches reads
// out of bounds.
#include <chrono>
#include <cstdio>
#include <random>

#include "tests/formulas/fake_cells.hpp"

namespace suan::testing {
namespace {

class RobustnessTest : public FunctionTest {
 protected:
  void SetUp() override {
    sheet2 = cells.AddSheet("Sheet2");
    cells.Column("A1", {Num(1), Str("2"), Bool(true), Err(ErrorCode::kNA), Value(), Num(-3.5),
                        Str("社会保障"), Num(45473), Str(""), Num(1e300)});
    cells.Column("B1", {Str("b"), Num(0), Num(7), Str("*"), Num(2), Value(), Num(-1)});
    cells.Set(sheet2, 0, 0, Num(5));
  }

  std::vector<Operand> Pool() {
    return {
        Num(0),
        Num(1),
        Num(-1),
        Num(2.5),
        Num(-1e308),
        Num(1e308),
        Num(4e9),
        Num(45473),
        Str(""),
        Str("abc"),
        Str("12"),
        Str("*a?~"),
        Str("A1:B3"),
        Str(">1"),
        Str("0.00%;(0);\"z\""),
        Str("yyyy-mm-dd hh:mm:ss.000 AM/PM"),
        Str("社会保障"),
        Str("\xff\xfe"),
        Bool(true),
        Bool(false),
        Err(ErrorCode::kDiv0),
        Err(ErrorCode::kNA),
        Value(),
        Operand::Missing(),
        R("A1"),
        R("A1:A10"),
        R("A1:B7"),
        R("B1:B7"),
        R("Z99"),
        Operand(RangeRef{0, sheet2, 0, 0, 0, 0}),
        Arr(1, 3, {Num(1), Str("x"), Err(ErrorCode::kValue)}),
        Arr(2, 2, {Num(4), Num(3), Num(2), Num(1)}),
        R("A1:A5000"),  // last, and only in front: a long range (binary search trims it)
    };
  }

  uint32_t sheet2 = 0;
};

void ExpectSane(const Operand& o, const Value& checked) {
  if (o.is_value() && o.value().is_error()) {
    EXPECT_TRUE(ParseErrorText(ErrorText(o.value().error())).has_value());
  }
  (void)checked;
}

TEST_F(RobustnessTest, EveryFunctionSurvivesEveryArgumentKind) {
  const FunctionRegistry& registry = FunctionRegistry::Builtins();
  std::vector<Operand> pool = Pool();
  std::mt19937 rng(7);
  size_t calls = 0;
  for (size_t id = 0; id < registry.size(); ++id) {
    const FunctionSpec& spec = registry.Get(int(id));
    auto start = std::chrono::steady_clock::now();
    int max_args = std::min(spec.max_args, spec.min_args + 4);
    for (int n = spec.min_args; n <= max_args; ++n) {
      // Each pool entry in each position once, the other positions random.
      for (int pos = 0; pos < std::max(n, 1); ++pos) {
        for (const Operand& fixed : pool) {
          if (&fixed == &pool.back() && pos > 1) continue;
          std::vector<Operand> args;
          for (int i = 0; i < n; ++i)
            args.push_back(i == pos ? fixed : pool[rng() % (pool.size() - 1)]);
          Operand out = spec.impl(args, ctx);
          ExpectSane(out, Value());
          ++calls;
          if (n == 0) break;
        }
      }
    }
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (ms > 1000) std::printf("slow: %s %.0f ms\n", std::string(spec.name).c_str(), ms);
  }
  EXPECT_GT(calls, 10000u);
}

TEST_F(RobustnessTest, HugeArraysAreAnErrorNotAnAllocation) {
  Operand sheet = R("A:XFD");
  EXPECT_EQ(Call("SUMPRODUCT", {sheet}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("ROUND", {sheet, Num(1)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("ROUND", {R("1:1"), R("A:A")}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("TEXTJOIN", {Str(","), Bool(true), sheet}), Err(ErrorCode::kNum));
  // Walks that only visit filled cells stay fine on the whole sheet.
  EXPECT_EQ(Call("SUM", {sheet}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("COUNT", {sheet}), Num(8));
  EXPECT_EQ(Call("SUBSTITUTE", {Call("REPT", {Str("a"), Num(32767)}), Str("a"),
                                Call("REPT", {Str("b"), Num(32767)})}),
            Err(ErrorCode::kValue));
}

}  // namespace
}  // namespace suan::testing
