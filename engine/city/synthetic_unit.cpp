#include "engine/city/synthetic_unit.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"

namespace suan::city {

namespace {

using model::RowKind;
using Yuan = int64_t;

// Function codes whose basic spending mirrors an economic code (the template's A6_30 checks).
constexpr const char* kPension = "2080505";       // 30108
constexpr const char* kAnnuity = "2080506";       // 30109
constexpr const char* kMedicalAdmin = "2101101";  // 30110 (行政)
constexpr const char* kMedicalInst = "2101102";   // 30110 (事业)
constexpr const char* kCivilMedical = "2101103";  // 30111
constexpr const char* kHousing = "2210201";       // 30113
// 款 of those mirror codes: never a department's own work or projects.
const std::set<std::string> kPersonnelSections = {"20805", "21011", "22102"};

bool IsRunName(const std::string& name) {
  return name == "行政运行" || name == "事业运行";
}

class Builder {
 public:
  Builder(const model::Template& t, const DepartmentProfile& p) : t_(t), p_(p), rng_(p.seed) {}

  absl::StatusOr<model::UnitData> Build();

 private:
  // --- randomness ---
  double Uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng_); }
  bool Chance(double p) { return Uniform(0, 1) < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng_)];
  }
  // `total` split into `n` positive parts of uneven size (each at least `floor`, whole 元).
  std::vector<Yuan> Split(Yuan total, size_t n, double spread, Yuan floor = 1000) {
    std::vector<Yuan> out(n, 0);
    if (n == 0) return out;
    std::lognormal_distribution<double> w(0, spread);
    std::vector<double> weights(n);
    double sum = 0;
    for (double& x : weights) sum += x = w(rng_);
    Yuan left = total - floor * Yuan(n);
    if (left < 0) left = 0;
    Yuan given = 0;
    for (size_t k = 0; k < n; ++k) {
      out[k] = floor + Yuan(std::floor(double(left) * weights[k] / sum));
      given += out[k];
    }
    out[0] += total - given;  // the remainder, so the parts add up exactly
    return out;
  }
  // An amount in 元 that is not a round number (publishers round each cell to 万元 on its own).
  Yuan Odd(double yuan) { return std::max<Yuan>(1000, Yuan(yuan) + Yuan(Uniform(0, 97))); }

  // --- figures, in 元, by table / part / row ---
  struct Row {
    RowKind kind;
    std::string key, code, label;
    std::map<int, Yuan> values;  // by column index
  };
  absl::Status Need(bool ok, std::string what) {
    if (!ok && error_.ok()) {
      error_ = absl::InvalidArgumentError(
          absl::StrCat("the synthetic departments are made for the 12-table budget disclosure "
                       "(budget-disclosure-2026.suan); this model has no ",
                       what));
    }
    return error_;
  }
  int Table(const std::string& key) {
    int k = t_.TableIndex(key);
    (void)Need(k >= 0, "table " + key);
    return k;
  }
  int Column(int table, int part, const std::string& key) {
    if (table < 0) return -1;
    int j = t_.tables[size_t(table)].parts[size_t(part)].ColumnIndex(key);
    (void)Need(j >= 0, t_.tables[size_t(table)].key + " column " + key);
    return j;
  }
  Row* Find(int table, int part, RowKind kind, const std::string& key) {
    for (Row& r : rows_[{table, part}]) {
      if (r.kind == kind && r.key == key) return &r;
    }
    return nullptr;
  }
  Row& At(int table, int part, RowKind kind, const std::string& key, const std::string& code = "",
          const std::string& label = "") {
    if (Row* r = Find(table, part, kind, key)) return *r;
    if (kind == RowKind::kFixed && table >= 0) {
      (void)Need(t_.tables[size_t(table)].parts[size_t(part)].FixedRowIndex(key) >= 0,
                 t_.tables[size_t(table)].key + " row " + key);
    }
    rows_[{table, part}].push_back(Row{kind, key, code, label, {}});
    return rows_[{table, part}].back();
  }
  void Add(int table, int part, RowKind kind, const std::string& key, const std::string& column,
           Yuan v, const std::string& code = "", const std::string& label = "") {
    if (table < 0) return;
    int j = Column(table, part, column);
    if (j < 0) return;
    At(table, part, kind, key, code, label).values[j] += v;
  }
  void Fixed(const std::string& table, int part, const std::string& row, const std::string& column,
             Yuan v) {
    Add(Table(table), part, RowKind::kFixed, row, column, v);
  }
  // A figure of a function code and, summed, of its 款 and 类.
  void Coded(const std::string& table, int part, const std::string& code, const std::string& column,
             Yuan v, int lowest_level = 2) {
    const model::CodeList* list = function_codes_;
    std::string c = code;
    for (int level = list->LevelOf(c); level >= 0 && !c.empty(); c = list->Parent(c), --level) {
      if (level > lowest_level) continue;
      Add(Table(table), part, RowKind::kCode, c, column, v, c);
    }
  }
  void Economic(const std::string& code, const std::string& column, Yuan v) {
    std::string up = economic_codes_->Parent(code);
    Add(Table("表6"), 0, RowKind::kCode, code, "合计", v, code);
    Add(Table("表6"), 0, RowKind::kCode, code, column, v, code);
    Add(Table("表6"), 0, RowKind::kCode, up, "合计", v, up);
    Add(Table("表6"), 0, RowKind::kCode, up, column, v, up);
    Fixed("表6", 0, "总计", "合计", v);
    Fixed("表6", 0, "总计", column, v);
  }
  std::string FunctionName(const std::string& code) const {
    std::string n = function_codes_->NameOf(code);
    return n.empty() ? code : n;
  }

  void ChooseCodes();
  void BasicSpending();
  void Projects();
  void Funding();
  void CarryOver();
  void Tables();
  model::UnitData ToUnitData();

  const model::Template& t_;
  DepartmentProfile p_;
  std::mt19937_64 rng_;
  absl::Status error_;
  const model::CodeList* function_codes_ = nullptr;
  const model::CodeList* economic_codes_ = nullptr;
  std::map<std::pair<int, int>, std::vector<Row>> rows_;

  // The department, by function code (项): basic spending, general-budget projects,
  // carried-over project spending, transfers from above.
  std::string run_code_;
  std::vector<std::string> project_codes_;
  std::map<std::string, Yuan> basic_, projects_, carried_, transfer_;
  Yuan total_ = 0;
  std::map<std::string, Yuan> economic_;  // basic spending by economic code (款)
  struct Project {
    std::string name, code;
    std::map<std::string, Yuan> by_class;  // 表7 column -> 元
  };
  std::vector<Project> projects_list_;
  std::vector<std::pair<std::string, Yuan>> carried_items_;  // 表12
};

