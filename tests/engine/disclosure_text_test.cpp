// Reading budget disclosures as text: the seed (tab-separated 部门预算, 12 tables), four
// pdftotext -layout 部门决算 from another region, damaged copies of both, narrative figures,
// and random truncations and junk that must never crash the reader.
#include "engine/io/disclosure_text.hpp"

#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "engine/io/disclosure/text_util.hpp"
#include "gtest/gtest.h"

namespace suan {
namespace {

std::string DataPath(const std::string& name) {
  return std::string(SUAN_TEST_DATA) + "/disclosures/" + name;
}

std::string ReadFile(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

DisclosureDocument Read(const std::string& name) {
  std::string text = ReadFile(name);
  EXPECT_FALSE(text.empty()) << name;
  absl::StatusOr<DisclosureDocument> doc = ReadDisclosureText(text, name);
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? *std::move(doc) : DisclosureDocument();
}

std::string AllProblems(const DisclosureDocument& doc) {
  std::string s;
  for (const Diagnostic& d : doc.problems) s += FormatProblem(d) + "\n";
  return s;
}

// Problems whose text contains every one of `parts`.
int CountProblems(const DisclosureDocument& doc, std::initializer_list<std::string> parts) {
  int n = 0;
  for (const Diagnostic& d : doc.problems) {
    std::string all = FormatProblem(d);
    bool match = true;
    for (const std::string& p : parts)
      if (all.find(p) == std::string::npos) match = false;
    if (match) ++n;
  }
  return n;
}

const DisclosureTable& Table(const DisclosureDocument& doc, int number,
                             std::string_view part = "") {
  static const DisclosureTable kNone;
  const DisclosureTable* t = doc.FindTable(number, part);
  EXPECT_NE(t, nullptr) << "表" << number << " " << part;
  return t ? *t : kNone;
}

const DisclosureRow* Row(const DisclosureTable& t, std::string_view code_or_label) {
  for (const DisclosureRow& r : t.rows)
    if (r.code == code_or_label || r.label == code_or_label) return &r;
  return nullptr;
}

// The figure of row `key` in column `column`; NaN when the row or cell is missing or blank.
double Figure(const DisclosureTable& t, std::string_view key, size_t column) {
  const DisclosureRow* r = Row(t, key);
  if (!r || column >= r->values.size() || !r->values[column]) return std::nan("");
  return *r->values[column];
}

constexpr double kCent = 0.001;

// --- Numbers and words -------------------------------------------------------------------

struct AmountCase {
  const char* text;
  bool blank;
  bool number;
  double value;
};

TEST(DisclosureAmounts, ReadsPrintedFigures) {
  const AmountCase cases[] = {
      {"1,234.50", false, true, 1234.5},
      {"0.00", false, true, 0},
      {"-12.30", false, true, -12.3},
      {"(12.30)", false, true, -12.3},
      {"（12.30）", false, true, -12.3},
      {"１，２３４．５", false, true, 1234.5},
      {"87.67%", false, true, 87.67},
      {"５，３５０.５５", false, true, 5350.55},
      {"", true, false, 0},
      {"-", true, false, 0},
      {"—", true, false, 0},
      {"——", true, false, 0},
      {"……", true, false, 0},
      {"1,23.4", false, false, 0},
      {"5,3398.0", false, false, 0},
      {"1,7676.7", false, false, 0},
      {"12.3O", false, false, 0},
      {"abc", false, false, 0},
      {"1.2.3", false, false, 0},
      {"12345678901234567", false, false, 0},
  };
  for (const AmountCase& c : cases) {
    disclosure::Amount a = disclosure::ParseAmount(disclosure::DecodeUtf8(c.text));
    EXPECT_EQ(a.kind == disclosure::Amount::Kind::kBlank, c.blank) << c.text;
    EXPECT_EQ(a.kind == disclosure::Amount::Kind::kNumber, c.number) << c.text;
    if (c.number) {
      EXPECT_NEAR(a.value, c.value, 1e-9) << c.text;
    }
  }
}

TEST(DisclosureAmounts, CodesAndStraySpaces) {
  using disclosure::DecodeUtf8;
  EXPECT_EQ(disclosure::SplitCode(DecodeUtf8("2080101")),
            (std::vector<std::string>{"208", "01", "01"}));
  EXPECT_EQ(disclosure::SplitCode(DecodeUtf8("30101")), (std::vector<std::string>{"301", "01"}));
  EXPECT_EQ(disclosure::SplitCode(DecodeUtf8("208.01")), (std::vector<std::string>{"208", "01"}));
  EXPECT_TRUE(disclosure::SplitCode(DecodeUtf8("2026")).empty());
  EXPECT_EQ(disclosure::Clean(DecodeUtf8(" 人力资源和社会保障管理事 务 ")),
            "人力资源和社会保障管理事务");
  EXPECT_EQ(disclosure::Clean(DecodeUtf8("提前下达 2026 年 中央财政")), "提前下达2026年中央财政");
  EXPECT_EQ(disclosure::Clean(DecodeUtf8("特定目标 8910028X")), "特定目标8910028X");
  EXPECT_EQ(disclosure::Clean(DecodeUtf8("GDP 2026")), "GDP 2026");
}

// --- The seed: tab-separated, 12 tables ---------------------------------------------------

class DisclosureSeed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    doc_ = new DisclosureDocument(Read("changji-hrss-2026-budget.txt"));
  }
  static void TearDownTestSuite() { delete doc_; }
  static DisclosureDocument* doc_;
};
DisclosureDocument* DisclosureSeed::doc_ = nullptr;

TEST_F(DisclosureSeed, ReadsTwelveTablesWithTheirTitles) {
  const DisclosureDocument& doc = *doc_;
  EXPECT_EQ(doc.organisation, "昌吉市人力资源和社会保障局");
  EXPECT_EQ(doc.year, 2026);
  const char* titles[] = {
      "部门收支总体情况表",           "部门收入总体情况表",           "部门支出总体情况表",
      "财政拨款收支预算总体情况表",   "一般公共预算支出情况表",       "一般公共预算基本支出情况表",
      "一般公共预算项目支出情况表",   "政府性基金预算支出情况表",     "国有资本经营预算支出情况表",
      "财政拨款“三公”经费支出情况表", "财政拨款委托业务费支出情况表", "上年结转结余情况表"};
  std::set<int> numbers;
  for (const DisclosureTable& t : doc.tables) {
    numbers.insert(t.number);
    ASSERT_GE(t.number, 1);
    ASSERT_LE(t.number, 12);
    EXPECT_EQ(t.title, titles[t.number - 1]);
    EXPECT_EQ(t.unit, "万元");
  }
  EXPECT_EQ(numbers.size(), 12u);
  EXPECT_EQ(doc.tables.size(), 14u);  // 表1 and 表4 in two parts each
  EXPECT_TRUE(doc.problems.empty()) << AllProblems(doc);
  // The nine 绩效目标表 are grids in the narrative, outside the table set.
  EXPECT_EQ(doc.other_tables.size(), 9u);
}

TEST_F(DisclosureSeed, Table2EveryRowEqualsTheFile) {
  const DisclosureTable& t = Table(*doc_, 2);
  ASSERT_EQ(t.columns.size(), 11u);
  EXPECT_EQ(t.columns[0], "总计");
  EXPECT_EQ(t.columns[1], "财政拨款（补助）/财政拨款（补助）小计");
  EXPECT_EQ(t.columns[2], "财政拨款（补助）/一般公共预算");
  EXPECT_EQ(t.columns[3], "财政拨款（补助）/上级一般公共预算安排的转移支付");
  EXPECT_EQ(t.columns[7], "财政专户（教育收费）");
  EXPECT_EQ(t.columns[9], "财政拨款结转");
  EXPECT_EQ(t.columns[10], "非财政拨款结转结余");
  std::istringstream expected(ReadFile("changji-table2.expected"));
  std::string line;
  size_t k = 0;
  while (std::getline(expected, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string piece;
    while (std::getline(ls, piece, '|')) f.push_back(piece);
    ASSERT_EQ(f.size(), 4u) << line;
    ASSERT_LT(k, t.rows.size()) << line;
    const DisclosureRow& r = t.rows[k++];
    EXPECT_EQ(r.line, std::stoi(f[0]));
    EXPECT_EQ(r.code, f[1]) << line;
    EXPECT_EQ(r.label, f[2]) << line;
    std::vector<std::string> vals;
    std::stringstream vs(f[3] + ";");
    while (std::getline(vs, piece, ';')) vals.push_back(piece);
    ASSERT_EQ(r.values.size(), 11u) << line;
    for (size_t c = 0; c < 11; ++c) {
      if (vals[c].empty()) {
        EXPECT_FALSE(r.values[c].has_value()) << line << " column " << c;
      } else {
        ASSERT_TRUE(r.values[c].has_value()) << line << " column " << c;
        EXPECT_NEAR(*r.values[c], std::stod(vals[c]), kCent) << line << " column " << c;
      }
    }
  }
  EXPECT_EQ(k, 27u);
  EXPECT_EQ(k, t.rows.size());
  // Code parts as printed in 类/款/项, and a name wrapped with a stray space.
  const DisclosureRow* r = Row(t, "2080199");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->code_parts, (std::vector<std::string>{"208", "01", "99"}));
  EXPECT_EQ(r->label, "其他人力资源和社会保障管理事务支出");
}

TEST_F(DisclosureSeed, EmptyTablesCarryTheirNotes) {
  for (int n : {8, 9, 11}) {
    const DisclosureTable& t = Table(*doc_, n);
    EXPECT_TRUE(t.empty) << n;
    EXPECT_NE(t.empty_note.find("为空表"), std::string::npos) << n << ": " << t.empty_note;
    ASSERT_EQ(t.rows.size(), 1u) << n;
    EXPECT_EQ(t.rows[0].label, "总计");
  }
  EXPECT_EQ(Table(*doc_, 8).columns,
            (std::vector<std::string>{
                "政府性基金预算支出/合计", "政府性基金预算支出/基本支出/人员经费",
                "政府性基金预算支出/基本支出/公用经费", "政府性基金预算支出/项目支出"}));
  for (int n : {1, 2, 3, 4, 5, 6, 7, 10, 12}) {
    EXPECT_FALSE(Table(*doc_, n).empty) << n;
    EXPECT_TRUE(Table(*doc_, n).empty_note.empty()) << n;
  }
}

TEST_F(DisclosureSeed, SideBySideTablesSplitIntoIncomeAndSpending) {
  const DisclosureTable& in1 = Table(*doc_, 1, "收入");
  const DisclosureTable& out1 = Table(*doc_, 1, "支出");
  EXPECT_EQ(in1.columns, std::vector<std::string>{"预算数"});
  EXPECT_EQ(in1.rows.size(), 26u);
  EXPECT_EQ(out1.rows.size(), 31u);  // 30 类 and 支出总计
  EXPECT_NEAR(Figure(in1, "其中：一般财力", 0), 1897.60, kCent);
  EXPECT_NEAR(Figure(in1, "收入总计", 0), 5487.16, kCent);
  EXPECT_TRUE(std::isnan(Figure(in1, "2.政府性基金预算拨款", 0)));  // blank, not zero
  EXPECT_NEAR(Figure(out1, "208", 0), 5339.80, kCent);
  EXPECT_EQ(Row(out1, "208")->label, "社会保障和就业支出");
  EXPECT_NEAR(Figure(out1, "支出总计", 0), 5487.16, kCent);

  const DisclosureTable& in4 = Table(*doc_, 4, "收入");
  const DisclosureTable& out4 = Table(*doc_, 4, "支出");
  EXPECT_EQ(in4.rows.size(), 5u);
  EXPECT_EQ(out4.columns, (std::vector<std::string>{"合计", "一般公共预算", "政府性基金预算",
                                                    "国有资本经营预算"}));
  EXPECT_NEAR(Figure(out4, "208", 1), 5220.62, kCent);
  EXPECT_NEAR(Figure(in4, "收入总计", 0), 5350.55, kCent);
}

TEST_F(DisclosureSeed, PageBreaksAndProjectNames) {
  // 表3 and 表7 continue over a page break that repeats 编制部门/单位 and the header.
  const DisclosureTable& t3 = Table(*doc_, 3);
  EXPECT_EQ(t3.rows.size(), 27u);
  EXPECT_NEAR(Figure(t3, "总计", 1), 956.35, kCent);
  const DisclosureTable& t7 = Table(*doc_, 7);
  EXPECT_EQ(t7.text_columns, std::vector<std::string>{"项目名称"});
  ASSERT_EQ(t7.rows.size(), 14u);
  EXPECT_EQ(t7.rows[0].label, "昌吉市人力资源和社会保障局");  // the department row, no code
  EXPECT_EQ(t7.rows[0].code, "");
  const DisclosureRow& last_project = t7.rows[12];
  EXPECT_EQ(last_project.code, "2080799");
  ASSERT_EQ(last_project.texts.size(), 1u);
  EXPECT_EQ(last_project.texts[0], "提前下达2026年中央财政就业补助资金");
  EXPECT_NEAR(Figure(t7, "总计", 2), 3557.90, kCent);
  const DisclosureTable& t12 = Table(*doc_, 12);
  EXPECT_EQ(t12.columns[4], "财政拨款/项目支出");
  EXPECT_NEAR(Figure(t12, "特定目标8910028X", 0), 17.44, kCent);
}

TEST_F(DisclosureSeed, NarrativeFigures) {
  std::vector<NarrativeFigure> figures = ExtractNarrativeFigures(*doc_);
  auto find = [&](double value, const std::string& unit, const std::string& relation) {
    for (const NarrativeFigure& f : figures)
      if (std::abs(f.value - value) < 1e-9 && f.unit == unit && f.relation == relation) return &f;
    return static_cast<const NarrativeFigure*>(nullptr);
  };
  const NarrativeFigure* share = find(34.58, "%", "占");
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->subject, "一般公共预算");
  EXPECT_EQ(share->line, 446);
  const NarrativeFigure* amount = find(1897.60, "万元", "");
  ASSERT_NE(amount, nullptr);
  EXPECT_EQ(amount->subject, "一般公共预算");
  const NarrativeFigure* up = find(886.49, "万元", "增加");
  ASSERT_NE(up, nullptr);
  EXPECT_EQ(up->subject, "一般公共预算");
  EXPECT_NE(up->sentence.find("增长87.67%"), std::string::npos);
  const NarrativeFigure* growth = find(87.67, "%", "增长");
  ASSERT_NE(growth, nullptr);
  EXPECT_EQ(growth->subject, "一般公共预算");
  const NarrativeFigure* down = find(0.91, "万元", "减少");
  ASSERT_NE(down, nullptr);
  EXPECT_EQ(down->subject, "财政拨款结转");
  EXPECT_NE(find(0.66, "%", "下降"), nullptr);
  const NarrativeFigure* basic = find(17.43, "%", "占");
  ASSERT_NE(basic, nullptr);
  EXPECT_EQ(basic->subject, "基本支出");
  const NarrativeFigure* included = find(5350.55, "万元", "");
  ASSERT_NE(included, nullptr);
  EXPECT_EQ(included->subject, "2026年财政拨款收支总预算");
  const NarrativeFigure* cls = find(97.57, "%", "占");
  ASSERT_NE(cls, nullptr);
  EXPECT_EQ(cls->subject, "社会保障和就业支出（类）");
  // Years and document numbers are not figures.
  for (const NarrativeFigure& f : figures) {
    EXPECT_NE(f.value, 2026) << f.sentence;
    EXPECT_NE(f.value, 2025) << f.sentence;
  }
  // Paragraphs sit under their headings; a sentence broken by a page break is joined.
  bool joined = false;
  for (const DisclosureParagraph& p : doc_->paragraphs)
    if (p.line == 508) {
      EXPECT_NE(p.text.find("比上年预算减少136.14万元"), std::string::npos) << p.text;
      EXPECT_EQ(p.heading, "（三）一般公共预算当年拨款具体使用情况");
      joined = true;
    }
  EXPECT_TRUE(joined);
}

