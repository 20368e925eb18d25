// Text functions and the modules beneath them: utf8.hpp, wildcard.hpp, number_format.hpp.
#include "formulas/number_format.hpp"
#include "formulas/utf8.hpp"
#include "formulas/wildcard.hpp"
#include "tests/formulas/fake_cells.hpp"

namespace suan::testing {
namespace {

TEST(Utf8Test, CountsCharactersAndSurvivesInvalidBytes) {
  EXPECT_EQ(utf8::Length("社会保障"), 4u);
  EXPECT_EQ(utf8::Length("a€😀"), 3u);
  EXPECT_EQ(utf8::Substr("社会保障费", 1, 2), "会保");
  std::string bad = "a\xff\xc3(b";
  EXPECT_EQ(utf8::Length(bad), 5u);
  EXPECT_EQ(utf8::Upper(bad), "A\xff\xc3(B");
  EXPECT_EQ(utf8::Upper("straße été ａｂｃ"), "STRAßE ÉTÉ ＡＢＣ");
  EXPECT_EQ(utf8::Lower("ÀÉÎ ΑΒΓ АБВ"), "àéî αβγ абв");
  EXPECT_TRUE(utf8::EqualsIgnoringCase("Été", "éTÉ"));
}

TEST(WildcardTest, MatchesAndFinds) {
  EXPECT_TRUE(WildcardPattern("a*c").Matches("ABBC"));
  EXPECT_TRUE(WildcardPattern("*").Matches(""));
  EXPECT_FALSE(WildcardPattern("?").Matches(""));
  EXPECT_TRUE(WildcardPattern("a~*").Matches("a*"));
  EXPECT_FALSE(WildcardPattern("a~*").Matches("ab"));
  EXPECT_TRUE(WildcardPattern("~~").Matches("~"));
  EXPECT_TRUE(WildcardPattern("*a*b*").Matches("xxaxxbxx"));
  EXPECT_FALSE(WildcardPattern("*a*b").Matches("xxaxxbxx"));
  EXPECT_TRUE(WildcardPattern("a*", false).Matches("a*"));
  EXPECT_FALSE(WildcardPattern("a*", false).Matches("ab"));
  EXPECT_EQ(WildcardPattern("m?r").Find("Statements margin", 0), 11u);
  EXPECT_EQ(WildcardPattern("保*").Find("社会保障", 0), 2u);
  EXPECT_EQ(WildcardPattern("x").Find("abc", 0), std::nullopt);
  EXPECT_EQ(WildcardPattern("").Find("abc", 2), 2u);
}

struct FormatCase {
  double value;
  const char* format;
  const char* expected;
};

TEST(NumberFormatTest, FormatsLikeExcel) {
  const FormatCase cases[] = {
      {1234.567, "0", "1235"},
      {1234.567, "0.00", "1234.57"},
      {1234.567, "#,##0", "1,235"},
      {1234.567, "#,##0.00", "1,234.57"},
      {-1234.567, "#,##0.00", "-1,234.57"},
      {0.2345, "0.00%", "23.45%"},
      {0.2345, "0%", "23%"},
      {2.675, "0.00", "2.68"},
      {1.005, "0.00", "1.01"},
      {0.5, "0.0", "0.5"},
      {0.5, "#.00", ".50"},
      {0, "#,##0", "0"},
      {0, "#,###", ""},
      {12, "000", "012"},
      {5551234, "000-0000", "555-1234"},
      {1234567, "#,##0,", "1,235"},
      {1234567890, "#,##0.0,,", "1,234.6"},
      {12.3, "0.00 \"元\"", "12.30 元"},
      {12.3, "0.00元", "12.30元"},
      {-5, "0;(0)", "(5)"},
      {0, "0.0;-0.0;\"zero\"", "zero"},
      {-0.4, "0", "-0"},
      {5, "\\$0.00", "$5.00"},
      {1234.5, "[$¥-804]#,##0.00", "¥1,234.50"},
      {1234.5, "[Red]#,##0", "1,235"},
      {12345.678, "0.00E+00", "1.23E+04"},
      {0.00012, "0.0E+0", "1.2E-4"},
      {9.999, "0.00E+00", "1.00E+01"},
      {1e20, "0", "100000000000000000000"},
      {45473, "yyyy-mm-dd", "2024-06-30"},
      {45473, "yyyy年m月d日", "2024年6月30日"},
      {45473, "yyyy/m/d", "2024/6/30"},
      {45473, "dddd, mmmm d, yyyy", "Sunday, June 30, 2024"},
      {45473, "ddd mmm yy", "Sun Jun 24"},
      {45473, "aaaa", "星期日"},
      {45473.75, "h:mm AM/PM", "6:00 PM"},
      {45473.75, "hh:mm:ss", "18:00:00"},
      {1.5, "[h]:mm", "36:00"},
      {0.000011574, "s.00", "1.00"},
      {60, "yyyy-mm-dd", "1900-02-29"},
      {0, "yyyy-mm-dd", "1900-01-00"},
      {1234.5, "General", "1234.5"},
      {-1234.5, "General", "-1234.5"},
      {7, "@", "7"},
      {7, "", ""},
  };
  for (const auto& c : cases) {
    auto out = FormatNumber(c.value, c.format);
    ASSERT_TRUE(out.has_value()) << c.format;
    EXPECT_EQ(*out, c.expected) << c.value << " with " << c.format;
  }
  EXPECT_EQ(FormatNumber(-1, "yyyy-mm-dd"), std::nullopt);
  EXPECT_EQ(FormatText("abc", "0.00"), "abc");
  EXPECT_EQ(FormatText("abc", "0;-0;0;\"<\"@\">\""), "<abc>");
  EXPECT_EQ(FormatText("abc", "\"Name: \"@"), "Name: abc");
  EXPECT_EQ(FormatFixed(1234.567, 1, false), "1,234.6");
  EXPECT_EQ(FormatFixed(1234.567, -1, false), "1,230");
  EXPECT_EQ(FormatFixed(-1234.567, -1, true), "-1230");
  EXPECT_EQ(FormatFixed(44.332, 2, false), "44.33");
  EXPECT_EQ(FormatFixed(-0.001, 2, false), "0.00");
}

TEST(FormatNumber15Test, GeneralFormatOfNumbersAsText) {
  EXPECT_EQ(FormatNumber15(0.1 + 0.2), "0.3");
  EXPECT_EQ(FormatNumber15(1.0 / 3), "0.333333333333333");
  EXPECT_EQ(FormatNumber15(-2.5), "-2.5");
  EXPECT_EQ(FormatNumber15(123456789012345), "123456789012345");
  EXPECT_EQ(FormatNumber15(999999999999999.9), "1E+15");
  EXPECT_EQ(FormatNumber15(1e15), "1E+15");
  EXPECT_EQ(FormatNumber15(123456789012345678.0), "1.23456789012346E+17");
  EXPECT_EQ(FormatNumber15(0.000001), "0.000001");
  EXPECT_EQ(FormatNumber15(1e-10), "1E-10");
  EXPECT_EQ(FormatNumber15(2583.41 / 10367.22), "0.249190236148167");
}

class TextTest : public FunctionTest {};

TEST_F(TextTest, LengthsAndSlicesCountCharacters) {
  EXPECT_EQ(Call("LEN", {Str("社会保障")}), Num(4));
  EXPECT_EQ(Call("LEN", {Num(12.5)}), Num(4));
  EXPECT_EQ(Call("LEN", {R("A1")}), Num(0));
  EXPECT_EQ(Call("LEFT", {Str("社会保障费"), Num(2)}), Str("社会"));
  EXPECT_EQ(Call("LEFT", {Str("Sale Price")}), Str("S"));
  EXPECT_EQ(Call("LEFT", {Str("abc"), Num(-1)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("RIGHT", {Str("社会保障费"), Num(3)}), Str("保障费"));
  EXPECT_EQ(Call("RIGHT", {Str("abc"), Num(10)}), Str("abc"));
  EXPECT_EQ(Call("MID", {Str("Fluid Flow"), Num(7), Num(20)}), Str("Flow"));
  EXPECT_EQ(Call("MID", {Str("Fluid Flow"), Num(20), Num(5)}), Str(""));
  EXPECT_EQ(Call("MID", {Str("社会保障费"), Num(3), Num(2)}), Str("保障"));
  EXPECT_EQ(Call("MID", {Str("abc"), Num(0), Num(1)}), Err(ErrorCode::kValue));
}

TEST_F(TextTest, CaseTrimSubstituteReplace) {
  EXPECT_EQ(Call("UPPER", {Str("total")}), Str("TOTAL"));
  EXPECT_EQ(Call("LOWER", {Str("E. E. Cummings")}), Str("e. e. cummings"));
  EXPECT_EQ(Call("TRIM", {Str(" First Quarter   Earnings ")}), Str("First Quarter Earnings"));
  EXPECT_EQ(Call("TRIM", {Str("\u3000a  b\u3000")}), Str("\u3000a b\u3000"));
  EXPECT_EQ(Call("SUBSTITUTE", {Str("Sales Data"), Str("Sales"), Str("Cost")}), Str("Cost Data"));
  EXPECT_EQ(Call("SUBSTITUTE", {Str("Quarter 1, 2008"), Str("1"), Str("2"), Num(1)}),
            Str("Quarter 2, 2008"));
  EXPECT_EQ(Call("SUBSTITUTE", {Str("Quarter 1, 2011"), Str("1"), Str("2"), Num(3)}),
            Str("Quarter 1, 2012"));
  EXPECT_EQ(Call("SUBSTITUTE", {Str("aaa"), Str("A"), Str("b")}), Str("aaa"));
  EXPECT_EQ(Call("SUBSTITUTE", {Str("aaa"), Str("a"), Str("b"), Num(0)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("REPLACE", {Str("abcdefghijk"), Num(6), Num(5), Str("*")}), Str("abcde*k"));
  EXPECT_EQ(Call("REPLACE", {Str("2009"), Num(3), Num(2), Str("10")}), Str("2010"));
  EXPECT_EQ(Call("REPLACE", {Str("123456"), Num(1), Num(3), Str("@")}), Str("@456"));
  EXPECT_EQ(Call("REPLACE", {Str("社会保障"), Num(3), Num(2), Str("福利")}), Str("社会福利"));
}

TEST_F(TextTest, FindSearch) {
  EXPECT_EQ(Call("FIND", {Str("M"), Str("Miriam McGovern")}), Num(1));
  EXPECT_EQ(Call("FIND", {Str("m"), Str("Miriam McGovern")}), Num(6));
  EXPECT_EQ(Call("FIND", {Str("M"), Str("Miriam McGovern"), Num(3)}), Num(8));
  EXPECT_EQ(Call("FIND", {Str("z"), Str("abc")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("FIND", {Str("保"), Str("社会保障")}), Num(3));
  EXPECT_EQ(Call("FIND", {Str(""), Str("abc")}), Num(1));
  EXPECT_EQ(Call("FIND", {Str("a"), Str("abc"), Num(0)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("SEARCH", {Str("e"), Str("Statements"), Num(6)}), Num(7));
  EXPECT_EQ(Call("SEARCH", {Str("margin"), Str("Profit Margin")}), Num(8));
  EXPECT_EQ(Call("SEARCH", {Str("p?o"), Str("Profit Margin")}), Num(1));
  EXPECT_EQ(Call("SEARCH", {Str("~?"), Str("why?")}), Num(4));
}

TEST_F(TextTest, ConcatenationAndRepetition) {
  cells.Row("A1", {Str("a"), Value(), Num(1.5), Bool(true)});
  EXPECT_EQ(Call("CONCATENATE", {Str("Stream population for "), Str("brook trout"), Str(" is "),
                                 Num(32), Str("/mile.")}),
            Str("Stream population for brook trout is 32/mile."));
  EXPECT_EQ(Call("CONCAT", {R("A1:D1")}), Str("a1.5TRUE"));
  EXPECT_EQ(Call("CONCAT", {R("A1:D1"), Err(ErrorCode::kNA)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("TEXTJOIN", {Str(", "), Bool(true), R("A1:D1")}), Str("a, 1.5, TRUE"));
  EXPECT_EQ(Call("TEXTJOIN", {Str("-"), Bool(false), R("A1:D1")}), Str("a--1.5-TRUE"));
  EXPECT_EQ(Call("TEXTJOIN", {Arr(1, 2, {Str("+"), Str("=")}), Bool(true), Num(1), Num(2), Num(3)}),
            Str("1+2=3"));
  EXPECT_EQ(Call("REPT", {Str("*-"), Num(3)}), Str("*-*-*-"));
  EXPECT_EQ(Call("REPT", {Str("-"), Num(10)}), Str("----------"));
  EXPECT_EQ(Call("REPT", {Str("ab"), Num(20000)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("EXACT", {Str("word"), Str("Word")}), Bool(false));
  EXPECT_EQ(Call("EXACT", {Num(1), Str("1")}), Bool(true));
}

TEST_F(TextTest, ValueNumberValueTextFixed) {
  EXPECT_EQ(Call("VALUE", {Str("$1,000")}), Num(1000));
  EXPECT_EQ(Call("VALUE", {Str("16:48:00")}).number() - 0.7, 0);
  EXPECT_EQ(Call("VALUE", {Str("abc")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("VALUE", {Str("2024-06-30")}), Num(45473));
  EXPECT_EQ(Call("NUMBERVALUE", {Str("2.500,27"), Str(","), Str(".")}), Num(2500.27));
  EXPECT_EQ(Call("NUMBERVALUE", {Str("3.5%")}), Num(0.035));
  EXPECT_EQ(Call("NUMBERVALUE", {Str("")}), Num(0));
  EXPECT_EQ(Call("NUMBERVALUE", {Str("1 234.5")}), Num(1234.5));
  EXPECT_EQ(Call("NUMBERVALUE", {Str("1.2.3")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("NUMBERVALUE", {Str("1.2,3")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("TEXT", {Num(1234.567), Str("$#,##0.00")}), Str("$1,234.57"));
  EXPECT_EQ(Call("TEXT", {Num(0.285), Str("0.0%")}), Str("28.5%"));
  EXPECT_EQ(Call("TEXT", {Str("1234.5"), Str("#,##0")}), Str("1,235"));
  EXPECT_EQ(Call("TEXT", {Str("abc"), Str("0.00")}), Str("abc"));
  EXPECT_EQ(Call("TEXT", {Bool(true), Str("0")}), Str("TRUE"));
  EXPECT_EQ(Call("TEXT", {Num(-1), Str("yyyy")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("FIXED", {Num(1234.567), Num(1)}), Str("1,234.6"));
  EXPECT_EQ(Call("FIXED", {Num(1234.567), Num(-1)}), Str("1,230"));
  EXPECT_EQ(Call("FIXED", {Num(-1234.567), Num(-1), Bool(true)}), Str("-1230"));
  EXPECT_EQ(Call("FIXED", {Num(44.332)}), Str("44.33"));
  EXPECT_EQ(Call("FIXED", {Num(1), Num(128)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("UNICHAR", {Num(66)}), Str("B"));
  EXPECT_EQ(Call("UNICODE", {Str("社")}), Num(0x793E));
}

}  // namespace
}  // namespace suan::testing
