// suan bench BOOK.json [--stats]: the measurement protocol of ../shared/peers/lib/harness.hpp,
// run on suan, printing one JSON line with the harness keys.
//
// As for the other peers, reading the JSON file into a neutral list of cells is untimed
// (load_json_ms); build_calc_ms runs from that list to the first correct consolidated total:
// cells into the engine, parse, compile, dependency graph, topological order, evaluation.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bindings/cli/commands.hpp"
#include "engine/io/workbook_json.hpp"
#include "engine/workbook.hpp"

namespace suan::cli {

namespace {

constexpr char kHelp[] = R"(usage: suan bench BOOK.json [--stats] [--seed N]

Runs the peer measurement protocol on a workbook in the JSON format of
../shared/peers/gen_workbook.py and prints ONE line of JSON with the harness keys:
peer, version, ok, build_calc_ms, full_recalc_ms, single_edit_us_median, single_edit_us_p90,
batch_ms_median, rss_peak_mb, verified, errors (and more).

  1. build + full calculation, then the consolidated target ("target") and spot checks
     ("checks") against "expected";
  2. full recalculation (median of 3);
  3. the single edits of "edits.single", each followed by reading the target;
  4. the batches of "edits.batches", each applied as one recalculation.
Without "edits", random edits of numeric input cells are made and verified against a full
recalculation instead. SINGLE_BUDGET_S / BATCH_BUDGET_S (default 20) cap the edit loops.

options:
  --stats    add the engine's own timers (parse, compile, graph, sort, evaluate) and counts
  --seed N   seed for random edits (default 1)
  -h, --help this text

Use it with the peer table: SUAN="$PWD/build/bin/suan bench" ../shared/peers/run.sh 100 500
)";

double NowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double ProcMb(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  size_t n = std::strlen(key);
  while (std::getline(f, line))
    if (line.compare(0, n, key) == 0 && line[n] == ':')
      return std::atof(line.c_str() + n + 1) / 1024.0;
  return -1;
}

double Median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

std::string Num(double v, int precision = 2) {
  if (std::isnan(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  return buf;
}

// The workbook as read from JSON, before it enters the engine (the harness's neutral form).
struct CellList final : WorkbookJsonSink {
  struct Entry {
    uint32_t sheet;
    int32_t row, col;
    JsonValue::Type type;
    double number;
    uint32_t text_begin, text_size;  // in `texts`
  };
  std::vector<std::string> sheets;
  std::vector<Entry> cells;
  std::string texts;

  absl::StatusOr<uint32_t> AddSheet(const std::string& name) override {
    sheets.push_back(name);
    return uint32_t(sheets.size() - 1);
  }
  absl::Status Cell(uint32_t sheet, int32_t row, int32_t col, const JsonValue& v) override {
    Entry c{sheet, row, col, v.type, v.number, 0, 0};
    if (v.type == JsonValue::Type::kBool) c.number = v.boolean ? 1 : 0;
    if (v.type == JsonValue::Type::kString) {
      c.text_begin = uint32_t(texts.size());
      c.text_size = uint32_t(v.string.size());
      texts += v.string;
    }
    cells.push_back(c);
    return absl::OkStatus();
  }
  std::string SheetName(uint32_t sheet) const override { return sheets[sheet]; }

  absl::Status Build(Workbook& book) const {
    for (const std::string& s : sheets)
      if (auto r = book.AddSheet(s); !r.ok()) return r.status();
    for (const auto& c : cells) {
      absl::Status st;
      switch (c.type) {
        case JsonValue::Type::kNumber:
          st = book.SetValue(c.sheet, c.row, c.col, Value::Number(c.number));
          break;
        case JsonValue::Type::kBool:
          st = book.SetValue(c.sheet, c.row, c.col, Value::Bool(c.number != 0));
          break;
        case JsonValue::Type::kString: {
          std::string_view t(texts.data() + c.text_begin, c.text_size);
          st = !t.empty() && t.front() == '='
                   ? book.SetFormula(c.sheet, c.row, c.col, t)
                   : book.SetValue(c.sheet, c.row, c.col, Value::Text(std::string(t)));
          break;
        }
        default:
          break;
      }
      if (!st.ok()) return st;
    }
    return absl::OkStatus();
  }
};

struct Edit {
  uint32_t sheet;
  int32_t row, col;
  double value;
};

bool ReadEdit(const JsonValue& e, Edit& out) {
  if (!e.is_array() || e.items.size() < 4) return false;
  for (int k = 0; k < 4; ++k)
    if (!e.items[size_t(k)].is_number()) return false;
  out = Edit{uint32_t(e.items[0].number), int32_t(e.items[1].number), int32_t(e.items[2].number),
             e.items[3].number};
  return true;
}

std::string JsonStr(const std::string& s) {
  std::string o;
  AppendJsonString(o, s);
  return o;
}

}  // namespace

int RunBench(const Args& args) {
  std::string path;
  bool stats = false;
  uint64_t seed = 1;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--stats") {
      stats = true;
    } else if (a == "--seed" && i + 1 < args.size()) {
      seed = std::strtoull(args[++i].c_str(), nullptr, 10);
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "suan bench: unknown option '%s'\n\n%s", a.c_str(), kHelp);
      return 2;
    } else if (path.empty()) {
      path = a;
    } else {
      std::fprintf(stderr, "suan bench: only one workbook\n");
      return 2;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "suan bench: which workbook?\n\n%s", kHelp);
    return 2;
  }
  const char* sb = std::getenv("SINGLE_BUDGET_S");
  const char* bb = std::getenv("BATCH_BUDGET_S");
  double single_budget = (sb ? std::atof(sb) : 20) * 1000;
  double batch_budget = (bb ? std::atof(bb) : 20) * 1000;

  std::vector<std::string> errors;
  auto fail = [&](const std::string& m) {
    if (errors.size() < 8) errors.push_back(m);
  };
  std::string o = "{\"peer\":\"suan\",\"version\":\"0.1.0\"";
  std::string notes;
  bool verified = true;
  bool have_expected = false;

  double t0 = NowMs();
  auto text = ReadFileToString(path);
  if (!text.ok()) {
    std::fprintf(stderr, "suan bench: %s\n", std::string(text.status().message()).c_str());
    return 2;
  }
  auto list = std::make_unique<CellList>();
  auto extras = ReadWorkbookJson(*text, path, *list);
  if (!extras.ok()) {
    std::fprintf(stderr, "suan bench: %s\n", std::string(extras.status().message()).c_str());
    return 2;
  }
  std::string().swap(*text);
  double load_ms = NowMs() - t0;
  const JsonValue& x = extras->others;
  const JsonValue* meta = x.Find("meta");
  long n_depts = -1;
  if (meta && meta->Find("n_depts")) n_depts = long(meta->Find("n_depts")->number);
  absl::StrAppend(&o, ",\"n\":", n_depts, ",\"cells_total\":", list->cells.size(),
                  ",\"formulas\":", extras->formulas_read, ",\"load_json_ms\":", Num(load_ms, 1));
  malloc_trim(0);
  absl::StrAppend(&o, ",\"rss_before_build_mb\":", Num(ProcMb("VmRSS"), 1));

  // Target cell and expected values.
  uint32_t ts = 0;
  int32_t tr = 0, tc = 0;
  bool have_target = false;
  if (const JsonValue* t = x.Find("target"); t && t->is_array() && t->items.size() == 3) {
    ts = uint32_t(t->items[0].number);
    tr = int32_t(t->items[1].number);
    tc = int32_t(t->items[2].number);
    have_target = true;
  }
  const JsonValue* expected = x.Find("expected");
  have_expected = expected && expected->is_object();

  Workbook book;
  auto close = [](const Value& g, double e, double tol) {
    return g.is_number() && std::fabs(g.number() - e) <= tol;
  };
  auto read_target = [&]() { return have_target ? book.Get(ts, tr, tc) : Value(); };

  t0 = NowMs();
  if (auto st = list->Build(book); !st.ok()) {
    std::fprintf(stderr, "suan bench: %s\n", std::string(st.message()).c_str());
    return 2;
  }
  if (const JsonValue* names = x.Find("names")) {
    if (auto st = ApplyNamesJson(*names, book); !st.ok()) {
      std::fprintf(stderr, "suan bench: %s\n", std::string(st.message()).c_str());
      return 2;
    }
  }
  book.Recalculate();
  Value v0 = read_target();
  double build_ms = NowMs() - t0;
  absl::StrAppend(&o, ",\"build_calc_ms\":", Num(build_ms),
                  ",\"cells_per_s\":", long(double(list->cells.size()) / (build_ms / 1000)));
  if (!book.diagnostics().empty())
    notes += absl::StrCat(book.diagnostics().size(), " cells with load/cycle diagnostics; ");
  if (have_expected) {
    if (const JsonValue* init = expected->Find("initial"))
      if (!close(v0, init->number, 1e-9 * std::fabs(init->number))) {
        fail("initial target " + v0.ToString() + " != " + Num(init->number));
        verified = false;
      }
  }
  if (const JsonValue* checks = x.Find("checks"); checks && checks->is_array()) {
    for (const JsonValue& c : checks->items) {
      if (!c.is_array() || c.items.size() < 5) continue;
      uint32_t s = uint32_t(c.items[0].number);
      int32_t r = int32_t(c.items[1].number), col = int32_t(c.items[2].number);
      Value g = book.Get(s, r, col);
      bool ok = c.items[3].is_string() ? (g.is_text() && g.text() == c.items[3].string)
                                       : close(g, c.items[3].number, c.items[4].number);
      if (!ok) {
        verified = false;
        fail(absl::StrCat("check ", book.CellName(s, r, col), ": got ", g.ToString(), " expected ",
                          c.items[3].is_string() ? c.items[3].string : Num(c.items[3].number, 4)));
      }
    }
  }
  list.reset();
  malloc_trim(0);
  absl::StrAppend(&o, ",\"rss_after_build_mb\":", Num(ProcMb("VmRSS"), 1));

  std::vector<double> full;
  for (int i = 0; i < 3; ++i) {
    t0 = NowMs();
    book.RecalculateAll();
    read_target();
    full.push_back(NowMs() - t0);
  }
  absl::StrAppend(&o, ",\"full_recalc_ms\":", Num(Median(full), 3));

  // Edits: from the file, or random edits of numeric inputs.
  std::vector<Edit> singles;
  std::vector<std::vector<Edit>> batches;
  std::vector<double> exp_single, exp_batches;
  const JsonValue* edits = x.Find("edits");
  if (edits && edits->is_object()) {
    if (const JsonValue* s = edits->Find("single"))
      for (const JsonValue& e : s->items) {
        Edit ed;
        if (ReadEdit(e, ed)) singles.push_back(ed);
      }
    if (const JsonValue* b = edits->Find("batches"))
      for (const JsonValue& bj : b->items) {
        batches.emplace_back();
        for (const JsonValue& e : bj.items) {
          Edit ed;
          if (ReadEdit(e, ed)) batches.back().push_back(ed);
        }
      }
    if (have_expected) {
      if (const JsonValue* s = expected->Find("single"))
        for (const JsonValue& v : s->items) exp_single.push_back(v.number);
      if (const JsonValue* b = expected->Find("batches"))
        for (const JsonValue& v : b->items) exp_batches.push_back(v.number);
    }
  } else {
    // Random edits of cells that hold numbers (not formulas).
    std::vector<Edit> inputs;
    for (uint32_t s = 0; s < book.sheet_count(); ++s)
      book.ForEachValue(s, [&](int32_t r, int32_t c, const Value& v) {
        if (v.is_number() && !book.IsFormula(s, r, c)) inputs.push_back(Edit{s, r, c, 0});
      });
    std::mt19937_64 rng(seed);
    if (!inputs.empty()) {
      std::uniform_real_distribution<double> amount(0, 1000);
      auto pick = [&] {
        Edit e = inputs[rng() % inputs.size()];
        e.value = std::round(amount(rng) * 100) / 100;
        return e;
      };
      for (int i = 0; i < 200; ++i) singles.push_back(pick());
      for (int b = 0; b < 5; ++b) {
        batches.emplace_back();
        for (int i = 0; i < 100; ++i) batches.back().push_back(pick());
      }
    }
    notes += "random edits, verified against a full recalculation; ";
  }

  std::vector<double> times;
  size_t i = 0;
  double start = NowMs();
  for (; i < singles.size(); ++i) {
    const Edit& e = singles[i];
    t0 = NowMs();
    (void)book.SetValue(e.sheet, e.row, e.col, Value::Number(e.value));
    book.Recalculate();
    Value g = read_target();
    times.push_back((NowMs() - t0) * 1000);
    if (i < exp_single.size() && !close(g, exp_single[i], 1e-9 * std::fabs(exp_single[i]))) {
      verified = false;
      fail(absl::StrCat("single edit ", i, ": got ", g.ToString(), " expected ",
                        Num(exp_single[i])));
    }
    if (NowMs() - start > single_budget && i >= 4) {
      ++i;
      break;
    }
  }
  absl::StrAppend(&o, ",\"single_edits_timed\":", times.size(),
                  ",\"single_edit_us_median\":", Num(Median(times)),
                  ",\"single_edit_us_p90\":", Num(Percentile(times, 0.9)));
  if (i < singles.size()) {
    for (size_t k = i; k < singles.size(); ++k)
      (void)book.SetValue(singles[k].sheet, singles[k].row, singles[k].col,
                          Value::Number(singles[k].value));
    book.Recalculate();
    notes += absl::StrCat("singles capped at ", i, " by budget; ");
  }
  std::vector<double> bt;
  start = NowMs();
  for (size_t j = 0; j < batches.size(); ++j) {
    t0 = NowMs();
    for (const Edit& e : batches[j])
      (void)book.SetValue(e.sheet, e.row, e.col, Value::Number(e.value));
    book.Recalculate();
    Value g = read_target();
    bt.push_back(NowMs() - t0);
    if (j < exp_batches.size() && !close(g, exp_batches[j], 1e-9 * std::fabs(exp_batches[j]))) {
      verified = false;
      fail(absl::StrCat("batch ", j, ": got ", g.ToString(), " expected ", Num(exp_batches[j])));
    }
    if (NowMs() - start > batch_budget) break;
  }
  absl::StrAppend(&o, ",\"batches_timed\":", bt.size(),
                  ",\"batch_size\":", batches.empty() ? 0 : batches[0].size(),
                  ",\"batch_ms_median\":", Num(Median(bt), 3));

  if (!have_expected) {
    // No expected values: the incremental state must equal a recalculation from scratch.
    std::string incremental = WriteValuesJson(book);
    book.RecalculateAll();
    if (WriteValuesJson(book) != incremental) {
      verified = false;
      fail("incremental values differ from a full recalculation");
    }
  }

  if (stats) {
    const CalcStats& s = book.stats();
    absl::StrAppend(&o, ",\"stats\":{\"parse_ms\":", Num(s.parse_ms, 3),
                    ",\"compile_ms\":", Num(s.compile_ms, 3), ",\"graph_ms\":", Num(s.graph_ms, 3),
                    ",\"sort_ms\":", Num(s.sort_ms, 3), ",\"evaluate_ms\":", Num(s.evaluate_ms, 3),
                    ",\"distinct_texts\":", s.distinct_texts, ",\"programs\":", s.programs,
                    ",\"formulas\":", s.formulas, ",\"edges\":", s.edges,
                    ",\"range_nodes\":", s.range_nodes, ",\"last_cone\":", s.last_cone,
                    ",\"engine_mb\":", Num(double(book.MemoryBytes()) / 1048576.0, 1), "}");
  }
  absl::StrAppend(&o, ",\"rss_peak_mb\":", Num(ProcMb("VmHWM"), 1),
                  ",\"ok\":", errors.empty() ? "true" : "false",
                  ",\"verified\":", JsonStr(verified ? "yes" : "no"), ",\"errors\":[");
  for (size_t k = 0; k < errors.size(); ++k) absl::StrAppend(&o, k ? "," : "", JsonStr(errors[k]));
  absl::StrAppend(&o, "],\"notes\":", JsonStr(notes), "}\n");
  std::fputs(o.c_str(), stdout);
  return 0;
}

}  // namespace suan::cli