// Other departments print the same tables a little differently.
TEST(DisclosureTabVariants, CodesWithoutCaptionsAndMergedCells) {
  // 科目编码 as one column of full codes, figures in 元 with separators.
  absl::StatusOr<DisclosureDocument> a = ReadDisclosureText(
      "表 1\n部门支出总体情况表\n单位：元\n"
      "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
      "208\t社会保障和就业支出\t5,339,800.00\t826,420.00\t4,513,370.00\n"
      "2080101\t行政运行\t522,960.00\t522,960.00\t\n"
      "\t合计\t5,339,800.00\t826,420.00\t4,513,370.00\n",
      "a.txt");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->problems.empty()) << AllProblems(*a);
  const DisclosureTable& t = Table(*a, 1);
  EXPECT_EQ(t.unit, "元");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"合计", "基本支出", "项目支出"}));
  EXPECT_EQ(Row(t, "2080101")->code_parts, (std::vector<std::string>{"208", "01", "01"}));
  EXPECT_NEAR(Figure(t, "2080101", 1), 522960.0, kCent);
  EXPECT_TRUE(std::isnan(Figure(t, "2080101", 2)));
  // 类/款/项 columns without a caption row, the 类 printed once (merged cells): taken from
  // the row above, and said so.
  absl::StatusOr<DisclosureDocument> b = ReadDisclosureText(
      "表 1\n部门支出总体情况表\n单位：万元\n"
      "\t\t\t科目名称\t合计\n"
      "208\t\t\t社会保障和就业支出\t5,339.80\n"
      "\t01\t\t人力资源和社会保障管理事务\t938.93\n"
      "\t\t01\t行政运行\t522.96\n"
      "\t\t\t总计\t5,339.80\n",
      "b.txt");
  ASSERT_TRUE(b.ok());
  const DisclosureTable& u = Table(*b, 1);
  EXPECT_EQ(Row(u, "行政运行")->code, "2080101");
  EXPECT_EQ(Row(u, "人力资源和社会保障管理事务")->code, "20801");
  EXPECT_EQ(CountProblems(*b, {"b.txt:6:", "without its 类/款"}), 1) << AllProblems(*b);
  EXPECT_EQ(b->problems.size(), 1u) << AllProblems(*b);
}