std::vector<std::string> SectionsWithRun(const model::CodeList& list) {
  std::vector<std::string> out;
  for (const model::CodeEntry* e : list.Entries()) {
    if (list.LevelOf(e->code) != 2 || !IsRunName(e->name)) continue;
    std::string section = list.Parent(e->code);
    if (kPersonnelSections.count(section)) continue;
    if (out.empty() || out.back() != section) out.push_back(section);
  }
  return out;
}

void Builder::ChooseCodes() {
  std::vector<std::string> sections = SectionsWithRun(*function_codes_);
  if (!Need(!sections.empty(), "款 with a 行政运行 or 事业运行 code").ok()) return;
  std::string section = p_.main_section;
  if (section.empty() || std::find(sections.begin(), sections.end(), section) == sections.end()) {
    section = Pick(sections);
  }
  std::string want = p_.administrative ? "行政运行" : "事业运行";
  std::vector<std::string> runs, projects, elsewhere;
  std::string cls = function_codes_->Parent(section);
  for (const model::CodeEntry* e : function_codes_->Entries()) {
    if (function_codes_->LevelOf(e->code) != 2) continue;
    std::string s = function_codes_->Parent(e->code);
    if (kPersonnelSections.count(s)) continue;
    if (s == section && IsRunName(e->name)) {
      runs.push_back(e->code);
    } else if (IsRunName(e->name)) {
      continue;
    } else if (function_codes_->Parent(s) == cls) {
      projects.push_back(e->code);
    } else {
      elsewhere.push_back(e->code);
    }
  }
  run_code_ = runs[0];
  for (const std::string& r : runs) {
    if (FunctionName(r) == want) run_code_ = r;
  }
  std::shuffle(projects.begin(), projects.end(), rng_);
  size_t n = std::min(projects.size(), size_t(1 + std::uniform_int_distribution<int>(0, 3)(rng_)));
  project_codes_.assign(projects.begin(), projects.begin() + std::ptrdiff_t(n));
  if (!elsewhere.empty() && Chance(0.2)) project_codes_.push_back(Pick(elsewhere));
  if (project_codes_.empty()) project_codes_.push_back(run_code_);
}

