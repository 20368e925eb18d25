#include "engine/model/import_disclosure.hpp"

#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/model/import_grid.hpp"
#include "engine/model/labels.hpp"

namespace suan::model {

double UnitFactor(std::string_view from, std::string_view to) {
  auto yuan = [](std::string_view u) -> double {
    if (u == "元") return 1;
    if (u == "万元") return 1e4;
    if (u == "亿元") return 1e8;
    return 0;
  };
  double f = yuan(from), t = yuan(to);
  return f == 0 || t == 0 ? 0 : f / t;
}

namespace {

using Severity = ImportNote::Severity;

std::string Where(const std::string& source, int line) {
  return line > 0 ? absl::StrCat(source, ":", line) : source;
}

// The words of a caption with the differences publishers make for the same thing folded:
// 财政拨款 / 拨款 (一般公共预算财政拨款, 一般公共预算拨款, 一般公共预算), and for a column
// 合计 / 小计 / 总计 (for a row only 合计 / 总计: a 小计 row is a part of the table).
std::string LooseLabel(const std::string& normalized, bool column) {
  std::string s = normalized;
  auto replace_all = [&s](std::string_view from, std::string_view to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
      s.replace(p, from.size(), to);
  };
  replace_all("财政拨款", "拨款");
  replace_all("预算拨款", "预算");
  auto ends = [&s](std::string_view e) {
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
  };
  if (ends("总计") || (column && ends("小计"))) s.replace(s.size() - 6, 6, "合计");
  return s;
}

// CaptionMatches on loose labels; a group caption and the column's own ("财政拨款（补助）/小计")
// also match the two written as one ("财政拨款（补助）小计").
bool LooseCaptionMatches(std::string_view published, std::string_view model_caption) {
  std::vector<std::string> m = CaptionPath(model_caption);
  std::vector<std::string> p = CaptionPath(published);
  for (int glued = 0; glued < 2; ++glued) {
    if (glued) {
      if (p.size() < 2) return false;
      p[p.size() - 2] += p.back();
      p.pop_back();
    }
    if (m.empty() || m.size() > p.size()) continue;
    bool same = true;
    for (size_t k = 0; k < m.size() && same; ++k)
      same = LooseLabel(p[p.size() - m.size() + k], true) == LooseLabel(m[k], true);
    if (same) return true;
  }
  return false;
}

std::string Figure(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

class Importer {
 public:
  Importer(const Template& t, const DisclosureDocument& doc, const std::string& source)
      : t_(t), doc_(doc), source_(source), unit_(UnitData::For(t)) {
    unit_.name = doc.organisation;
    unit_.year = doc.year;
    unit_.source = source;
    organisation_ = NormalizeLabel(doc.organisation);
  }

  UnitData Run() {
    for (const Diagnostic& d : doc_.problems) {
      unit_.notes.push_back({Severity::kWarning, d.cell, "", d.message});
    }
    std::vector<bool> used(doc_.tables.size(), false);
    for (size_t k = 0; k < t_.tables.size(); ++k) Table(k, used);
    for (size_t i = 0; i < doc_.tables.size(); ++i) {
      if (used[i]) continue;
      const DisclosureTable& d = doc_.tables[i];
      Note(Severity::kWarning, d.line, "",
           absl::StrCat("table ", d.number, " 「", d.title, "」",
                        d.part.empty() ? "" : "（" + d.part + "）",
                        " is not in the model; its figures are not checked"));
    }
    Units();
    Narrative();
    Grids();
    return std::move(unit_);
  }

 private:
  void Note(Severity s, int line, const std::string& table, std::string message) {
    unit_.notes.push_back({s, Where(source_, line), table, std::move(message)});
  }

  // By title, also with the department and year some publishers put before it
  // ("XX局2026年部门收支总体情况表", "2024年度收入支出决算总表").
  bool TitleMatches(const TableDef& def, const DisclosureTable& d) const {
    std::string title = NormalizeLabel(d.title);
    if (title.empty()) return false;
    std::string core = TitleCore(title);
    for (const std::string& t : def.titles) {
      std::string model = NormalizeLabel(t);
      if (model == title || model == core) return true;
    }
    return false;
  }

  static std::string TitleCore(const std::string& title) {
    for (size_t i = 0; i + 4 < title.size() && i < 160; ++i) {
      auto digit = [&](size_t k) { return title[k] >= '0' && title[k] <= '9'; };
      if (!(digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3)) || (i > 0 && digit(i - 1)))
        continue;
      if (title.compare(i + 4, 3, "年") != 0) continue;
      size_t after = i + 7;
      if (title.compare(after, 3, "度") == 0) after += 3;
      if (title.size() - after >= 12) return title.substr(after);  // four characters or more
    }
    return title;
  }

  bool PartMatches(const PartDef& part, const DisclosureTable& d, size_t part_count) const {
    if (part_count == 1) return true;
    std::string side = NormalizeLabel(d.part);
    if (NormalizeLabel(part.key) == side) return true;
    for (const std::string& c : part.captions) {
      if (NormalizeLabel(c) == side) return true;
    }
    return false;
  }

  void Table(size_t k, std::vector<bool>& used) {
    const TableDef& def = t_.tables[k];
    UnitTable& ut = unit_.tables[k];
    std::vector<size_t> matches;
    for (size_t i = 0; i < doc_.tables.size(); ++i) {
      if (!used[i] && TitleMatches(def, doc_.tables[i])) matches.push_back(i);
    }
    if (matches.empty()) {
      if (!def.optional) {
        Note(Severity::kError, 0, def.key,
             absl::StrCat(def.key, " 「", def.titles.empty() ? def.key : def.titles[0],
                          "」 is not in the document"));
      }
      return;
    }
    ut.present = true;
    const DisclosureTable& first = doc_.tables[matches[0]];
    ut.title = first.title;
    ut.line = first.line;
    ut.empty = true;
    for (size_t p = 0; p < def.parts.size(); ++p) {
      const DisclosureTable* d = nullptr;
      for (size_t i : matches) {
        if (!used[i] && PartMatches(def.parts[p], doc_.tables[i], def.parts.size())) {
          d = &doc_.tables[i];
          used[i] = true;
          break;
        }
      }
      if (!d) {
        Note(Severity::kError, first.line, def.key,
             absl::StrCat(def.key, " has no part 「", def.parts[p].key, "」 in the document"));
        continue;
      }
      ut.empty = ut.empty && d->empty;
      if (!d->empty_note.empty()) ut.empty_note = d->empty_note;
      Part(k, p, *d, ut.parts[p]);
      unit_.recognised.push_back(
          absl::StrCat(def.key, def.parts[p].key.empty() ? "" : " " + def.parts[p].key, " 「",
                       d->title, "」 (line ", d->line, ", ", ut.parts[p].rows.size(), " rows)"));
      if (units_.count(d->unit) == 0) units_[d->unit] = {};
      units_[d->unit].push_back(def.key);
    }
    // More copies of the same table (a page break the reader could not join) are reported.
    for (size_t i : matches) {
      if (used[i]) continue;
      used[i] = true;
      Note(Severity::kWarning, doc_.tables[i].line, def.key,
           absl::StrCat(def.key, " appears again here; the second copy is not read"));
    }
  }

  // The template column for each published value column (-1: none).
  std::vector<int> MapColumns(const TableDef& def, const PartDef& part, const DisclosureTable& d) {
    std::vector<int> map(d.columns.size(), -1);
    std::vector<bool> taken(part.columns.size(), false);
    size_t cursor = 0;
    for (size_t i = 0; i < d.columns.size(); ++i) {
      int found = -1;
      for (size_t pass = 0; pass < 2 && found < 0; ++pass) {
        for (size_t j = pass == 0 ? cursor : 0; j < part.columns.size() && found < 0; ++j) {
          if (taken[j]) continue;
          for (const std::string& c : part.columns[j].captions) {
            if (CaptionMatches(d.columns[i], c)) {
              found = int(j);
              break;
            }
          }
        }
      }
      if (found < 0) {
        // The same caption in other words (总计 for 合计, 一般公共预算拨款 for 一般公共预算):
        // taken when exactly one column of the model is left that reads so, and said.
        int loose = -1, candidates = 0;
        for (size_t j = 0; j < part.columns.size(); ++j) {
          if (taken[j]) continue;
          for (const std::string& c : part.columns[j].captions) {
            if (LooseCaptionMatches(d.columns[i], c)) {
              if (loose != int(j)) ++candidates;
              loose = int(j);
            }
          }
        }
        if (candidates == 1) {
          found = loose;
          Note(Severity::kWarning, d.line, def.key,
               absl::StrCat(def.key, ": column 「", d.columns[i], "」 read as the model's 「",
                            part.columns[size_t(found)].captions[0],
                            "」 (the same words but for 合计/小计/总计, 财政拨款/拨款 or a "
                            "caption split over two header rows)"));
        }
      }
      if (found < 0) {
        bool has_figures = false;
        for (const DisclosureRow& r : d.rows) {
          has_figures = has_figures || (i < r.values.size() && r.values[i] && *r.values[i] != 0);
        }
        Note(has_figures ? Severity::kWarning : Severity::kInfo, d.line, def.key,
             absl::StrCat(def.key, ": column 「", d.columns[i], "」 is not in the model",
                          has_figures ? "; its figures are not checked" : ""));
        continue;
      }
      map[i] = found;
      taken[size_t(found)] = true;
      cursor = size_t(found) + 1;
    }
    // A column of the model the document lacks reads as blank. When the document also has a
    // column the model does not know, the two may be one column in other words: said as a
    // warning, naming both, as checks on the blank column will fail.
    std::vector<std::string> unknown;
    for (size_t i = 0; i < d.columns.size(); ++i)
      if (map[i] < 0) unknown.push_back("「" + d.columns[i] + "」");
    for (size_t j = 0; j < part.columns.size(); ++j) {
      if (taken[j] || d.empty) continue;
      if (unknown.empty()) {
        Note(Severity::kInfo, d.line, def.key,
             absl::StrCat(def.key, ": no column 「", part.columns[j].captions[0],
                          "」 in the document; it reads as blank"));
      } else {
        Note(Severity::kWarning, d.line, def.key,
             absl::StrCat(def.key, ": no column 「", part.columns[j].captions[0],
                          "」 in the document, which reads as blank; the document's ",
                          absl::StrJoin(unknown, ""),
                          " is not in the model (the same column in other words? add its caption "
                          "to the model)"));
      }
    }
    return map;
  }

  std::vector<int> MapTextColumns(const PartDef& part, const DisclosureTable& d) {
    std::vector<int> map(d.text_columns.size(), -1);
    for (size_t i = 0; i < d.text_columns.size(); ++i) {
      for (size_t j = 0; j < part.text_columns.size() && map[i] < 0; ++j) {
        for (const std::string& c : part.text_columns[j].captions) {
          if (CaptionMatches(d.text_columns[i], c)) map[i] = int(j);
        }
      }
    }
    return map;
  }

  bool CaptionIs(const std::string& caption, const std::string& label) const {
    if (caption == "{单位}") {
      // The unit's own row: its name, perhaps with a suffix ("…（本级）") or shortened.
      if (organisation_.empty() || label.empty()) return false;
      if (label == organisation_) return true;
      const std::string& longer = label.size() > organisation_.size() ? label : organisation_;
      const std::string& shorter = label.size() > organisation_.size() ? organisation_ : label;
      return shorter.size() >= 12 && longer.compare(0, shorter.size(), shorter) == 0;
    }
    return NormalizeLabel(caption) == label;
  }

  void Part(size_t k, size_t p, const DisclosureTable& d, UnitPart& out) {
    const TableDef& def = t_.tables[k];
    const PartDef& part = def.parts[p];
    std::vector<int> columns = MapColumns(def, part, d);
    std::vector<int> text_columns = MapTextColumns(part, d);
    double factor = 1;
    if (!d.unit.empty() && d.unit != t_.unit) {
      factor = UnitFactor(d.unit, t_.unit);
      if (factor == 0) {
        Note(Severity::kError, d.line, def.key,
             absl::StrCat(def.key, ": unknown unit 「", d.unit, "」; figures taken as ", t_.unit));
        factor = 1;
      } else {
        Note(Severity::kInfo, d.line, def.key,
             absl::StrCat(def.key, " is in ", d.unit, "; figures converted to ", t_.unit));
      }
    }
    std::vector<bool> fixed_taken(part.fixed_rows.size(), false);
    std::set<std::string> item_keys;
    size_t cursor = 0;
    for (const DisclosureRow& r : d.rows) {
      UnitRow row;
      row.line = r.line;
      row.label = r.label;
      row.texts.resize(part.text_columns.size());
      for (size_t i = 0; i < r.texts.size() && i < text_columns.size(); ++i) {
        if (text_columns[i] >= 0) row.texts[size_t(text_columns[i])] = r.texts[i];
      }
      std::string label = NormalizeLabel(r.label);
      std::string item_text =
          part.items_text_column >= 0 ? row.texts[size_t(part.items_text_column)] : std::string();
      bool placed = false;
      // A coded row: a project filed under a code, or a code row.
      if (!r.code.empty() && (part.codes || part.item_codes)) {
        if (part.has_items && part.item_codes && !item_text.empty()) {
          placed = Item(def, part, r, item_text, r.code, item_keys, row);
        } else if (part.codes) {
          placed = CodeRow(def, part, r, r.code, row);
        }
      }
      // A fixed row, matched in order so repeated captions find their own rows (a row printed
      // without any caption matches a fixed row whose caption is "").
      if (!placed && (!label.empty() || r.code.empty())) {
        int found = -1;
        for (size_t pass = 0; pass < 2 && found < 0; ++pass) {
          for (size_t j = pass == 0 ? cursor : 0; j < part.fixed_rows.size() && found < 0; ++j) {
            if (fixed_taken[j]) continue;
            for (const std::string& c : part.fixed_rows[j].captions) {
              if (CaptionIs(c, label)) {
                found = int(j);
                break;
              }
            }
          }
        }
        if (found < 0 && !label.empty()) {
          // In other words (一般公共预算拨款 for 一般公共预算财政拨款, 合计 for 总计): in order, as
          // above, and said.
          std::string loose = LooseLabel(label, false);
          for (size_t pass = 0; pass < 2 && found < 0; ++pass) {
            for (size_t j = pass == 0 ? cursor : 0; j < part.fixed_rows.size() && found < 0; ++j) {
              if (fixed_taken[j]) continue;
              for (const std::string& c : part.fixed_rows[j].captions) {
                if (c != "{单位}" && LooseLabel(NormalizeLabel(c), false) == loose) {
                  found = int(j);
                  break;
                }
              }
            }
          }
          if (found >= 0)
            Note(Severity::kWarning, r.line, def.key,
                 absl::StrCat(def.key, ": row 「", r.label, "」 read as the model's row ",
                              part.fixed_rows[size_t(found)].key, " 「",
                              part.fixed_rows[size_t(found)].captions[0],
                              "」 (the same words but for 合计/总计 or 财政拨款/拨款)"));
        }
        if (found >= 0) {
          fixed_taken[size_t(found)] = true;
          cursor = size_t(found) + 1;
          row.kind = RowKind::kFixed;
          row.key = part.fixed_rows[size_t(found)].key;
          placed = true;
        }
      }
      // A code row printed by name only (决算 tables: "一、一般公共服务支出").
      if (!placed && r.code.empty() && part.codes && !label.empty()) {
        std::vector<const CodeEntry*> named = part.codes->FindByName(label);
        std::vector<const CodeEntry*> allowed;
        for (const CodeEntry* e : named) {
          if (part.AllowsLevel(e->level)) allowed.push_back(e);
        }
        if (allowed.size() == 1) placed = CodeRow(def, part, r, allowed[0]->code, row);
      }
      if (!placed && part.has_items && (!label.empty() || !item_text.empty())) {
        placed =
            Item(def, part, r, item_text.empty() ? r.label : item_text, r.code, item_keys, row);
      }
      if (!placed) {
        std::string text = r.label;
        if (!r.code.empty()) text = r.code + " " + text;
        bool duplicate = false;
        for (size_t j = 0; j < part.fixed_rows.size(); ++j) {
          for (const std::string& c : part.fixed_rows[j].captions) {
            duplicate = duplicate || (fixed_taken[j] && CaptionIs(c, label));
          }
        }
        Note(Severity::kWarning, r.line, def.key,
             absl::StrCat(def.key, ": row 「", text, "」 ",
                          duplicate ? "appears twice; the second is not read"
                                    : "is not in the model; its figures are not checked"));
        unrecognised_++;
        continue;
      }
      // Figures, in the template's columns and unit.
      row.values.assign(part.columns.size(), std::nullopt);
      for (size_t i = 0; i < r.values.size() && i < columns.size(); ++i) {
        if (columns[i] < 0 || !r.values[i]) continue;
        double v = *r.values[i] * factor;
        if (v < 0) {
          Note(Severity::kWarning, r.line, def.key,
               absl::StrCat(def.key, ": negative amount ", Figure(*r.values[i]), " in row 「",
                            r.label, "」 column 「", d.columns[i], "」"));
        }
        row.values[size_t(columns[i])] = v;
      }
      out.rows.push_back(std::move(row));
    }
    for (size_t j = 0; j < part.fixed_rows.size(); ++j) {
      const FixedRowDef& f = part.fixed_rows[j];
      if (fixed_taken[j] || f.optional || d.empty) continue;
      Note(Severity::kInfo, d.line, def.key,
           absl::StrCat(def.key, ": no row 「", f.captions[0],
                        "」 in the document; it reads as blank"));
    }
  }

  bool CodeRow(const TableDef& def, const PartDef& part, const DisclosureRow& r,
               const std::string& code, UnitRow& row) {
    int level = part.codes->LevelOf(code);
    if (level < 0) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": code ", code, " 「", r.label, "」 has ", code.size(),
                        " digits, which is no level of ", part.codes->name(),
                        "; the row is not read"));
      return false;
    }
    if (!part.codes->Find(code)) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": code ", code, " 「", r.label, "」 is not in the code list ",
                        part.codes->name(), "; kept as a ",
                        part.codes->levels()[size_t(level)].name, " row"));
    }
    row.kind = RowKind::kCode;
    row.key = code;
    row.code = code;
    return true;
  }

  bool Item(const TableDef& def, const PartDef& part, const DisclosureRow& r, std::string key,
            const std::string& code, std::set<std::string>& keys, UnitRow& row) {
    if (!code.empty() && part.item_codes && part.item_codes->LevelOf(code) < 0) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": code ", code, " of 「", key, "」 is no level of ",
                        part.item_codes->name()));
    } else if (!code.empty() && part.item_codes && !part.item_codes->Find(code)) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": code ", code, " of 「", key, "」 is not in the code list ",
                        part.item_codes->name(), "; kept"));
    }
    std::string unique = key;
    for (int n = 2; keys.count(unique); ++n) unique = absl::StrCat(key, " (", n, ")");
    keys.insert(unique);
    row.kind = RowKind::kItem;
    row.key = unique;
    row.code = part.item_codes ? code : "";
    if (row.label.empty()) row.label = key;
    return true;
  }

  void Units() {
    if (units_.size() <= 1) return;
    std::vector<std::string> parts;
    for (const auto& [unit, tables] : units_) {
      parts.push_back(
          absl::StrCat(unit.empty() ? "(no unit)" : unit, ": ", absl::StrJoin(tables, " ")));
    }
    Note(Severity::kWarning, 0, "",
         absl::StrCat("the tables use different units (", absl::StrJoin(parts, "; "),
                      "); every figure was converted to ", t_.unit));
  }

  void Narrative() {
    for (const DisclosureParagraph& p : doc_.paragraphs) {
      unit_.paragraphs.push_back({p.line, p.heading, p.text});
    }
    // The grids inside the narrative (绩效目标表) as one line per row, cells joined by '|'.
    for (const DisclosureTable& t : doc_.other_tables) {
      for (const DisclosureRow& r : t.rows) {
        std::vector<std::string> cells{r.label};
        for (const std::string& x : r.texts) cells.push_back(x);
        for (const auto& v : r.values) cells.push_back(v ? Figure(*v) : "");
        unit_.paragraphs.push_back({r.line, t.title, absl::StrJoin(cells, "|")});
      }
    }
  }

  // The occurrences of the model's grids among the narrative's grids, by title (the grids of
  // the narrative only: a title ending like a grid's is one of its occurrences).
  void Grids() {
    for (size_t g = 0; g < t_.grids.size(); ++g) {
      const GridDef& def = t_.grids[g];
      for (const DisclosureTable& d : doc_.other_tables) {
        std::string title = NormalizeLabel(d.title);
        std::string core = TitleCore(title);
        bool match = false;
        // Also with the project's name before it ("档案运行经费项目支出绩效目标表").
        for (const std::string& t : def.titles) {
          std::string model = NormalizeLabel(t);
          bool ends = !model.empty() && title.size() > model.size() &&
                      title.compare(title.size() - model.size(), model.size(), model) == 0;
          match = match || (!title.empty() && (model == title || model == core || ends));
        }
        if (!match) continue;
        unit_.grids[g].occurrences.push_back(ReadGridOccurrence(def, d, t_.unit));
      }
      size_t n = unit_.grids[g].occurrences.size();
      if (n > 0) {
        unit_.recognised.push_back(
            absl::StrCat(def.key, " 「", def.titles[0], "」 (", n,
                         n == 1 ? " occurrence, line " : " occurrences, from line ",
                         unit_.grids[g].occurrences[0].line, ")"));
      }
    }
  }

  const Template& t_;
  const DisclosureDocument& doc_;
  std::string source_;
  UnitData unit_;
  std::string organisation_;
  std::map<std::string, std::vector<std::string>> units_;
  int unrecognised_ = 0;
};

}  // namespace

UnitData ImportDisclosure(const Template& t, const DisclosureDocument& doc,
                          const std::string& source_name) {
  return Importer(t, doc, source_name).Run();
}

}  // namespace suan::model