// --- pdftotext -layout 部门决算 --------------------------------------------------------------

struct SampleCase {
  const char* file;
  const char* organisation;
  size_t parts;  // tables in doc.tables: 9, two of them in 收入/支出 parts
};

TEST(DisclosureLayout, SamplesReadNineTables) {
  const SampleCase cases[] = {
      {"01_putuo_caizhengju_2024_final.txt", "上海市普陀区财政局", 11},
      {"03_putuo_guihuaziyuan_2024_final.txt", "上海市普陀区规划和自然资源局", 11},
      {"04_putuo_shehuigongzuobu_2024_final.txt", "中共上海市普陀区委社会工作部", 11},
      {"05_national_final_accounts_TEMPLATE.txt", "上海市XX局", 11},
  };
  const char* titles[] = {"收入支出决算总表",
                          "收入决算表",
                          "支出决算表",
                          "财政拨款收入支出决算总表",
                          "一般公共预算财政拨款支出决算表",
                          "一般公共预算财政拨款基本支出决算表",
                          "财政拨款“三公”经费支出决算表",
                          "政府性基金预算财政拨款收入支出决算表",
                          "国有资本经营预算财政拨款收入支出决算表"};
  for (const SampleCase& c : cases) {
    DisclosureDocument doc = Read(c.file);
    EXPECT_EQ(doc.organisation, c.organisation) << c.file;
    EXPECT_EQ(doc.year, 2024) << c.file;
    EXPECT_EQ(doc.tables.size(), c.parts) << c.file;
    for (const DisclosureTable& t : doc.tables) {
      ASSERT_GE(t.number, 1) << c.file;
      ASSERT_LE(t.number, 9) << c.file;
      EXPECT_EQ(t.title, titles[t.number - 1]) << c.file;
      EXPECT_EQ(t.unit, "万元") << c.file;
    }
    for (int n : {1, 4}) {
      EXPECT_NE(doc.FindTable(n, "收入"), nullptr) << c.file << " 表" << n;
      EXPECT_NE(doc.FindTable(n, "支出"), nullptr) << c.file << " 表" << n;
    }
    // Only the template's empty 三公 table (no figures, no note) is reported.
    std::string problems = AllProblems(doc);
    if (std::string(c.file).rfind("05", 0) == 0) {
      EXPECT_EQ(CountProblems(doc, {"财政拨款“三公”经费支出决算表", "no rows"}), 1) << problems;
      EXPECT_EQ(doc.problems.size(), 1u) << problems;
    } else {
      EXPECT_TRUE(doc.problems.empty()) << c.file << "\n" << problems;
    }
    for (int n : {8, 9}) {
      EXPECT_TRUE(Table(doc, n).empty) << c.file;
      EXPECT_NE(Table(doc, n).empty_note.find("本表无数据"), std::string::npos) << c.file;
      EXPECT_EQ(Table(doc, n).columns.size(), n == 8 ? 6u : 6u) << c.file;
    }
  }
}

