// Excel's 1900 date system: serial numbers, calendar dates and times of day.
//
// Serial 1 is 1900-01-01 and Excel keeps Lotus 1-2-3's fictitious 1900-02-29 as serial 60, so
// every date from 1900-03-01 on is one more than the true day count. Serial 0 shows as
// 1900-01-00. The last date is 9999-12-31 (serial 2958465). Times are fractions of a day.
#pragma once

#include <optional>

namespace suan {

inline constexpr double kMaxDateSerial = 2958465;  // 9999-12-31

struct CivilDate {
  int year = 1900;
  int month = 1;
  int day = 0;
};

// DATE's arithmetic for a year already in 1900..9999 (or beyond, for rolled-over months):
// months outside 1..12 and days outside the month roll over, as in DATE(2008,14,2) =
// 2009-02-02 and DATE(2008,1,-1) = 2007-12-30. nullopt when the result is before serial 0 or
// after 9999-12-31.
std::optional<double> DateSerial(long long year, long long month, long long day);

// The calendar date of floor(serial); nullopt outside 0..2958465.
std::optional<CivilDate> DateOfSerial(double serial);

// Days in a month as Excel counts them (February 1900 has 29).
int DaysInMonth(int year, int month);

// 0 = Sunday ... 6 = Saturday for floor(serial), as Excel's WEEKDAY(serial, 1) - 1.
int WeekdayOfSerial(double serial);

// The current time as an Excel serial (UTC), for an Environment without an injected clock.
double SystemClockSerial();

}  // namespace suan
