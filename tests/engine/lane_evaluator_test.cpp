// Scenario lanes must equal applying each lane's inputs to the workbook and recalculating.
#include "engine/scenario/lane_evaluator.hpp"

#include <random>

#include "engine/io/workbook_json.hpp"
#include "engine/workbook.hpp"
#include "gtest/gtest.h"
#include "tests/support/random_workbook.hpp"

namespace suan {
namespace {

using testing::Content;
using testing::Generator;
using testing::kCols;
using testing::kRows;
using testing::kSheets;

void Fill(Workbook& book, const Content& content) {
  ASSERT_TRUE(testing::LoadContent(book, content).ok());
  book.Recalculate();
}

class LaneProperty : public ::testing::TestWithParam<uint64_t> {};

TEST_P(LaneProperty, EachLaneEqualsEditingACopy) {
  Generator gen(GetParam());
  Content content;
  for (int s = 0; s < kSheets; ++s)
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c)
        if (gen.Uniform(3) != 0) content.input[s][r][c] = gen.Input();
  Workbook base;
  Fill(base, content);
  std::string base_values = WriteValuesJson(base);

  // Inputs to vary: cells that hold constants.
  std::vector<CellAddress3> inputs;
  for (int tries = 0; tries < 400 && inputs.size() < 5; ++tries) {
    int s = int(gen.Uniform(kSheets)), r = int(gen.Uniform(kRows)), c = int(gen.Uniform(kCols));
    const std::string& in = content.input[s][r][c];
    if (in.empty() || in[0] == '=') continue;
    bool dup = false;
    for (const auto& a : inputs) dup |= a.sheet == uint32_t(s) && a.row == r && a.col == c;
    if (!dup) inputs.push_back(CellAddress3{uint32_t(s), r, c});
  }
  ASSERT_FALSE(inputs.empty());
  LaneEvaluator lanes(base);
  ASSERT_TRUE(lanes.SetInputs(inputs).ok());
  const int kLanes = 7;
  Eigen::ArrayXXd values(inputs.size(), kLanes);
  std::mt19937_64 rng(GetParam() * 31);
  for (Eigen::Index i = 0; i < values.rows(); ++i)
    for (int k = 0; k < kLanes; ++k)
      values(i, k) = k == 0 ? 0 : double(int64_t(rng() % 40000) - 8000) / 100;  // lane 0: zeros
  ASSERT_TRUE(lanes.Run(values).ok());

  for (int k = 0; k < kLanes; ++k) {
    Content edited = content;
    for (size_t i = 0; i < inputs.size(); ++i)
      edited.input[inputs[i].sheet][inputs[i].row][inputs[i].col] =
          FormatNumber15(values(Eigen::Index(i), k));
    Workbook copy;
    Fill(copy, edited);
    for (int s = 0; s < kSheets; ++s)
      for (int r = 0; r < kRows; ++r)
        for (int c = 0; c < kCols; ++c)
          ASSERT_EQ(lanes.Get(uint32_t(s), r, c, k), copy.Get(uint32_t(s), r, c))
              << "seed " << GetParam() << " lane " << k << " at S" << s + 1 << "!"
              << A1Address(r, c) << " (" << content.input[s][r][c] << ")";
  }
  // The base is untouched.
  EXPECT_EQ(WriteValuesJson(base), base_values);
}

INSTANTIATE_TEST_SUITE_P(Seeds, LaneProperty, ::testing::Range<uint64_t>(1, 31));

TEST(LaneEvaluator, RefusesFormulasAndNonFiniteInputs) {
  Workbook book;
  (void)book.AddSheet("S");
  ASSERT_TRUE(book.SetInput(0, 0, 0, "5").ok());
  ASSERT_TRUE(book.SetInput(0, 0, 1, "=A1*2").ok());
  book.Recalculate();
  LaneEvaluator lanes(book);
  absl::Status s = lanes.SetInputs({CellAddress3{0, 0, 1}});
  EXPECT_NE(s.message().find("S!B1 holds a formula, not an input"), std::string::npos) << s;
  ASSERT_TRUE(lanes.SetInputs({CellAddress3{0, 0, 0}}).ok());
  Eigen::ArrayXXd v(1, 2);
  v << 1, std::nan("");
  s = lanes.Run(v);
  EXPECT_NE(s.message().find("input S!A1 has no finite value in lane 1"), std::string::npos) << s;
  v << 1, 3;
  ASSERT_TRUE(lanes.Run(v).ok());
  EXPECT_EQ(lanes.Get(0, 0, 1, 1), Value::Number(6));
  EXPECT_EQ(book.Get(0, 0, 1), Value::Number(10));
}

}  // namespace
}  // namespace suan