TEST(DisclosureLayout, Sample01Figures) {
  DisclosureDocument doc = Read("01_putuo_caizhengju_2024_final.txt");
  // 收入支出决算总表, side by side.
  const DisclosureTable& in1 = Table(doc, 1, "收入");
  const DisclosureTable& out1 = Table(doc, 1, "支出");
  EXPECT_EQ(in1.rows.size(), 12u);
  EXPECT_EQ(out1.rows.size(), 30u);
  EXPECT_NEAR(Figure(in1, "一、一般公共预算财政拨款收入", 0), 2940.05, kCent);
  EXPECT_NEAR(Figure(in1, "八、其他收入", 0), 6.20, kCent);
  EXPECT_NEAR(Figure(in1, "年初结转和结余", 0), 49.14, kCent);
  EXPECT_NEAR(Figure(in1, "总计", 0), 2995.39, kCent);
  EXPECT_TRUE(std::isnan(Figure(in1, "四、上级补助收入", 0)));
  EXPECT_NEAR(Figure(out1, "十九、住房保障支出", 0), 445.69, kCent);
  EXPECT_NEAR(Figure(out1, "年末结转和结余", 0), 55.34, kCent);
  // 收入决算表: captions wrapped over up to five lines; figures under the right caption,
  // also on the next page where pdftotext packs the columns closer.
  const DisclosureTable& t2 = Table(doc, 2);
  EXPECT_EQ(t2.columns,
            (std::vector<std::string>{"本年收入合计", "财政拨款收入", "上级补助收入", "事业收入",
                                      "经营收入", "附属单位上缴收入", "其他收入"}));
  EXPECT_EQ(t2.rows.size(), 20u);
  EXPECT_NEAR(Figure(t2, "合计", 0), 2946.25, kCent);
  EXPECT_NEAR(Figure(t2, "合计", 6), 6.20, kCent);
  EXPECT_NEAR(Figure(t2, "2010601", 1), 1511.89, kCent);
  EXPECT_NEAR(Figure(t2, "2010601", 6), 0.01, kCent);
  const DisclosureRow* wrapped = Row(t2, "2080505");
  ASSERT_NE(wrapped, nullptr);
  EXPECT_EQ(wrapped->label, "机关事业单位基本养老保险缴费支出");
  EXPECT_EQ(wrapped->code_parts, (std::vector<std::string>{"208", "05", "05"}));
  EXPECT_NEAR(Figure(t2, "2210203", 1), 258.50, kCent);  // second page
  // 支出决算表: figures printed a line above their row.
  const DisclosureTable& t3 = Table(doc, 3);
  EXPECT_NEAR(Figure(t3, "合计", 1), 2336.91, kCent);
  EXPECT_NEAR(Figure(t3, "2010601", 0), 1511.89, kCent);
  EXPECT_NEAR(Figure(t3, "2010601", 1), 1503.52, kCent);
  EXPECT_NEAR(Figure(t3, "2010601", 2), 8.37, kCent);
  EXPECT_NEAR(Figure(t3, "2010608", 2), 449.52, kCent);
  // 财政拨款收入支出决算总表: 支出 captions scattered over seven lines.
  const DisclosureTable& out4 = Table(doc, 4, "支出");
  EXPECT_EQ(out4.columns,
            (std::vector<std::string>{"合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                                      "国有资本经营预算财政拨款"}));
  EXPECT_NEAR(Figure(out4, "总计", 1), 2961.68, kCent);
  // On the page under those captions, right-aligned figures sit under 合计 and 一般公共预算…
  // (not one column to the right, where a shifted page would put them).
  for (const auto& [row, value] : {std::pair<const char*, double>{"一、一般公共服务支出", 2106.66},
                                   {"八、社会保障和就业支出", 326.71},
                                   {"九、卫生健康支出", 60.99},
                                   {"十九、住房保障支出", 445.69}}) {
    EXPECT_NEAR(Figure(out4, row, 0), value, kCent) << row;
    EXPECT_NEAR(Figure(out4, row, 1), value, kCent) << row;
    EXPECT_TRUE(std::isnan(Figure(out4, row, 2))) << row;
    EXPECT_TRUE(std::isnan(Figure(out4, row, 3))) << row;
  }
  EXPECT_NEAR(Figure(Table(doc, 4, "收入"), "年初财政拨款结转和结余", 0), 21.63, kCent);
  EXPECT_NE(Row(Table(doc, 4, "收入"), "二、政府性基金预算财政拨款"), nullptr);
  // 基本支出: economic classification printed in two columns, read as one list.
  const DisclosureTable& t6 = Table(doc, 6);
  EXPECT_EQ(t6.part, "");
  EXPECT_EQ(t6.rows.size(), 66u);
  EXPECT_NEAR(Figure(t6, "30102", 0), 1238.58, kCent);
  EXPECT_TRUE(std::isnan(Figure(t6, "30212", 0)));  // blank
  EXPECT_EQ(Row(t6, "30212")->label, "因公出国（境）费用");
  EXPECT_NEAR(Figure(t6, "30299", 0), 11.53, kCent);
  EXPECT_NEAR(Figure(t6, "人员经费合计", 0), 2152.26, kCent);
  EXPECT_NEAR(Figure(t6, "公用经费合计", 0), 184.65, kCent);
  // 三公: twelve columns, one row of figures without a caption.
  const DisclosureTable& t7 = Table(doc, 7);
  ASSERT_EQ(t7.columns.size(), 12u);
  EXPECT_NE(t7.columns[0].find("合计/预算数"), std::string::npos);
  EXPECT_NE(t7.columns[10].find("公务接待费/预算数"), std::string::npos);
  ASSERT_EQ(t7.rows.size(), 1u);
  EXPECT_NEAR(*t7.rows[0].values[0], 0.95, kCent);
  EXPECT_NEAR(*t7.rows[0].values[10], 0.95, kCent);
}

TEST(DisclosureLayout, Sample03And04Figures) {
  DisclosureDocument d3 = Read("03_putuo_guihuaziyuan_2024_final.txt");
  // Codes as 2080505; names wrapped above and below their code line.
  const DisclosureTable& t5 = Table(d3, 5);
  EXPECT_EQ(t5.rows.size(), 25u);
  EXPECT_EQ(Row(t5, "208")->label, "社会保障和就业支出");
  EXPECT_EQ(Row(t5, "2080505")->label, "机关事业单位基本养老保险缴费支出");
  EXPECT_EQ(Row(t5, "2080506")->label, "机关事业单位职业年金缴费支出");
  EXPECT_EQ(Row(t5, "2120101")->label, "行政运行");
  EXPECT_EQ(Row(t5, "21202")->label, "城乡社区规划与管理");
  EXPECT_NEAR(Figure(t5, "2200199", 1), 0.0, kCent);
  EXPECT_NEAR(Figure(t5, "2200199", 2), 45.00, kCent);
  EXPECT_NEAR(Figure(t5, "合计", 1), 5364.75, kCent);
  // 基本支出: the right half prints each code a line above its name and figure.
  const DisclosureTable& t6 = Table(d3, 6);
  EXPECT_EQ(Row(t6, "30207")->label, "邮电费");
  EXPECT_NEAR(Figure(t6, "30207", 0), 8.05, kCent);
  EXPECT_NEAR(Figure(t6, "30209", 0), 82.20, kCent);
  EXPECT_EQ(Row(t6, "31007")->label, "信息网络及软件购置更新");
  EXPECT_NEAR(Figure(t6, "公用经费合计", 0), 480.66, kCent);
  // 三公 with figures packed one space apart.
  const DisclosureTable& t7 = Table(d3, 7);
  ASSERT_EQ(t7.rows.size(), 1u);
  ASSERT_EQ(t7.rows[0].values.size(), 12u);
  EXPECT_NEAR(*t7.rows[0].values[0], 2.85, kCent);
  EXPECT_NEAR(*t7.rows[0].values[1], 0.39, kCent);
  EXPECT_NEAR(*t7.rows[0].values[11], 0.39, kCent);
  // 收入 and 支出 halves that differ by 年初结转 (legitimately).
  EXPECT_NEAR(Figure(Table(d3, 1, "收入"), "年初结转和结余", 0), 112.88, kCent);
  EXPECT_NEAR(Figure(Table(d3, 1, "支出"), "本年支出合计", 0), 9759.38, kCent);

  DisclosureDocument d4 = Read("04_putuo_shehuigongzuobu_2024_final.txt");
  const DisclosureTable& t8 = Table(d4, 8);
  EXPECT_EQ(t8.columns,
            (std::vector<std::string>{"年初结转和结余", "本年收入", "本年支出/合计",
                                      "本年支出/基本支出", "本年支出/项目支出", "年末结转和结余"}));
  EXPECT_EQ(Row(Table(d4, 2), "2080505")->label, "机关事业单位基本养老保险缴费支出");
  EXPECT_NEAR(Figure(Table(d4, 3), "2013999", 2), 202.24, kCent);
  EXPECT_TRUE(std::isnan(Figure(Table(d4, 3), "2013999", 1)));
  EXPECT_NEAR(Figure(Table(d4, 6), "30108", 0), 6.18, kCent);
  EXPECT_EQ(Row(Table(d4, 6), "30399")->label, "其他对个人和家庭的补助");
  EXPECT_TRUE(Table(d4, 7).empty);
  EXPECT_NE(Table(d4, 7).empty_note.find("没有财政拨款“三公”经费支出"), std::string::npos);
}

// The seed's tables rendered with spaces instead of tabs (make_layout_variant.py: columns
// padded, captions wrapped in their cells, page breaks as form feeds) read to the same rows;
// and again with the figures in whole 元 without separators.
TEST(DisclosureLayout, SeedRenderedWithSpacesReadsLikeTheTabs) {
  DisclosureDocument tabs = Read("changji-hrss-2026-budget.txt");
  for (const auto& [file, scale] : {std::pair<const char*, double>{"changji-as-layout.txt", 1},
                                    {"changji-as-layout-yuan.txt", 10000}}) {
    DisclosureDocument spaced = Read(file);
    EXPECT_TRUE(spaced.problems.empty()) << file << "\n" << AllProblems(spaced);
    ASSERT_EQ(spaced.tables.size(), tabs.tables.size()) << file;
    for (const DisclosureTable& t : tabs.tables) {
      const DisclosureTable* s = spaced.FindTable(t.number, t.part);
      ASSERT_NE(s, nullptr) << file << " 表" << t.number << t.part;
      EXPECT_EQ(s->unit, scale == 1 ? "万元" : "元");
      EXPECT_EQ(s->columns.size(), t.columns.size()) << file << " 表" << t.number << t.part;
      EXPECT_EQ(s->text_columns, t.text_columns) << file << " 表" << t.number;
      EXPECT_EQ(s->empty_note, t.empty_note);
      ASSERT_EQ(s->rows.size(), t.rows.size()) << file << " 表" << t.number << t.part;
      for (size_t i = 0; i < t.rows.size(); ++i) {
        const DisclosureRow& a = t.rows[i];
        const DisclosureRow& b = s->rows[i];
        EXPECT_EQ(b.code, a.code) << file << " 表" << t.number << " " << a.label;
        EXPECT_EQ(b.label, a.label) << file << " 表" << t.number;
        EXPECT_EQ(b.texts, a.texts) << file << " 表" << t.number << " " << a.label;
        ASSERT_EQ(b.values.size(), a.values.size());
        for (size_t c = 0; c < a.values.size(); ++c) {
          ASSERT_EQ(b.values[c].has_value(), a.values[c].has_value())
              << file << " 表" << t.number << " " << a.label << " column " << c;
          if (a.values[c]) {
            EXPECT_NEAR(*b.values[c] / scale, *a.values[c], 0.005);
          }
        }
      }
    }
  }
}

// The same with each table's number, title and unit on one line ("表5  一般公共预算支出情况表
// 单位：万元") and no 编制部门 lines.
TEST(DisclosureLayout, NumberTitleAndUnitOnOneLine) {
  std::istringstream in(ReadFile("changji-as-layout.txt"));
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::string text;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("表 ", 0) == 0 && lines[i].size() <= 7) {
      std::string number = lines[i].substr(std::string("表 ").size());
      size_t j = i + 1;
      while (j < lines.size() && lines[j].empty()) ++j;
      std::string title = j < lines.size() ? lines[j] : "";
      ++j;
      std::string unit;
      while (j < lines.size() && (lines[j].empty() || lines[j].rfind("编制部门", 0) == 0 ||
                                  lines[j].rfind("单位", 0) == 0)) {
        if (lines[j].rfind("单位", 0) == 0) unit = lines[j];
        ++j;
      }
      text += "表" + number + "  " + title + "                    " + unit + "\n";
      i = j - 1;
      continue;
    }
    text += lines[i] + "\n";
  }
  absl::StatusOr<DisclosureDocument> doc = ReadDisclosureText(text, "oneline.txt");
  ASSERT_TRUE(doc.ok());
  DisclosureDocument tabs = Read("changji-hrss-2026-budget.txt");
  EXPECT_TRUE(doc->problems.empty()) << AllProblems(*doc);
  ASSERT_EQ(doc->tables.size(), tabs.tables.size());
  for (size_t k = 0; k < tabs.tables.size(); ++k) {
    const DisclosureTable& a = tabs.tables[k];
    const DisclosureTable& b = doc->tables[k];
    EXPECT_EQ(b.number, a.number);
    EXPECT_EQ(b.title, a.title);
    EXPECT_EQ(b.unit, "万元");
    ASSERT_EQ(b.rows.size(), a.rows.size()) << "表" << a.number;
    for (size_t i = 0; i < a.rows.size(); ++i) {
      EXPECT_EQ(b.rows[i].code, a.rows[i].code);
      EXPECT_EQ(b.rows[i].values, a.rows[i].values) << "表" << a.number << " " << a.rows[i].label;
    }
  }
}

TEST(DisclosureLayout, InjectedErrorsAreReported) {
  // 02 is 01 with 支出决算表 removed and the 三公 figures deleted.
  DisclosureDocument doc = Read("02_putuo_caizhengju_2024_final_INJECTED_ERRORS.txt");
  EXPECT_EQ(CountProblems(doc, {"支出决算表」 (item 3)", "no such table"}), 1) << AllProblems(doc);
  EXPECT_EQ(CountProblems(doc, {"三公", "no rows"}), 1) << AllProblems(doc);
  EXPECT_EQ(doc.problems.size(), 2u) << AllProblems(doc);
  // The other tables keep the numbers the contents give them, and read as in 01.
  EXPECT_EQ(doc.FindTable(3), nullptr);
  EXPECT_EQ(Table(doc, 4, "支出").title, "财政拨款收入支出决算总表");
  EXPECT_NEAR(Figure(Table(doc, 2), "2010601", 1), 1511.89, kCent);
  EXPECT_NEAR(Figure(Table(doc, 6), "30102", 0), 1238.58, kCent);
  EXPECT_EQ(Table(doc, 6).rows.size(), 66u);
  // "类  款  项      合计   2,946.25 …": the last header line and the total row on one line.
  const DisclosureTable& t2 = Table(doc, 2);
  ASSERT_FALSE(t2.rows.empty());
  EXPECT_EQ(t2.rows.front().label, "合计");
  EXPECT_EQ(t2.rows.front().code, "");
  EXPECT_NEAR(Figure(t2, "合计", 0), 2946.25, kCent);
  EXPECT_NEAR(Figure(t2, "合计", 6), 6.20, kCent);
  EXPECT_EQ(t2.rows.size(), 20u);
  EXPECT_NEAR(Figure(Table(doc, 4, "支出"), "一、一般公共服务支出", 0), 2106.66, kCent);
}

// --- Damaged copies --------------------------------------------------------------------------

TEST(DisclosureDamaged, MissingTableIsNamed) {
  DisclosureDocument doc = Read("changji-damaged-missing-table5.txt");
  EXPECT_EQ(doc.FindTable(5), nullptr);
  EXPECT_EQ(CountProblems(doc, {"表5 is missing", "表4 is followed by 表6"}), 1)
      << AllProblems(doc);
  EXPECT_EQ(CountProblems(doc, {"一般公共预算支出情况表」", "no such table"}), 1)
      << AllProblems(doc);
  EXPECT_EQ(doc.problems.size(), 2u) << AllProblems(doc);
}

TEST(DisclosureDamaged, AlteredNumbers) {
  DisclosureDocument doc = Read("changji-damaged-altered-numbers.txt");
  // A malformed figure is reported with its table, row, column and text, and read as blank.
  ASSERT_EQ(doc.problems.size(), 1u) << AllProblems(doc);
  std::string p = FormatProblem(doc.problems[0]);
  EXPECT_NE(p.find("changji-damaged-altered-numbers.txt:127"), std::string::npos) << p;
  EXPECT_NE(p.find("表2 部门收入总体情况表"), std::string::npos) << p;
  EXPECT_NE(p.find("row 208 社会保障和就业支出"), std::string::npos) << p;
  EXPECT_NE(p.find("财政拨款（补助）/一般公共预算"), std::string::npos) << p;
  EXPECT_NE(p.find("1,7676.7"), std::string::npos) << p;
  EXPECT_TRUE(std::isnan(Figure(Table(doc, 2), "208", 2)));
  EXPECT_NEAR(Figure(Table(doc, 2), "208", 0), 5339.80, kCent);
  // A well-formed but different figure is read as printed: finding it is a checker's job.
  EXPECT_NEAR(Figure(Table(doc, 3), "总计", 1), 965.35, kCent);
}

TEST(DisclosureDamaged, PageBreakInsideATableIsMerged) {
  DisclosureDocument broken = Read("changji-damaged-page-break.txt");
  DisclosureDocument seed = Read("changji-hrss-2026-budget.txt");
  EXPECT_TRUE(broken.problems.empty()) << AllProblems(broken);
  const DisclosureTable& a = Table(broken, 3);
  const DisclosureTable& b = Table(seed, 3);
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].code, b.rows[i].code);
    EXPECT_EQ(a.rows[i].label, b.rows[i].label);
    EXPECT_EQ(a.rows[i].values, b.rows[i].values) << a.rows[i].label;
  }

  DisclosureDocument layout = Read("04-damaged-page-break.txt");
  DisclosureDocument original = Read("04_putuo_shehuigongzuobu_2024_final.txt");
  EXPECT_TRUE(layout.problems.empty()) << AllProblems(layout);
  const DisclosureTable& c = Table(layout, 2);
  const DisclosureTable& d = Table(original, 2);
  EXPECT_EQ(c.columns, d.columns);
  ASSERT_EQ(c.rows.size(), d.rows.size());
  for (size_t i = 0; i < c.rows.size(); ++i) {
    EXPECT_EQ(c.rows[i].code, d.rows[i].code);
    EXPECT_EQ(c.rows[i].label, d.rows[i].label);
    EXPECT_EQ(c.rows[i].values, d.rows[i].values) << c.rows[i].label;
  }
}