void Builder::BasicSpending() {
  // The seed department: 5,487 万元 in all, 956 of it basic spending.
  total_ = Yuan(5.487e7 * p_.scale * Uniform(0.85, 1.15));
  Yuan basic = Yuan(double(total_) * Uniform(0.15, 0.55));
  Yuan staff = Yuan(double(basic) * Uniform(0.68, 0.84));
  Yuan office = Yuan(double(basic) * Uniform(0.1, 0.22));
  Yuan families = Chance(0.6) ? Yuan(double(basic) * Uniform(0.01, 0.06)) : 0;
  Yuan capital = Chance(0.1) ? Yuan(double(basic) * Uniform(0.005, 0.02)) : 0;
  // 工资福利支出 in the seed's proportions, each varied.
  std::vector<std::pair<const char*, double>> pay = {
      {"30101", 0.28},  {"30102", 0.25},  {p_.administrative ? "30103" : "30107", 0.14},
      {"30108", 0.105}, {"30109", 0.053}, {"30110", 0.063},
      {"30113", 0.08}};
  if (p_.administrative) pay.push_back({"30111", 0.026});
  for (const char* optional : {"30112", "30114", "30199"}) {
    if (Chance(0.5)) pay.push_back({optional, 0.004});
  }
  double weight = 0;
  for (auto& [code, w] : pay) weight += w *= Uniform(0.85, 1.15);
  Yuan given = 0;
  for (auto& [code, w] : pay) {
    Yuan v = std::max<Yuan>(1000, Odd(double(staff) * w / weight));
    economic_[code] = v;
    given += v;
  }
  economic_["30101"] += std::max<Yuan>(staff - given, 0);
  // 商品和服务支出: a handful of the usual codes.
  std::vector<std::string> goods = {"30201", "30202", "30205", "30206", "30207", "30208",
                                    "30209", "30211", "30213", "30215", "30216", "30217",
                                    "30226", "30228", "30229", "30231", "30239", "30299"};
  std::shuffle(goods.begin(), goods.end(), rng_);
  goods.resize(size_t(std::uniform_int_distribution<int>(5, 12)(rng_)));
  if (Chance(0.12)) goods.push_back("30212");  // 因公出国（境）费用
  std::vector<Yuan> parts = Split(office, goods.size(), 0.9);
  for (size_t k = 0; k < goods.size(); ++k) economic_[goods[k]] += parts[k];
  if (families) {
    std::vector<std::string> codes = {"30302", "30305", "30309", "30399"};
    codes.resize(size_t(std::uniform_int_distribution<int>(1, 3)(rng_)));
    parts = Split(families, codes.size(), 0.8);
    for (size_t k = 0; k < codes.size(); ++k) economic_[codes[k]] += parts[k];
  }
  if (capital) economic_[Chance(0.3) ? "31013" : "31002"] += capital;
  for (const auto& [code, v] : economic_) {
    (void)Need(economic_codes_->Find(code) != nullptr, "economic code " + code);
  }

  // Basic spending by function code: the mirrored codes, the rest is the unit's running cost.
  auto mirror = [&](const char* function, const char* economic) {
    auto it = economic_.find(economic);
    if (it != economic_.end()) basic_[function] += it->second;
  };
  mirror(kPension, "30108");
  mirror(kAnnuity, "30109");
  mirror(p_.administrative ? kMedicalAdmin : kMedicalInst, "30110");
  mirror(kCivilMedical, "30111");
  mirror(kHousing, "30113");
  Yuan all = 0, mirrored = 0;
  for (const auto& [code, v] : economic_) all += v;
  for (const auto& [code, v] : basic_) mirrored += v;
  basic_[run_code_] += all - mirrored;
  for (const auto& [code, v] : basic_) {
    (void)Need(function_codes_->Find(code) != nullptr, "function code " + code);
  }
}

