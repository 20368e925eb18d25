// Date functions and dates.hpp: Excel's 1900 serial numbers, the fictitious 1900-02-29,
// DATE's roll-over arithmetic, EDATE/EOMONTH month ends, TODAY from the injected clock.
#include "formulas/dates.hpp"

#include "tests/formulas/fake_cells.hpp"

namespace suan::testing {
namespace {

TEST(DatesTest, SerialNumbersOfThe1900System) {
  EXPECT_EQ(DateSerial(1900, 1, 1), 1);
  EXPECT_EQ(DateSerial(1900, 2, 28), 59);
  EXPECT_EQ(DateSerial(1900, 2, 29), 60);
  EXPECT_EQ(DateSerial(1900, 3, 1), 61);
  EXPECT_EQ(DateSerial(1900, 1, 0), 0);
  EXPECT_EQ(DateSerial(1900, 1, -1), std::nullopt);
  EXPECT_EQ(DateSerial(2008, 1, 1), 39448);
  EXPECT_EQ(DateSerial(2024, 6, 30), 45473);
  EXPECT_EQ(DateSerial(9999, 12, 31), 2958465);
  EXPECT_EQ(DateSerial(9999, 12, 32), std::nullopt);
  auto d = DateOfSerial(60);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->month, 2);
  EXPECT_EQ(d->day, 29);
  d = DateOfSerial(61.75);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->month, 3);
  EXPECT_EQ(d->day, 1);
  d = DateOfSerial(0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->day, 0);
  EXPECT_EQ(DateOfSerial(-1), std::nullopt);
  EXPECT_EQ(DateOfSerial(2958466), std::nullopt);
  for (double s = 61; s < 2958466; s += 997) {
    auto c = DateOfSerial(s);
    ASSERT_TRUE(c);
    EXPECT_EQ(DateSerial(c->year, c->month, c->day), s);
  }
  EXPECT_EQ(WeekdayOfSerial(45473), 0);  // 2024-06-30 was a Sunday
  EXPECT_EQ(WeekdayOfSerial(1), 0);      // Excel's 1900-01-01 "Sunday"
  EXPECT_EQ(DaysInMonth(1900, 2), 29);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
}

class DateTest : public FunctionTest {};

TEST_F(DateTest, Date) {
  EXPECT_EQ(Call("DATE", {Num(2008), Num(1), Num(1)}), Num(39448));
  EXPECT_EQ(Call("DATE", {Num(2008), Num(14), Num(2)}), Call("DATE", {Num(2009), Num(2), Num(2)}));
  EXPECT_EQ(Call("DATE", {Num(2008), Num(-3), Num(2)}), Call("DATE", {Num(2007), Num(9), Num(2)}));
  EXPECT_EQ(Call("DATE", {Num(2008), Num(1), Num(35)}), Call("DATE", {Num(2008), Num(2), Num(4)}));
  EXPECT_EQ(Call("DATE", {Num(2008), Num(1), Num(-15)}),
            Call("DATE", {Num(2007), Num(12), Num(16)}));
  EXPECT_EQ(Call("DATE", {Num(108), Num(1), Num(2)}), Call("DATE", {Num(2008), Num(1), Num(2)}));
  EXPECT_EQ(Call("DATE", {Num(1900), Num(2), Num(29)}), Num(60));
  EXPECT_EQ(Call("DATE", {Num(1900), Num(3), Num(0)}), Num(60));
  EXPECT_EQ(Call("DATE", {Num(-1), Num(1), Num(1)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("DATE", {Num(10000), Num(1), Num(1)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("DATE", {Num(1900), Num(1), Num(-1)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("DATE", {Str("2024"), Num(6), Num(30.9)}), Num(45473));
  EXPECT_EQ(Call("DATE", {Str("x"), Num(6), Num(30)}), Err(ErrorCode::kValue));
}

TEST_F(DateTest, Parts) {
  EXPECT_EQ(Call("YEAR", {Num(45473)}), Num(2024));
  EXPECT_EQ(Call("MONTH", {Num(45473.9)}), Num(6));
  EXPECT_EQ(Call("DAY", {Num(45473)}), Num(30));
  EXPECT_EQ(Call("DAY", {Num(60)}), Num(29));
  EXPECT_EQ(Call("YEAR", {Num(0)}), Num(1900));
  EXPECT_EQ(Call("MONTH", {Num(0)}), Num(1));
  EXPECT_EQ(Call("DAY", {Num(0)}), Num(0));
  EXPECT_EQ(Call("YEAR", {Str("2024-03-31")}), Num(2024));
  EXPECT_EQ(Call("MONTH", {Str("2024年3月31日")}), Num(3));
  EXPECT_EQ(Call("DAY", {Num(-1)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("DAY", {Str("nope")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("WEEKDAY", {Num(45473)}), Num(1));
  EXPECT_EQ(Call("WEEKDAY", {Num(45473), Num(2)}), Num(7));
  EXPECT_EQ(Call("WEEKDAY", {Num(45473), Num(3)}), Num(6));
  EXPECT_EQ(Call("WEEKDAY", {Num(45473), Num(5)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("DAYS", {Str("2021-03-15"), Str("2021-02-01")}), Num(42));
}

TEST_F(DateTest, EdateEomonth) {
  double jan15 = DateSerial(2011, 1, 15).value();
  EXPECT_EQ(Call("EDATE", {Num(jan15), Num(1)}), Num(DateSerial(2011, 2, 15).value()));
  EXPECT_EQ(Call("EDATE", {Num(jan15), Num(-1)}), Num(DateSerial(2010, 12, 15).value()));
  EXPECT_EQ(Call("EDATE", {Num(jan15), Num(2)}), Num(DateSerial(2011, 3, 15).value()));
  EXPECT_EQ(Call("EDATE", {Str("2011-01-31"), Num(1)}), Num(DateSerial(2011, 2, 28).value()));
  EXPECT_EQ(Call("EDATE", {Str("2024-01-31"), Num(1)}), Num(DateSerial(2024, 2, 29).value()));
  EXPECT_EQ(Call("EDATE", {Num(jan15), Num(1.9)}), Num(DateSerial(2011, 2, 15).value()));
  EXPECT_EQ(Call("EDATE", {Num(-1), Num(1)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("EDATE", {Bool(true), Num(1)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("EOMONTH", {Num(jan15), Bool(false)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("EOMONTH", {Str("2011-01-01"), Num(1)}), Num(40602));
  EXPECT_EQ(Call("EOMONTH", {Str("2011-01-01"), Num(-3)}), Num(40482));
  EXPECT_EQ(Call("EOMONTH", {Num(DateSerial(1900, 1, 15).value()), Num(1)}), Num(60));
  EXPECT_EQ(Call("EOMONTH", {Num(100), Num(-10)}), Err(ErrorCode::kNum));
}

TEST_F(DateTest, TodayAndNowReadTheInjectedClock) {
  EXPECT_EQ(Call("TODAY", {}), Num(45473));
  EXPECT_EQ(Call("NOW", {}), Num(45473.5));
  env.clock = nullptr;
  EXPECT_GT(Call("TODAY", {}).number(), 45000);  // the system clock
  const FunctionSpec* today = FunctionRegistry::Builtins().Find("TODAY");
  ASSERT_NE(today, nullptr);
  EXPECT_TRUE(today->flags & kFnVolatile);
}

}  // namespace
}  // namespace suan::testing