TEST(DisclosureDamaged, TruncatedTextIsReported) {
  DisclosureDocument doc = Read("changji-damaged-truncated.txt");
  EXPECT_EQ(CountProblems(doc, {"表6 一般公共预算基本支出情况表", "ends inside this table"}), 1)
      << AllProblems(doc);
  // The tables after 表6 are named as missing from the contents.
  EXPECT_EQ(CountProblems(doc, {"上年结转结余情况表」", "no such table"}), 1) << AllProblems(doc);
  EXPECT_EQ(doc.tables.back().number, 6);

  DisclosureDocument layout = Read("01-damaged-truncated.txt");
  EXPECT_EQ(CountProblems(layout, {"一般公共预算财政拨款基本支出决算表", "ends inside", ":400:"}),
            1)
      << AllProblems(layout);
  EXPECT_EQ(CountProblems(layout, {"三公", "no such table"}), 1) << AllProblems(layout);
}

TEST(DisclosureDamaged, MalformedFigureInLayoutText) {
  DisclosureDocument doc = Read("03-damaged-altered-number.txt");
  ASSERT_EQ(doc.problems.size(), 1u) << AllProblems(doc);
  std::string p = FormatProblem(doc.problems[0]);
  EXPECT_NE(p.find(":259: 收入决算表: not a figure"), std::string::npos) << p;
  EXPECT_NE(p.find("10,92.80"), std::string::npos) << p;
  // The row keeps its name; the unreadable cell is blank, the next one read.
  EXPECT_EQ(Row(Table(doc, 2), "21201")->label, "城乡社区管理事务");
  EXPECT_TRUE(std::isnan(Figure(Table(doc, 2), "21201", 0)));
  EXPECT_NEAR(Figure(Table(doc, 2), "21201", 1), 1092.80, kCent);
}