void Builder::Projects() {
  Yuan basic = 0;
  for (const auto& [code, v] : basic_) basic += v;
  Yuan rest = std::max<Yuan>(total_ - basic, 20000);
  Yuan carried = Chance(0.5) ? Yuan(double(rest) * Uniform(0.01, 0.08)) : 0;
  Yuan general = rest - carried;
  // Projects: a few per project code, more in a bigger department.
  size_t n =
      size_t(std::clamp(2.0 + std::log2(std::max(p_.scale, 0.25)) * 2 + Uniform(0, 5), 1.0, 14.0));
  std::vector<Yuan> sizes = Split(general, n, 1.0, 20000);
  static const std::vector<std::string> kSuffix = {"专项经费", "业务经费", "补助资金",
                                                   "能力提升", "运行保障", "信息化建设"};
  std::set<std::string> names;
  for (size_t k = 0; k < n; ++k) {
    Project pr;
    pr.code = Pick(project_codes_);
    for (int attempt = 0; attempt < 12; ++attempt) {
      pr.name = FunctionName(pr.code) + Pick(kSuffix);
      if (attempt > 5) pr.name = absl::StrCat(p_.year, "年", pr.name);
      if (names.insert(pr.name).second) break;
      pr.name.clear();
    }
    if (pr.name.empty()) pr.name = absl::StrCat(FunctionName(pr.code), "项目", k + 1);
    names.insert(pr.name);
    // Mostly goods and services; some pay, transfers to people or equipment.
    Yuan size = sizes[k];
    double r = Uniform(0, 1);
    if (r < 0.6) {
      pr.by_class["商品和服务支出"] = size;
    } else if (r < 0.75) {
      Yuan pay = Yuan(double(size) * Uniform(0.2, 0.8));
      pr.by_class["工资福利支出"] = pay;
      pr.by_class["商品和服务支出"] = size - pay;
    } else if (r < 0.9) {
      pr.by_class["对个人和家庭的补助"] = size;
    } else {
      Yuan capital = Yuan(double(size) * Uniform(0.3, 0.9));
      pr.by_class["资本性支出"] = capital;
      pr.by_class["商品和服务支出"] = size - capital;
    }
    projects_[pr.code] += size;
    projects_list_.push_back(std::move(pr));
  }
  // Carried-over projects (表12), each spent under one of the project codes.
  if (carried) {
    size_t m = size_t(std::uniform_int_distribution<int>(1, 3)(rng_));
    std::vector<Yuan> parts = Split(carried, m, 0.7);
    for (size_t k = 0; k < m; ++k) {
      std::string code = Pick(project_codes_);
      std::string name = absl::StrCat(p_.year - 1, "年", FunctionName(code), "结转资金");
      if (k) name += absl::StrCat("（", k + 1, "）");
      carried_[code] += parts[k];
      carried_items_.emplace_back(name, parts[k]);
    }
  }
}

void Builder::Funding() {
  // Transfers from above (上级转移支付) fund some projects, never running costs.
  for (const auto& [code, v] : projects_) {
    if (code == run_code_ || !Chance(0.4)) continue;
    transfer_[code] = Yuan(double(v) * Uniform(0.3, 1.0));
  }
}

