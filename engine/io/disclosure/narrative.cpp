#include "engine/io/disclosure/narrative.hpp"

#include <algorithm>

#include "engine/io/disclosure/table_common.hpp"

namespace suan::disclosure {

namespace {

// A full line of text (pdftotext wraps there), as opposed to a short last line.
bool IsFullLine(U32View squashed, size_t typical_width) {
  return typical_width > 0 && squashed.size() * 100 >= typical_width * 80;
}

bool EndsSentence(U32View squashed, size_t typical_width) {
  if (squashed.empty()) return true;
  char32_t c = squashed.back();
  if (c == U':' || c == U'：') return !IsFullLine(squashed, typical_width);
  return c == U'。' || c == U'!' || c == U'?' || c == U';' || c == U'；';
}

// "预算安排规模：2.00 万元", "资金执行时间：2026.01.01": a caption and its content.
bool IsCaptionedItem(U32View s) {
  size_t colon = s.find(U':');
  if (colon == U32View::npos || colon < 3 || colon > 12) return false;
  for (size_t i = 0; i < colon; ++i)
    if (s[i] == U',' || s[i] == U'。' || s[i] == U'、') return false;
  return true;
}

}  // namespace

bool IsHeadingLine(const SourceLine& line, size_t typical_width, std::string* heading) {
  U32View s = line.squashed;
  if (IsFullLine(s, typical_width) && !EndsSentence(s, typical_width) && !IsPartHeading(line))
    return false;  // the first line of an enumerated paragraph
  while (!s.empty() && (s.front() == U'-' || s.front() == 0x2022 || s.front() == 0x00B7))
    s.remove_prefix(1);
  if (s.empty()) return false;
  bool heading_like = IsPartHeading(line);
  if (!heading_like) {
    size_t m = RowMarkerLength(s);
    bool chinese =
        m > 0 && !IsDigit(s[0]) && !StartsWith(s, U"其中") && !(s[0] >= 0x2460 && s[0] <= 0x2473);
    if (s[0] == U'(' && m > 1 && IsDigit(s[1])) chinese = false;
    if (chinese && s.size() <= 60) {
      heading_like = true;
      for (size_t i = m; i + 1 < s.size(); ++i)
        if (s[i] == U'。' || s[i] == U';' || (s[i] == U',' && !(i > 0 && IsDigit(s[i - 1]))))
          heading_like = false;
    }
  }
  if (heading_like && heading) {
    U32 t = CleanSpaces(line.text);
    size_t b = 0;
    while (b < t.size() && (t[b] == U'-' || t[b] == 0x2022 || t[b] == 0x00B7 || IsSpace(t[b]))) ++b;
    *heading = EncodeUtf8(U32View(t).substr(b));
  }
  return heading_like;
}

void AppendParagraphs(const std::vector<const SourceLine*>& segment, size_t typical_width,
                      std::string* heading, std::vector<DisclosureParagraph>* out) {
  size_t long_line = std::max<size_t>(12, std::min<size_t>(30, typical_width * 6 / 10));
  std::vector<U32> pieces;
  int first_line = 0;
  U32 last;  // squashed last line of the open paragraph
  auto flush = [&] {
    if (!pieces.empty()) {
      DisclosureParagraph p;
      p.line = first_line;
      p.heading = *heading;
      p.text = EncodeUtf8(JoinPieces(pieces));
      out->push_back(std::move(p));
    }
    pieces.clear();
    last.clear();
  };
  for (const SourceLine* line : segment) {
    if (line->blank || IsPageNumber(*line)) continue;
    std::string h;
    if (IsHeadingLine(*line, typical_width, &h)) {
      flush();
      *heading = h;
      continue;
    }
    const U32& s = line->squashed;
    bool continues = false;
    if (!pieces.empty() && !EndsSentence(last, typical_width) && !IsNoteLine(*line) &&
        !StartsWithRowMarker(s)) {
      if (IsFullLine(last, typical_width)) {
        continues = true;  // wrapped at the right margin
      } else {
        continues = last.size() >= long_line && !IsCaptionedItem(s) &&
                    !(IsCaptionedItem(last) && last.size() < 40);
      }
    }
    if (!continues) {
      flush();
      first_line = line->number;
    }
    pieces.push_back(line->text);
    last = s;
  }
  flush();
}

}  // namespace suan::disclosure