TEST(DisclosureDamaged, LinesThatCannotBePlacedAreReported) {
  // A tab table: text in a figure column; a -layout table: a word among the figures.
  std::string text =
      "表 1\n部门收支总体情况表\n单位：万元\n项目\t预算数\n一、本年收入\t5,350.55\n"
      "其他收入\t见附件\n收入总计\t5,350.55\n";
  absl::StatusOr<DisclosureDocument> doc = ReadDisclosureText(text, "mini.txt");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(CountProblems(*doc, {"mini.txt:6:", "row 其他收入", "not a figure «见附件»"}), 1)
      << AllProblems(*doc);
  std::string layout =
      "                收入决算表\n"
      "                                     单位：元\n"
      "   项目             本年收入合计      财政拨款收入\n"
      "   合计                 1,200.00         1,200.00\n"
      "   一、其他            300.00   另见     300.00\n";
  doc = ReadDisclosureText(layout, "layout.txt");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->tables.size(), 1u);
  EXPECT_EQ(doc->tables[0].unit, "元");
  EXPECT_EQ(doc->tables[0].columns, (std::vector<std::string>{"本年收入合计", "财政拨款收入"}));
  EXPECT_EQ(CountProblems(*doc, {"layout.txt:5:", "text among the figures: «另见»"}), 1)
      << AllProblems(*doc);
}

