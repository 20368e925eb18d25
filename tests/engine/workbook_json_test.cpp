// Reading workbook JSON, and what bad input of every kind reports.
#include "engine/io/workbook_json.hpp"

#include "gtest/gtest.h"
#include "tests/support/test_files.hpp"

namespace suan {
namespace {

absl::Status Load(const std::string& text, Workbook& book, WorkbookJsonExtras* extras = nullptr) {
  auto r = ReadWorkbookJson(text, "book.json", book);
  if (r.ok() && extras) *extras = *r;
  return r.status();
}

TEST(WorkbookJson, ReadsSheetsCellsAndOtherMembers) {
  Workbook book;
  WorkbookJsonExtras extras;
  ASSERT_TRUE(Load(R"({"sheets":[{"name":"A","cells":[[0,0,1.5],[0,1,"=A1*2"],[1,0,"t"],
    [1,1,true],[2,0,null]]},{"name":"表3","cells":[[0,0,"=A!B1+1"]]}],"target":[1,0,0]})",
                   book, &extras)
                  .ok());
  book.Recalculate();
  EXPECT_EQ(book.Get(0, 0, 1), Value::Number(3));
  EXPECT_EQ(book.Get(0, 1, 0), Value::Text("t"));
  EXPECT_EQ(book.Get(0, 1, 1), Value::Bool(true));
  EXPECT_EQ(book.Get(1, 0, 0), Value::Number(4));
  ASSERT_NE(extras.others.Find("target"), nullptr);
  EXPECT_EQ(extras.formulas_read, 2u);
}

TEST(WorkbookJson, CellsBeforeNameStillLoad) {
  Workbook book;
  ASSERT_TRUE(Load(R"({"sheets":[{"cells":[[0,0,2],[0,1,"=A1+1"]],"name":"S"}]})", book).ok());
  book.Recalculate();
  EXPECT_EQ(book.Get(0, 0, 1), Value::Number(3));
}

struct BadCase {
  const char* name;
  const char* json;
  const char* message;  // a part of the error message
};

class BadJson : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadJson, IsAnErrorThatSaysWhereAndWhy) {
  Workbook book;
  absl::Status s = Load(GetParam().json, book);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(GetParam().message), std::string::npos) << s.message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadJson,
    ::testing::Values(
        BadCase{"Empty", "", "book.json: the file is empty"},
        BadCase{"Truncated", R"({"sheets":[{"name":"A","cells":[[0,0,1],[0,1)",
                "book.json:1:45: expected ',' after the column of a cell entry (the file ends)"},
        BadCase{"MissingComma", R"({"sheets":[{"name":"A","cells":[[0,0,1] [0,1,2]]}]})",
                "to close the cells of sheet 'A'"},
        BadCase{"NoSheets", R"({"target":[0,0,0]})", "no \"sheets\" array"},
        BadCase{"DuplicateSheet", R"({"sheets":[{"name":"A","cells":[]},{"name":"a","cells":[]}]})",
                "a sheet named 'a' already exists"},
        BadCase{"BadSheetName", R"({"sheets":[{"name":"A/B","cells":[]}]})",
                "which Excel does not allow"},
        BadCase{"NotJson", "hello", "book.json:1:1: expected '{' at the start of a workbook"},
        BadCase{"TrailingGarbage", R"({"sheets":[]} x)", "unexpected text after"},
        BadCase{"UnterminatedString", R"({"sheets":[{"name":"A)", "unterminated string"}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(WorkbookJson, BadCellsAreSkippedAndReported) {
  Workbook book;
  WorkbookJsonExtras extras;
  ASSERT_TRUE(Load(R"({"sheets":[{"name":"A","cells":[[0,0,1],[2000000,0,5],[0,-1,5],
    [0,1,[1,2]],[1,1,"=A1+1"]]}]})",
                   book, &extras)
                  .ok());
  ASSERT_EQ(extras.skipped.size(), 3u);
  EXPECT_NE(extras.skipped[0].message.find("cell [2000000, 0] of sheet 'A' skipped"),
            std::string::npos)
      << extras.skipped[0].message;
  book.Recalculate();
  EXPECT_EQ(book.Get(0, 1, 1), Value::Number(2));
}

