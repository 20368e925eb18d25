#include "bench/city_workbook.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/io/json.hpp"
#include "formulas/a1.hpp"

namespace suan::bench {

namespace {

// Column layout: A label | B row total | C..J 8 inputs | K prior year | L share % | M growth %
constexpr int kColTotal = 1, kColIn0 = 2, kColInEnd = 9, kColPrior = 10, kColShare = 11,
              kColGrowth = 12;

const char* kExpHead[] = {"功能分类科目",
                          "合计",
                          "工资福利支出",
                          "商品和服务支出",
                          "对个人和家庭的补助",
                          "项目支出-运转类",
                          "项目支出-建设类",
                          "资本性支出",
                          "对企业补助",
                          "其他支出",
                          "上年预算数",
                          "占比%",
                          "增减%"};
const char* kIncHead[] = {"收入项目",
                          "合计",
                          "一般公共预算拨款",
                          "政府性基金拨款",
                          "国有资本经营预算拨款",
                          "事业收入",
                          "事业单位经营收入",
                          "上级补助收入",
                          "附属单位上缴收入",
                          "其他收入",
                          "上年预算数",
                          "占比%",
                          "增减%"};
const char* kFuncClasses[] = {
    "201 一般公共服务支出",   "205 教育支出",     "206 科学技术支出", "207 文化旅游体育与传媒支出",
    "208 社会保障和就业支出", "210 卫生健康支出", "211 节能环保支出", "212 城乡社区支出",
    "213 农林水支出",         "214 交通运输支出", "221 住房保障支出"};
const char* kIncClasses[] = {
    "01 财政拨款收入",     "02 事业收入", "03 事业单位经营收入", "04 上级补助收入",
    "05 附属单位上缴收入", "06 其他收入", "07 上年结转",         "08 用事业基金弥补收支差额"};

struct Class {
  int row, first, last;
  std::string label;
};
struct Block {
  int header, grand;
  std::vector<Class> classes;
  const char** head;
};
struct Layout {
  std::vector<Block> blocks;
  int summary_first = 0;
};

Layout MakeLayout(std::mt19937_64& rng) {
  Layout L;
  int r = 2;
  for (int bi = 0; bi < 2; ++bi) {
    Block b;
    const char** classes = bi == 0 ? kFuncClasses : kIncClasses;
    int n_classes = bi == 0 ? 11 : 8;
    if (bi == 1) {
      r += 1;
      b.header = r++;
    } else {
      b.header = 1;
    }
    int k = 7 + int(rng() % 2);
    std::vector<int> idx(static_cast<size_t>(n_classes));
    for (int i = 0; i < n_classes; ++i) idx[size_t(i)] = i;
    std::shuffle(idx.begin(), idx.end(), rng);
    idx.resize(size_t(k));
    std::sort(idx.begin(), idx.end());
    b.grand = r++;
    for (int ci : idx) {
      int nchild = 3 + int(rng() % 4);
      b.classes.push_back(Class{r, r + 1, r + nchild, classes[ci]});
      r += 1 + nchild;
    }
    b.head = bi == 0 ? kExpHead : kIncHead;
    L.blocks.push_back(std::move(b));
  }
  L.summary_first = r + 1;
  return L;
}

std::string A1(int r, int c) {
  return A1Address(r, c);
}
std::string Col(int c) {
  return ColumnLetters(c);
}

// (row, col, formula) for every formula cell shared by all sheets (the Total sheet included).
std::vector<std::tuple<int, int, std::string>> SheetFormulas(const Layout& L) {
  std::vector<std::tuple<int, int, std::string>> out;
  for (const Block& b : L.blocks) {
    int g = b.grand;
    std::vector<int> rows{g};
    for (const Class& c : b.classes) {
      rows.push_back(c.row);
      for (int lr = c.first; lr <= c.last; ++lr) rows.push_back(lr);
    }
    for (const Class& c : b.classes)
      for (int col = kColIn0; col <= kColPrior; ++col)
        out.emplace_back(c.row, col,
                         absl::StrCat("=SUM(", A1(c.first, col), ":", A1(c.last, col), ")"));
    for (int col = kColIn0; col <= kColPrior; ++col) {
      std::string f = "=SUM(";
      for (size_t i = 0; i < b.classes.size(); ++i)
        absl::StrAppend(&f, i ? "," : "", A1(b.classes[i].row, col));
      out.emplace_back(g, col, f + ")");
    }
    for (int r : rows) {
      out.emplace_back(r, kColTotal,
                       absl::StrCat("=SUM(", A1(r, kColIn0), ":", A1(r, kColInEnd), ")"));
      out.emplace_back(
          r, kColShare,
          absl::StrCat("=ROUND(", A1(r, kColTotal), "/", Col(kColTotal), "$", g + 1, "*100,2)"));
      std::string k = A1(r, kColPrior), bb = A1(r, kColTotal);
      out.emplace_back(r, kColGrowth,
                       absl::StrCat("=IF(", k, "=0,0,ROUND((", bb, "-", k, ")/", k, "*100,2))"));
    }
  }
  int s = L.summary_first;
  int ge = L.blocks[0].grand + 1, gi = L.blocks[1].grand + 1;
  out.emplace_back(s + 0, kColTotal, absl::StrCat("=B", gi, "-B", ge));
  out.emplace_back(s + 1, kColTotal,
                   absl::StrCat("=IF(ABS(B", s + 1, ")<0.005,\"平衡\",\"不平衡\")"));
  out.emplace_back(s + 2, kColTotal, absl::StrCat("=ROUND(C", gi, "/B", gi, "*100,2)"));
  out.emplace_back(s + 3, kColTotal, absl::StrCat("=ROUND(C", ge, "/B", ge, "*100,2)"));
  out.emplace_back(s + 4, kColTotal, absl::StrCat("=ROUND((B", ge, "-K", ge, ")/K", ge, "*100,2)"));
  out.emplace_back(s + 5, kColTotal, absl::StrCat("=IF(B", ge, ">=K", ge, ",\"增加\",\"减少\")"));
  return out;
}

std::vector<std::tuple<int, int, std::string>> SheetLabels(const Layout& L,
                                                           const std::string& title) {
  std::vector<std::tuple<int, int, std::string>> out;
  out.emplace_back(0, 0, title);
  for (int c = 0; c < 13; ++c) out.emplace_back(1, c, L.blocks[0].head[c]);
  for (int c = 0; c < 13; ++c) out.emplace_back(L.blocks[1].header, c, L.blocks[1].head[c]);
  for (size_t bi = 0; bi < L.blocks.size(); ++bi) {
    const Block& b = L.blocks[bi];
    out.emplace_back(b.grand, 0, bi == 0 ? "支出合计" : "收入合计");
    for (const Class& c : b.classes) {
      out.emplace_back(c.row, 0, c.label);
      std::string code = c.label.substr(0, c.label.find(' '));
      for (int lr = c.first; lr <= c.last; ++lr)
        out.emplace_back(lr, 0, absl::StrFormat("%s%02d 项", code, lr - c.first + 1));
    }
  }
  const char* summary[] = {"收支差额",          "收支平衡检查",    "财政拨款占收入比%",
                           "人员经费占支出比%", "支出较上年增减%", "增减判断"};
  for (int i = 0; i < 6; ++i) out.emplace_back(L.summary_first + i, 0, summary[i]);
  return out;
}

}  // namespace

CityWorkbook GenerateCityWorkbook(int departments, uint64_t seed) {
  CityWorkbook city;
  city.departments = departments;
  std::mt19937_64 rng(seed);
  Layout L = MakeLayout(rng);
  auto formulas = SheetFormulas(L);
  std::vector<std::pair<int, int>> leaf_inputs;  // (row, col) of C..K leaves
  for (const Block& b : L.blocks)
    for (const Class& c : b.classes)
      for (int r = c.first; r <= c.last; ++r)
        for (int col = kColIn0; col <= kColPrior; ++col) leaf_inputs.emplace_back(r, col);
  for (int d = 0; d < departments; ++d) city.sheets.push_back(absl::StrFormat("Dept_%04d", d + 1));
  city.sheets.push_back("Total");
  std::exponential_distribution<double> expo(1.0);
  std::lognormal_distribution<double> lognorm(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int d = 0; d <= departments; ++d) {
    bool total = d == departments;
    uint32_t s = uint32_t(d);
    for (auto& [r, c, t] :
         SheetLabels(L, absl::StrCat(city.sheets[size_t(d)], total ? " 全市汇总（单位：万元）"
                                                                   : " 部门预算表（单位：万元）")))
      city.cells.push_back(CityCell{s, r, c, CityCell::Kind::kText, 0, t});
    if (total) {
      std::string range =
          absl::StrCat(city.sheets.front(), ":", city.sheets[size_t(departments - 1)], "!");
      for (auto [r, c] : leaf_inputs)
        city.cells.push_back(CityCell{s, r, c, CityCell::Kind::kFormula, 0,
                                      absl::StrCat("=SUM(", range, A1(r, c), ")")});
      city.formula_count += leaf_inputs.size();
    } else {
      std::mt19937_64 drng(seed * 1000003 + uint64_t(d));
      double scale = lognorm(drng) * 50.0;
      for (const Block& b : L.blocks)
        for (const Class& c : b.classes)
          for (int r = c.first; r <= c.last; ++r) {
            double row_sum = 0;
            for (int col = kColIn0; col <= kColInEnd; ++col) {
              double cents = unit(drng) < 0.25 ? 0 : std::round(expo(drng) * scale * 100);
              row_sum += cents;
              city.cells.push_back(CityCell{s, r, col, CityCell::Kind::kNumber, cents / 100, ""});
              if (&b == &L.blocks[0] && col <= kColInEnd)
                city.edit_targets.push_back(CityWorkbook::Input{s, r, col});
            }
            double prior = std::round(row_sum * (0.8 + 0.4 * unit(drng)));
            city.cells.push_back(
                CityCell{s, r, kColPrior, CityCell::Kind::kNumber, prior / 100, ""});
          }
    }
    for (auto& [r, c, f] : formulas)
      city.cells.push_back(CityCell{s, r, c, CityCell::Kind::kFormula, 0, f});
    city.formula_count += formulas.size();
  }
  city.target_sheet = uint32_t(departments);
  city.target_row = L.blocks[0].grand;
  city.target_col = kColTotal;
  return city;
}

absl::Status LoadCityWorkbook(const CityWorkbook& city, Workbook& book) {
  for (const std::string& s : city.sheets)
    if (auto r = book.AddSheet(s); !r.ok()) return r.status();
  for (const CityCell& c : city.cells) {
    absl::Status st;
    switch (c.kind) {
      case CityCell::Kind::kNumber:
        st = book.SetValue(c.sheet, c.row, c.col, Value::Number(c.number));
        break;
      case CityCell::Kind::kText:
        st = book.SetValue(c.sheet, c.row, c.col, Value::Text(c.text));
        break;
      case CityCell::Kind::kFormula:
        st = book.SetFormula(c.sheet, c.row, c.col, c.text);
        break;
    }
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

std::string CityWorkbookJson(const CityWorkbook& city) {
  std::string out = "{\"format\":\"calc-peer-bench/1\",\"sheets\":[";
  size_t k = 0;
  for (uint32_t s = 0; s < city.sheets.size(); ++s) {
    if (s) out += ",";
    out += "{\"name\":";
    AppendJsonString(out, city.sheets[s]);
    out += ",\"cells\":[";
    bool first = true;
    for (; k < city.cells.size() && city.cells[k].sheet == s; ++k) {
      const CityCell& c = city.cells[k];
      if (!first) out += ",";
      first = false;
      absl::StrAppend(&out, "[", c.row, ",", c.col, ",");
      if (c.kind == CityCell::Kind::kNumber) {
        AppendJsonNumber(out, c.number);
      } else {
        AppendJsonString(out, c.text);
      }
      out += "]";
    }
    out += "]}";
  }
  absl::StrAppend(&out, "],\"target\":[", city.target_sheet, ",", city.target_row, ",",
                  city.target_col, "],\"meta\":{\"n_depts\":", city.departments, "}}\n");
  return out;
}

const CityWorkbook& BenchCityWorkbook(int departments) {
  static std::map<int, std::unique_ptr<CityWorkbook>> cache;
  auto& c = cache[departments];
  if (!c) c = std::make_unique<CityWorkbook>(GenerateCityWorkbook(departments, 20240601));
  return *c;
}

}  // namespace suan::bench