// --- Layout variants (variants/, made by make_variants.py) ----------------------------------

// Every table of `b` has the rows of the same table of `a` (by number and part): codes, labels
// and figures (times `scale`, for a copy in 元).
void ExpectSameTables(const DisclosureDocument& a, const DisclosureDocument& b, double scale,
                      const std::string& what) {
  ASSERT_EQ(b.tables.size(), a.tables.size()) << what;
  for (const DisclosureTable& t : a.tables) {
    const DisclosureTable* u = b.FindTable(t.number, t.part);
    ASSERT_NE(u, nullptr) << what << " 表" << t.number << t.part;
    EXPECT_EQ(u->columns, t.columns) << what << " 表" << t.number;
    ASSERT_EQ(u->rows.size(), t.rows.size()) << what << " 表" << t.number << t.part;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      const DisclosureRow& x = t.rows[i];
      const DisclosureRow& y = u->rows[i];
      EXPECT_EQ(y.code, x.code) << what << " 表" << t.number << " " << x.label;
      EXPECT_EQ(y.label, x.label) << what << " 表" << t.number;
      ASSERT_EQ(y.values.size(), x.values.size()) << what;
      for (size_t c = 0; c < x.values.size(); ++c) {
        ASSERT_EQ(y.values[c].has_value(), x.values[c].has_value())
            << what << " 表" << t.number << " " << x.label << " column " << c;
        if (x.values[c]) {
          EXPECT_NEAR(*y.values[c], *x.values[c] * scale, 1e-6 * scale);
        }
      }
    }
  }
}