void Builder::Tables() {
  std::set<std::string> codes;
  for (auto* m : {&basic_, &projects_, &carried_}) {
    for (const auto& [code, v] : *m) codes.insert(code);
  }
  auto get = [](const std::map<std::string, Yuan>& m, const std::string& c) {
    auto it = m.find(c);
    return it == m.end() ? Yuan(0) : it->second;
  };
  Yuan general_sum = 0, transfer_sum = 0, carried_sum = 0;
  for (const std::string& c : codes) {
    Yuan b = get(basic_, c), p5 = get(projects_, c), cz = get(carried_, c), u = get(transfer_, c);
    Yuan g = b + p5 - u;
    general_sum += g;
    transfer_sum += u;
    carried_sum += cz;
    // 表3: all spending; 表5: general budget; 表2: where the money comes from.
    Coded("表3", 0, c, "合计", b + p5 + cz);
    Coded("表3", 0, c, "基本支出", b);
    if (p5 + cz) Coded("表3", 0, c, "项目支出", p5 + cz);
    Coded("表5", 0, c, "合计", b + p5);
    Coded("表5", 0, c, "基本支出", b);
    if (p5) Coded("表5", 0, c, "项目支出", p5);
    Coded("表2", 0, c, "总计", b + p5 + cz);
    Coded("表2", 0, c, "小计", b + p5);
    if (g) Coded("表2", 0, c, "一般公共预算", g);
    if (u) Coded("表2", 0, c, "上级一般公共预算转移支付", u);
    if (cz) Coded("表2", 0, c, "财政拨款结转", cz);
    // 表1 and 表4 list the 类 totals.
    Coded("表1", 1, c, "预算数", b + p5 + cz, 0);
    Coded("表4", 1, c, "合计", b + p5, 0);
    Coded("表4", 1, c, "一般公共预算", b + p5, 0);
  }
  Yuan total = general_sum + transfer_sum + carried_sum;
  for (const char* col : {"合计", "基本支出", "项目支出"}) {
    Yuan v = 0;
    for (const std::string& c : codes) {
      Yuan b = get(basic_, c), p5 = get(projects_, c), cz = get(carried_, c);
      v += std::string(col) == "合计" ? b + p5 + cz : std::string(col) == "基本支出" ? b : p5 + cz;
    }
    Fixed("表3", 0, "总计", col, v);
  }
  Yuan basic_sum = 0, project_sum = 0;
  for (const std::string& c : codes) {
    basic_sum += get(basic_, c);
    project_sum += get(projects_, c);
  }
  Fixed("表5", 0, "总计", "合计", basic_sum + project_sum);
  Fixed("表5", 0, "总计", "基本支出", basic_sum);
  Fixed("表5", 0, "总计", "项目支出", project_sum);
  Fixed("表2", 0, "总计", "总计", total);
  Fixed("表2", 0, "总计", "小计", general_sum + transfer_sum);
  Fixed("表2", 0, "总计", "一般公共预算", general_sum);
  if (transfer_sum) Fixed("表2", 0, "总计", "上级一般公共预算转移支付", transfer_sum);
  if (carried_sum) Fixed("表2", 0, "总计", "财政拨款结转", carried_sum);

  // 表1: income by source, and the total both ways.
  Yuan appropriated = general_sum + transfer_sum;
  Fixed("表1", 0, "本年收入", "预算数", appropriated);
  Fixed("表1", 0, "一般公共预算拨款", "预算数", appropriated);
  Fixed("表1", 0, "一般财力", "预算数", general_sum);
  Fixed("表1", 0, "上级一般公共预算转移支付", "预算数", transfer_sum);
  for (const char* zero :
       {"政府性基金预算拨款", "政府性基金收入", "上级政府性基金转移支付", "国有资本经营预算拨款",
        "国有资本经营收入", "上级国有资本经营预算转移支付", "财政专户核拨", "单位资金", "事业收入",
        "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入",
        "结转政府性基金预算拨款", "结转国有资本经营预算拨款", "非财政拨款结转结余",
        "结转财政专户核拨", "结转单位资金"}) {
    Fixed("表1", 0, zero, "预算数", 0);
  }
  Fixed("表1", 0, "上年结转结余", "预算数", carried_sum);
  Fixed("表1", 0, "财政拨款结转", "预算数", carried_sum);
  Fixed("表1", 0, "结转一般公共预算拨款", "预算数", carried_sum);
  Fixed("表1", 0, "收入总计", "预算数", total);
  Fixed("表1", 1, "支出总计", "预算数", total);

  // 表4: appropriations, all of them general budget here.
  Fixed("表4", 0, "财政拨款", "合计", appropriated);
  Fixed("表4", 0, "一般公共预算", "合计", appropriated);
  Fixed("表4", 0, "政府性基金预算", "合计", 0);
  Fixed("表4", 0, "国有资本经营预算", "合计", 0);
  Fixed("表4", 0, "收入总计", "合计", appropriated);
  Fixed("表4", 1, "支出总计", "合计", appropriated);
  Fixed("表4", 1, "支出总计", "一般公共预算", appropriated);

  // 表6: basic spending by economic code.
  for (const auto& [code, v] : economic_) {
    std::string cls = economic_codes_->Parent(code);
    Economic(code, cls == "301" || cls == "303" ? "人员经费" : "公用经费", v);
  }

  // 表7: general-budget projects under their codes (类 and 款 rows, as published).
  int t7 = Table("表7");
  std::string unit_row = "部门";
  for (const Project& pr : projects_list_) {
    Yuan size = 0;
    for (const auto& [column, v] : pr.by_class) size += v;
    Add(t7, 0, RowKind::kItem, pr.name, "合计", size, pr.code, pr.name);
    for (const auto& [column, v] : pr.by_class) {
      Add(t7, 0, RowKind::kItem, pr.name, column, v, pr.code, pr.name);
    }
    for (const auto& [column, v] : pr.by_class) {
      Coded("表7", 0, pr.code, column, v, 1);
      Fixed("表7", 0, unit_row, column, v);
      Fixed("表7", 0, "总计", column, v);
    }
    Coded("表7", 0, pr.code, "合计", size, 1);
    Fixed("表7", 0, unit_row, "合计", size);
    Fixed("表7", 0, "总计", "合计", size);
  }
  if (projects_list_.empty()) Fixed("表7", 0, "总计", "合计", 0);

  // 表10: 三公 from 表6's codes.
  auto econ = [&](const char* code) { return get(economic_, code); };
  Yuan abroad = econ("30212"), hosting = econ("30217"), cars = econ("30231"),
       car_purchase = econ("31013");
  std::vector<std::pair<const char*, Yuan>> three = {
      {"因公出国", abroad},
      {"公务接待费", hosting},
      {"公务用车小计", cars + car_purchase},
      {"公务用车购置", car_purchase},
      {"公务用车运行维护费", cars},
      {"总计", abroad + hosting + cars + car_purchase}};
  for (const auto& [row, v] : three) {
    Fixed("表10", 0, row, "合计", v);
    if (v) Fixed("表10", 0, row, "一般公共预算", v);
  }

  // 表11: 委托业务费 projects, for some departments.
  if (Chance(0.25)) {
    size_t m = size_t(std::uniform_int_distribution<int>(1, 3)(rng_));
    Yuan all = Odd(double(total_) * Uniform(0.002, 0.02));
    std::vector<Yuan> parts = Split(all, m, 0.6);
    int t11 = Table("表11");
    static const std::vector<std::string> kCommissioned = {
        "第三方绩效评价", "审计服务", "法律顾问", "课题研究", "规划编制", "数据服务"};
    std::vector<std::string> names = kCommissioned;
    std::shuffle(names.begin(), names.end(), rng_);
    for (size_t k = 0; k < m; ++k) {
      Add(t11, 0, RowKind::kItem, names[k], "合计", parts[k], "", names[k]);
      Add(t11, 0, RowKind::kItem, names[k], "一般公共预算", parts[k], "", names[k]);
      Fixed("表11", 0, "总计", "合计", parts[k]);
      Fixed("表11", 0, "总计", "一般公共预算", parts[k]);
    }
  }

  // 表12: carried-over projects.
  int t12 = Table("表12");
  for (const auto& [name, v] : carried_items_) {
    for (const char* column : {"合计", "财政小计", "财政项目支出"}) {
      Add(t12, 0, RowKind::kItem, name, column, v, "", name);
      Fixed("表12", 0, unit_row, column, v);
      Fixed("表12", 0, "总计", column, v);
    }
  }
  Fixed("表12", 0, "总计", "合计", 0);
}

