// References that name another unit (人社局!表1[收入总计]): resolved in the named unit's
// figures when they are given, skipped with the reason when they are not, checked against the
// template when the model loads; [@] means the row of the same identity over there.

#include "engine/model/other_units.hpp"
#include "engine/model/unit_file.hpp"
#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"
#include "tests/support/test_files.hpp"

namespace suan::model {
namespace {

using namespace testing;

// One table, and a check of every row against the same row of a unit named 下属.
constexpr char kModel[] = R"(unit 万元
decimals 2
tolerance 0.01
table 表A "测试表" {
  col 金额 "金额"
  row 甲 "甲"
  row 乙 "乙"
  row 合计 "合计"
  [合计] = [甲] + [乙]
  check 同行 "不小于下属同一行" each row: 金额 >= 下属!表A[@].金额
}
)";

std::string TempFile(const std::string& name, const std::string& text) {
  std::string path = test_support::TempDir() + "/suan-unit-ref/" + name;
  test_support::WriteFile(path, text);
  return path;
}

std::unique_ptr<Template> Load(const std::string& text) {
  absl::StatusOr<std::unique_ptr<Template>> t = LoadTemplate(TempFile("model.suan", text));
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *std::move(t) : nullptr;
}

// kModel with its check reading the unit `name` instead of 下属.
std::unique_ptr<Template> LoadNaming(const std::string& name) {
  std::string model = kModel;
  model.replace(model.find("下属!"), std::string("下属!").size(), name + "!");
  return Load(model);
}

UnitData Unit(const Template& t, const std::string& name, const std::string& csv) {
  absl::StatusOr<UnitData> u = LoadUnitFile(t, TempFile(name + ".csv", csv));
  EXPECT_TRUE(u.ok()) << u.status();
  return u.ok() ? *std::move(u) : UnitData::For(t);
}

Checked CheckWith(const Template& t, const UnitData& unit, const OtherUnits* others) {
  CompileOptions options;
  options.other_units = others;
  return Check(t, unit, options);
}

// The unit checked, and the unit it names: 下属 has more in 乙 (4 > 3).
constexpr char kUpper[] =
    "# unit: 上级单位\ntable,row,column,value\n表A,甲,金额,5\n表A,乙,金额,3\n表A,合计,金额,8\n";
constexpr char kLower[] =
    "# unit: 下属单位\ntable,row,column,value\n表A,甲,金额,2\n表A,乙,金额,4\n表A,合计,金额,6\n";

TEST(UnitReference, ReadsTheSameRowOfTheNamedUnit) {
  std::unique_ptr<Template> t = Load(kModel);
  ASSERT_TRUE(t);
  UnitData upper = Unit(*t, "upper", kUpper);
  UnitData lower = Unit(*t, "lower", kLower);
  UnitList others;
  others.Add("下属", &lower);
  Checked c = CheckWith(*t, upper, &others);
  ASSERT_TRUE(c.Find("同行@甲") && c.Find("同行@乙") && c.Find("同行@合计"));
  EXPECT_EQ(c.Find("同行@甲")->status, "exact");
  EXPECT_DOUBLE_EQ(c.Find("同行@甲")->rhs, 2);
  EXPECT_EQ(c.Find("同行@乙")->status, "failed");  // 3 < 4
  EXPECT_DOUBLE_EQ(c.Find("同行@乙")->rhs, 4);
  EXPECT_EQ(c.Find("同行@合计")->status, "exact");
  EXPECT_DOUBLE_EQ(c.Find("同行@合计")->rhs, 6);
  // The report says whose table it read.
  const std::vector<std::string>& tables = c.Find("同行@乙")->check->tables;
  EXPECT_NE(std::find(tables.begin(), tables.end(), "下属!表A"), tables.end());
  EXPECT_EQ(c.unit.named_units, std::vector<std::string>{"下属"});
  // The named unit is found by its organisation's name as well.
  UnitList by_name;
  by_name.Add("D9", &lower);
  std::unique_ptr<Template> t2 = Load(std::string(kModel).replace(
      std::string(kModel).find("下属!"), std::string("下属!").size(), "下属单位!"));
  ASSERT_TRUE(t2);
  Checked named = CheckWith(*t2, upper, &by_name);
  ASSERT_TRUE(named.Find("同行@乙"));
  EXPECT_EQ(named.Find("同行@乙")->status, "failed");
}

TEST(UnitReference, ARowTheNamedUnitLacksIsNotGuessed) {
  std::unique_ptr<Template> t = Load(kModel);
  ASSERT_TRUE(t);
  UnitData upper = Unit(*t, "upper", kUpper);
  UnitData lower = Unit(*t, "lower",
                        "# unit: 下属单位\ntable,row,column,value\n"
                        "表A,甲,金额,2\n表A,合计,金额,2\n");
  UnitList others;
  others.Add("下属", &lower);
  Checked c = CheckWith(*t, upper, &others);
  ASSERT_TRUE(c.Find("同行@乙"));
  EXPECT_EQ(c.Find("同行@乙")->status, "skipped");
  EXPECT_NE(c.Find("同行@乙")->check->reason.find("下属"), std::string::npos)
      << c.Find("同行@乙")->check->reason;
}

TEST(UnitReference, AUnitNotGivenSkipsTheCheckAndSaysWhy) {
  std::unique_ptr<Template> t = Load(kModel);
  ASSERT_TRUE(t);
  UnitData upper = Unit(*t, "upper", kUpper);
  Checked alone = CheckWith(*t, upper, nullptr);
  EXPECT_EQ(alone.summary.failed, 0);
  ASSERT_TRUE(alone.Find("同行@甲"));
  EXPECT_EQ(alone.Find("同行@甲")->status, "skipped");
  EXPECT_NE(alone.Find("同行@甲")->check->reason.find("'下属'"), std::string::npos)
      << alone.Find("同行@甲")->check->reason;
  EXPECT_TRUE(alone.unit.names_other_units);
  UnitList others;
  UnitData stranger = UnitData::For(*t);
  others.Add("别的", &stranger);
  Checked wrong = CheckWith(*t, upper, &others);
  ASSERT_TRUE(wrong.Find("同行@甲"));
  EXPECT_EQ(wrong.Find("同行@甲")->status, "skipped");
  EXPECT_NE(wrong.Find("同行@甲")->check->reason.find("no unit '下属'"), std::string::npos)
      << wrong.Find("同行@甲")->check->reason;
}

TEST(UnitReference, ANameTwoUnitsShareIsNotGuessed) {
  std::unique_ptr<Template> t = LoadNaming("下属单位");
  ASSERT_TRUE(t);
  UnitData upper = Unit(*t, "upper", kUpper);
  UnitData lower = Unit(*t, "lower", kLower);
  UnitData twin = Unit(*t, "twin", kLower);
  UnitList others;
  others.Add("D1", &lower);
  others.Add("D2", &twin);
  Checked c = CheckWith(*t, upper, &others);
  ASSERT_TRUE(c.Find("同行@乙"));
  EXPECT_EQ(c.Find("同行@乙")->status, "skipped");
  EXPECT_NE(c.Find("同行@乙")->check->reason.find("two units are named '下属单位' (D1, D2)"),
            std::string::npos)
      << c.Find("同行@乙")->check->reason;
}

TEST(UnitReference, AGridCheckCannotReadAnotherUnit) {
  std::string model = std::string(kModel) +
                      "grid 绩效 \"项目绩效表\" {\n  field 金额 \"金额\"\n"
                      "  check 名 \"同名\": 金额 = 下属!表A[甲].金额\n}\n";
  absl::StatusOr<std::unique_ptr<Template>> t = LoadTemplate(TempFile("grid-model.suan", model));
  ASSERT_FALSE(t.ok());
  std::string message(t.status().message());
  EXPECT_NE(message.find("grid-model.suan:14:"), std::string::npos) << message;
  EXPECT_NE(message.find("a grid's check cannot read another unit's cells (下属!…)"),
            std::string::npos)
      << message;
}

TEST(UnitReference, TheUnitsOwnNameMeansItself) {
  std::unique_ptr<Template> t = LoadNaming("上级单位");
  ASSERT_TRUE(t);
  UnitData upper = Unit(*t, "upper", kUpper);
  Checked c = CheckWith(*t, upper, nullptr);
  EXPECT_EQ(c.summary.failed, 0);
  ASSERT_TRUE(c.Find("同行@乙"));
  EXPECT_EQ(c.Find("同行@乙")->status, "exact");
  EXPECT_FALSE(c.unit.names_other_units);
}

TEST(UnitReference, NamesAfterTheUnitAreCheckedWhenTheModelLoads) {
  std::string model = kModel;
  model.replace(model.find("下属!表A[@]"), std::string("下属!表A[@]").size(), "下属!表Z[@]");
  absl::StatusOr<std::unique_ptr<Template>> t = LoadTemplate(TempFile("bad-model.suan", model));
  ASSERT_FALSE(t.ok());
  std::string message(t.status().message());
  EXPECT_NE(message.find("bad-model.suan:10:"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown table '表Z'"), std::string::npos) << message;
}

TEST(UnitReference, CheckCommandTakesOtherUnitsWith) {
  std::string model = TempFile("cli-model.suan", kModel);
  std::string upper = TempFile("上级.csv", kUpper);
  std::string lower = TempFile("下属.csv", kLower);
  std::string out;
  // The other unit is known by its file's name without extension.
  EXPECT_EQ(
      RunSuan("check '" + upper + "' --model '" + model + "' --json --with '" + lower + "'", &out),
      1);
  EXPECT_NE(out.find("\"failed\":1"), std::string::npos) << out;
  EXPECT_NE(out.find("下属!表A"), std::string::npos) << out;
  EXPECT_EQ(RunSuan("check '" + upper + "' --model '" + model + "' --json", &out), 0);
  EXPECT_NE(out.find("\"skipped\":3"), std::string::npos) << out;
  EXPECT_EQ(
      RunSuan("check '" + upper + "' --model '" + model + "' --json --with /nonexistent.csv", &out),
      2);
  EXPECT_NE(out.find("--with /nonexistent.csv"), std::string::npos) << out;
}

}  // namespace
}  // namespace suan::model