TEST(DisclosureVariants, TablesReadLikeTheirSources) {
  DisclosureDocument seed = Read("changji-hrss-2026-budget.txt");
  DisclosureDocument d01 = Read("01_putuo_caizhengju_2024_final.txt");
  DisclosureDocument d03 = Read("03_putuo_guihuaziyuan_2024_final.txt");
  // Figures in whole 元, right-aligned where the 万元 figures ended: a 5-digit amount is not
  // taken for a code ("八、其他收入  62000"), nor "20100" alone under the 决算数 column, nor a
  // "0" that reaches where the right half's codes start on other lines.
  ExpectSameTables(d01, Read("variants/01-yuan-integers.txt"), 10000, "01-yuan-integers");
  ExpectSameTables(d03, Read("variants/other-region-final-9.txt"), 10000, "other-region-final-9");
  ExpectSameTables(d01, Read("variants/01-joined-codes.txt"), 1, "01-joined-codes");
  ExpectSameTables(d01, Read("variants/01-pages-bare.txt"), 1, "01-pages-bare");
  ExpectSameTables(seed, Read("variants/seed-joined-codes.txt"), 1, "seed-joined-codes");
  ExpectSameTables(seed, Read("variants/seed-pages-bare.txt"), 1, "seed-pages-bare");
  ExpectSameTables(seed, Read("variants/seed-yuan.txt"), 10000, "seed-yuan");
  // CRLF, a byte order mark, form feeds, and runs of spaces written as tabs in a -layout text:
  // the same document, narrative included.
  for (const char* file : {"variants/01-crlf-bom-ff-tabs.txt", "variants/seed-crlf-bom-tabs.txt"}) {
    const DisclosureDocument& source = file[9] == '0' ? d01 : seed;
    DisclosureDocument v = Read(file);
    ExpectSameTables(source, v, 1, file);
    EXPECT_EQ(v.organisation, source.organisation);
    EXPECT_EQ(v.problems.size(), source.problems.size()) << AllProblems(v);
    ASSERT_EQ(v.paragraphs.size(), source.paragraphs.size()) << file;
    for (size_t i = 0; i < v.paragraphs.size(); ++i)
      EXPECT_EQ(v.paragraphs[i].text, source.paragraphs[i].text) << file;
  }
}

TEST(DisclosureVariants, TitlesWithDepartmentAndYearAndNoTableNumbers) {
  // "昌吉市人力资源和社会保障局2026年部门收支总体情况表" without 表 N: numbered by the contents
  // (which list them without the department and year); the 绩效目标表 grids after them, which
  // the contents do not list and which state no unit, are narrative.
  DisclosureDocument doc = Read("variants/other-region-budget-12.txt");
  EXPECT_TRUE(doc.problems.empty()) << AllProblems(doc);
  EXPECT_EQ(Table(doc, 5).title, "昌吉市人力资源和社会保障局2026年一般公共预算支出情况表");
  EXPECT_EQ(Table(doc, 12).unit, "元");
  EXPECT_EQ(doc.FindTable(13), nullptr);
  EXPECT_EQ(doc.other_tables.size(), 9u);
  EXPECT_NEAR(Figure(Table(doc, 3), "2080101", 0), 5229600, kCent);
}

TEST(DisclosureVariants, CaptionsSpreadOverTheirCell) {
  // "金    额" over a column is one caption, not two; "事业收 / 入" and "经营收 / 入" stay apart.
  DisclosureDocument doc = Read("variants/01-captions.txt");
  EXPECT_EQ(Table(doc, 1, "收入").columns, std::vector<std::string>{"金额"});
  EXPECT_EQ(Table(doc, 1, "支出").columns, std::vector<std::string>{"金额"});
  EXPECT_EQ(Table(doc, 2).columns.size(), 7u);
  EXPECT_NEAR(Figure(Table(doc, 1, "收入"), "总计", 0), 2995.39, kCent);
}

// --- Never crash ---------------------------------------------------------------------------

TEST(DisclosureRobustness, RandomTruncationsAndJunk) {
  std::string seed = ReadFile("changji-hrss-2026-budget.txt");
  std::string layout = ReadFile("01_putuo_caizhengju_2024_final.txt");
  ASSERT_FALSE(seed.empty());
  std::mt19937 rng(20260101);
  for (int i = 0; i < 60; ++i) {
    const std::string& src = i % 2 ? layout : seed;
    size_t cut = std::uniform_int_distribution<size_t>(0, src.size())(rng);
    absl::StatusOr<DisclosureDocument> doc =
        ReadDisclosureText(std::string_view(src).substr(0, cut), "cut.txt");
    ASSERT_TRUE(doc.ok()) << cut;
    ExtractNarrativeFigures(*doc);
  }
  // Bytes flipped, lines shuffled, binary junk, empty text.
  for (int i = 0; i < 20; ++i) {
    std::string s = i % 2 ? layout : seed;
    for (int k = 0; k < 200; ++k)
      s[std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng)] =
          char(std::uniform_int_distribution<int>(0, 255)(rng));
    ASSERT_TRUE(ReadDisclosureText(s, "flipped.txt").ok());
  }
  std::string junk(50000, '\0');
  for (char& c : junk) c = char(std::uniform_int_distribution<int>(0, 255)(rng));
  ASSERT_TRUE(ReadDisclosureText(junk, "junk.bin").ok());
  std::string digits;
  for (int i = 0; i < 4000; ++i)
    digits += std::to_string(i) + (i % 7 ? "   " : "\t") + (i % 13 ? "" : "\n");
  ASSERT_TRUE(ReadDisclosureText(digits, "digits.txt").ok());
  absl::StatusOr<DisclosureDocument> empty = ReadDisclosureText("", "empty.txt");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->tables.empty());
  EXPECT_EQ(CountProblems(*empty, {"no table found"}), 1);
  std::string one_line(200000, ' ');
  one_line += "表 1";
  ASSERT_TRUE(ReadDisclosureText(one_line, "wide.txt").ok());
}

}  // namespace
}  // namespace suan