model::UnitData Builder::ToUnitData() {
  model::UnitData u = model::UnitData::For(t_);
  u.name = p_.name;
  u.year = p_.year;
  for (size_t k = 0; k < t_.tables.size(); ++k) {
    u.tables[k].present = true;
    u.tables[k].title = t_.tables[k].titles.empty() ? "" : t_.tables[k].titles[0];
    for (size_t p = 0; p < t_.tables[k].parts.size(); ++p) {
      const model::PartDef& part = t_.tables[k].parts[p];
      for (const Row& r : rows_[{int(k), int(p)}]) {
        model::UnitRow row;
        row.kind = r.kind;
        row.key = r.key;
        row.code = r.kind == RowKind::kFixed ? "" : r.code;
        if (r.kind == RowKind::kFixed) {
          int f = part.FixedRowIndex(r.key);
          row.label = f >= 0 ? part.fixed_rows[size_t(f)].captions[0] : r.key;
          if (row.label.find("{单位}") != std::string::npos) row.label = p_.name;
        } else if (r.kind == RowKind::kCode) {
          row.label = part.codes ? part.codes->NameOf(r.code) : r.code;
        } else {
          row.label = r.label;
        }
        row.texts.assign(part.text_columns.size(), "");
        if (r.kind == RowKind::kItem && part.items_text_column >= 0) {
          row.texts[size_t(part.items_text_column)] = r.key;
        }
        row.values.assign(part.columns.size(), std::nullopt);
        // Each cell rounded from 元 to 万元 on its own.
        for (const auto& [j, v] : r.values)
          row.values[size_t(j)] = double(std::llround(double(v) / 100.0)) / 100.0;
        u.tables[k].parts[p].rows.push_back(std::move(row));
      }
    }
  }
  // Prior-year figures (上年预算) for the totals a narrative compares, each a plausible change.
  auto prior = [&](const std::string& table, const std::string& row, const std::string& column) {
    int k = t_.TableIndex(table);
    if (k < 0) return;
    for (const model::UnitRow& r : u.tables[size_t(k)].parts[0].rows) {
      if (r.key != row) continue;
      int j = t_.tables[size_t(k)].parts[0].ColumnIndex(column);
      if (j < 0 || !r.values[size_t(j)] || *r.values[size_t(j)] == 0) return;
      double v = *r.values[size_t(j)] * Uniform(0.75, 1.2);
      u.prior.push_back({table, row, column, std::round(v * 100) / 100});
    }
  };
  prior("表1", "一般财力", "预算数");
  prior("表1", "上级一般公共预算转移支付", "预算数");
  prior("表3", "总计", "基本支出");
  prior("表3", "总计", "项目支出");
  prior("表5", "总计", "基本支出");
  prior("表5", "总计", "项目支出");
  prior("表10", "总计", "合计");
  return u;
}

absl::StatusOr<model::UnitData> Builder::Build() {
  function_codes_ = t_.FindCodes("功能科目");
  economic_codes_ = t_.FindCodes("经济科目");
  if (!Need(function_codes_ && economic_codes_, "code lists 功能科目 and 经济科目").ok()) {
    return error_;
  }
  ChooseCodes();
  if (!error_.ok()) return error_;
  BasicSpending();
  Projects();
  Funding();
  Tables();
  if (!error_.ok()) return error_;
  return ToUnitData();
}

}  // namespace

std::vector<std::string> MainSections(const model::Template& t) {
  const model::CodeList* list = t.FindCodes("功能科目");
  return list ? SectionsWithRun(*list) : std::vector<std::string>();
}

absl::StatusOr<model::UnitData> SyntheticDepartment(const model::Template& t,
                                                    const DepartmentProfile& profile) {
  Builder b(t, profile);
  return b.Build();
}

}  // namespace suan::city