namespace suan {

namespace {

using disclosure::U32;
using disclosure::U32View;

bool IsClauseBreak(U32View s, size_t i) {
  char32_t c = s[i];
  if (c == U',')
    return !(i > 0 && i + 1 < s.size() && disclosure::IsDigit(s[i - 1]) &&
             disclosure::IsDigit(s[i + 1]));
  return c == U'，';
}

bool IsSentenceBreak(char32_t c) {
  return c == U'。' || c == U'!' || c == U'?' || c == U';' || c == U'；' || c == U'！' ||
         c == U'？';
}

const U32View kUnits[] = {U"万元", U"亿元", U"千元", U"元",   U"%",  U"个百分点", U"平方米",
                          U"个月", U"个",   U"人次", U"人",   U"辆", U"台",       U"套",
                          U"项",   U"次",   U"家",   U"件",   U"份", U"户",       U"名",
                          U"所",   U"处",   U"批次", U"站点", U"笔", U"天"};

const U32View kRelations[] = {U"增加", U"减少", U"增长", U"下降", U"降低", U"上升",
                              U"持平", U"节约", U"超支", U"完成", U"占"};

// The last relation word in `s` and where it starts.
U32View LastRelation(U32View s, size_t* at) {
  U32View best;
  size_t best_at = U32View::npos;
  for (U32View r : kRelations) {
    size_t p = s.rfind(r);
    while (p != U32View::npos && r == U"占" && p + 1 < s.size() &&
           (s[p + 1] == U'用' || s[p + 1] == U'有'))
      p = p == 0 ? U32View::npos : s.rfind(r, p - 1);
    if (p == U32View::npos) continue;
    if (best_at == U32View::npos || p > best_at) {
      best = r;
      best_at = p;
    }
  }
  *at = best_at;
  return best;
}

U32 Subject(U32View prefix) {
  U32 s(disclosure::Trim(prefix));
  auto strip_front = [&](U32View w) {
    if (disclosure::StartsWith(s, w)) s.erase(0, w.size());
  };
  size_t m = disclosure::RowMarkerLength(s);
  if (m > 0 && !disclosure::StartsWith(s, U"其中")) s.erase(0, m);
  strip_front(U"其中:");
  strip_front(U"其中：");
  strip_front(U"其中");
  // "收入预算包括：一般公共预算拨款" — the subject is what is included.
  for (U32View w :
       {U32View(U"包括:"), U32View(U"包括："), U32View(U"主要用于:"), U32View(U"主要用于：")}) {
    size_t p = s.find(w);
    if (p != U32::npos && p + w.size() < s.size()) s.erase(0, p + w.size());
  }
  // A comparison ("比上年预算", "较2023年度") is not a subject.
  if (disclosure::StartsWith(s, U"比") || disclosure::StartsWith(s, U"较") ||
      disclosure::StartsWith(s, U"与") || disclosure::StartsWith(s, U"同比"))
    return U"";
  while (!s.empty()) {
    char32_t c = s.back();
    if (c == U'为' || c == U'是' || c == U'达' || c == U'约' || c == U'的' || c == U':' ||
        c == U'：' || c == U'共' || c == U'计' || c == U' ') {
      if ((c == U'计') && s.size() >= 2 &&
          (s[s.size() - 2] == U'合' || s[s.size() - 2] == U'总' || s[s.size() - 2] == U'小'))
        break;
      s.pop_back();
      continue;
    }
    break;
  }
  return U32(disclosure::Trim(s));
}

}  // namespace

std::vector<NarrativeFigure> ExtractNarrativeFigures(const DisclosureDocument& doc) {
  std::vector<NarrativeFigure> out;
  for (const DisclosureParagraph& p : doc.paragraphs) {
    U32 text = disclosure::DecodeUtf8(p.text);
    U32 folded = disclosure::FoldWidth(text);
    size_t sb = 0;
    while (sb < folded.size()) {
      size_t se = sb;
      while (se < folded.size() && !IsSentenceBreak(folded[se])) ++se;
      U32View sentence = U32View(folded).substr(sb, se - sb);
      std::string sentence_text =
          disclosure::EncodeUtf8(disclosure::Trim(U32View(text).substr(sb, se - sb)));
      U32 inherited;
      size_t cb = 0;
      while (cb <= sentence.size()) {
        size_t ce = cb;
        while (ce < sentence.size() && !IsClauseBreak(sentence, ce)) ++ce;
        U32View clause = sentence.substr(cb, ce - cb);
        U32View clause_printed = U32View(text).substr(sb + cb, ce - cb);
        size_t from = 0;  // start of the text before the next figure
        size_t i = 0;
        while (i < clause.size()) {
          if (!disclosure::IsDigit(clause[i])) {
            ++i;
            continue;
          }
          // A figure: not part of a word or code (8910028X, 【2023】201).
          bool glued = i > 0 && (disclosure::IsAsciiAlnum(clause[i - 1]) || clause[i - 1] == U'.' ||
                                 clause[i - 1] == U'】' || clause[i - 1] == U']');
          size_t j = i;
          while (
              j < clause.size() &&
              (disclosure::IsDigit(clause[j]) ||
               (clause[j] == U',' && j + 1 < clause.size() && disclosure::IsDigit(clause[j + 1])) ||
               (clause[j] == U'.' && j + 1 < clause.size() && disclosure::IsDigit(clause[j + 1]))))
            ++j;
          size_t u = j;
          while (u < clause.size() && clause[u] == U' ') ++u;
          U32View unit;
          for (U32View cand : kUnits)
            if (disclosure::StartsWith(clause.substr(u), cand)) {
              unit = cand;
              break;
            }
          bool letter_after = u < clause.size() && disclosure::IsAsciiAlnum(clause[u]);
          if (glued || unit.empty() || letter_after) {
            i = j;
            continue;
          }
          disclosure::Amount a = disclosure::ParseAmount(clause.substr(i, j - i));
          if (a.kind != disclosure::Amount::Kind::kNumber) {
            i = j;
            continue;
          }
          bool negative =
              i > 0 && clause[i - 1] == U'-' && (i < 2 || !disclosure::IsAsciiAlnum(clause[i - 2]));
          U32View before = clause.substr(from, i - from - (negative ? 1 : 0));
          U32View before_printed = clause_printed.substr(from, before.size());
          size_t rel_at;
          U32View rel = LastRelation(before, &rel_at);
          U32 subject = Subject(rel.empty() ? before_printed : before_printed.substr(0, rel_at));
          if (subject.empty()) {
            subject = inherited;
          } else if (rel.empty() || rel_at > 0) {
            inherited = subject;
          }
          NarrativeFigure f;
          f.line = p.line;
          f.subject = disclosure::EncodeUtf8(subject);
          f.value = negative ? -a.value : a.value;
          f.unit = disclosure::EncodeUtf8(unit);
          f.relation = disclosure::EncodeUtf8(rel);
          f.sentence = sentence_text;
          out.push_back(std::move(f));
          i = u + unit.size();
          from = i;
        }
        if (ce >= sentence.size()) break;
        cb = ce + 1;
      }
      sb = se + 1;
    }
  }
  return out;
}

}  // namespace suan