TEST(WorkbookJson, AFormulaThatDoesNotParseIsReportedAndTheRestCalculates) {
  Workbook book;
  ASSERT_TRUE(Load(R"json({"sheets":[{"name":"A","cells":[[0,0,1],[0,1,"=A1+*2"],[0,2,"=A1+1"],
    [0,3,"=B1+1"],[0,4,"=SUM(A1)+ROUND(1)"],[0,5,"=Nowhere!A1"]]}]})json",
                   book)
                  .ok());
  book.Recalculate();
  EXPECT_TRUE(book.Get(0, 0, 1).is_error());
  EXPECT_EQ(book.Get(0, 0, 2), Value::Number(2));
  EXPECT_TRUE(book.Get(0, 0, 3).is_error());  // reads the broken cell
  EXPECT_EQ(book.Get(0, 0, 5), Value::Error(ErrorCode::kRef));
  ASSERT_GE(book.diagnostics().size(), 2u);
  EXPECT_EQ(book.diagnostics()[0].cell, "A!B1");
  EXPECT_NE(book.diagnostics()[0].message.find("^"), std::string::npos)
      << book.diagnostics()[0].message;
  EXPECT_EQ(book.diagnostics()[1].cell, "A!E1");
  EXPECT_NE(book.diagnostics()[1].message.find("ROUND takes 2 arguments, not 1"), std::string::npos)
      << book.diagnostics()[1].message;
}

TEST(WorkbookJson, ValuesJsonRoundTripsNumbersAndErrors) {
  Workbook book;
  ASSERT_TRUE(Load(R"({"sheets":[{"name":"A","cells":[[0,0,0.1],[0,1,"=A1*3"],[0,2,"=1/0"],
    [1,0,"x\"y"]]}]})",
                   book)
                  .ok());
  book.Recalculate();
  EXPECT_EQ(WriteValuesJson(book),
            "{\"sheets\":[{\"name\":\"A\",\"values\":[[0,0,0.1],[0,1,0.30000000000000004],"
            "[0,2,\"#DIV/0!\"],[1,0,\"x\\\"y\"]]}]}\n");
}

}  // namespace
}  // namespace suan

namespace suan {
namespace {

TEST(WorkbookJson, SavesFormulasConstantsAndNamesAndReadsThemBack) {
  Workbook book;
  ASSERT_TRUE(ReadWorkbookJson(R"json({"sheets":[{"name":"S","cells":[[0,0,2],[0,1,"=A1*Rate"],
    [1,0,"=x"],[1,1,true]]},{"name":"T","cells":[[0,0,"=S!B1+Local"]]}],
    "names":[{"name":"Rate","refers_to":"=0.5"},{"name":"Local","refers_to":"=3","sheet":"T"}]})json",
                               "in.json", book)
                  .ok());
  ASSERT_TRUE(book.SetValue(0, 2, 0, Value::Text("=not a formula")).ok());
  ASSERT_TRUE(book.SetValue(0, 2, 1, Value::Error(ErrorCode::kNA)).ok());
  book.Recalculate();
  std::string path = suan::test_support::TempDir() + "saved.json";
  ASSERT_TRUE(SaveWorkbookJson(book, path).ok());
  auto text = ReadFileToString(path);
  ASSERT_TRUE(text.ok());
  Workbook again;
  ASSERT_TRUE(ReadWorkbookJson(*text, path, again).ok());
  again.Recalculate();
  EXPECT_EQ(WriteValuesJson(again), WriteValuesJson(book));
  EXPECT_EQ(again.FormulaText(0, 0, 1), "A1*Rate");
  EXPECT_EQ(again.Get(1, 0, 0), Value::Number(4));
  EXPECT_EQ(again.Get(0, 2, 0), Value::Text("=not a formula"));
  EXPECT_EQ(again.Get(0, 2, 1), Value::Error(ErrorCode::kNA));
}

TEST(WorkbookJson, ASaveThatCannotWriteLeavesTheOldFile) {
  Workbook book;
  (void)book.AddSheet("S");
  absl::Status s = SaveWorkbookJson(book, "/nonexistent-dir/book.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/nonexistent-dir/book.json.tmp: cannot create"), std::string::npos)
      << s;
}

}  // namespace
}  // namespace suan
