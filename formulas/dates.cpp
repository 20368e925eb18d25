#include "formulas/dates.hpp"

#include <chrono>
#include <cmath>

namespace suan {

namespace {

// Days from 1970-01-01 to y-m-d, proleptic Gregorian (H. Hinnant's days_from_civil).
long long DaysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

CivilDate CivilFromDays(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{int(y + (m <= 2)), int(m), int(d)};
}

const long long kDay0 = DaysFromCivil(1899, 12, 31);  // serial 0 ("1900-01-00")

}  // namespace

std::optional<double> DateSerial(long long year, long long month, long long day) {
  if (year < 0 || year > 20000 || std::llabs(month) > 1'000'000 || std::llabs(day) > 10'000'000)
    return std::nullopt;
  long long m0 = month - 1;
  long long carry = m0 >= 0 ? m0 / 12 : -((-m0 + 11) / 12);
  year += carry;
  m0 -= carry * 12;
  unsigned m = unsigned(m0 + 1);
  long long first = DaysFromCivil(year, m, 1) - kDay0;
  if (year > 1900 || (year == 1900 && m >= 3)) first += 1;  // the fictitious 1900-02-29
  long long serial = first + day - 1;
  if (serial < 0 || serial > static_cast<long long>(kMaxDateSerial)) return std::nullopt;
  return double(serial);
}

std::optional<CivilDate> DateOfSerial(double serial) {
  if (!(serial >= 0) || serial >= kMaxDateSerial + 1) return std::nullopt;
  long long s = static_cast<long long>(std::floor(serial));
  if (s == 0) return CivilDate{1900, 1, 0};
  if (s == 60) return CivilDate{1900, 2, 29};
  return CivilFromDays(kDay0 + (s < 60 ? s : s - 1));
}

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 30;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 || year == 1900;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

int WeekdayOfSerial(double serial) {
  long long s = static_cast<long long>(std::floor(serial));
  return int(((s + 6) % 7 + 7) % 7);
}

double SystemClockSerial() {
  using namespace std::chrono;
  double seconds = duration<double>(system_clock::now().time_since_epoch()).count();
  return 25569.0 + seconds / 86400.0;  // 25569 = 1970-01-01
}

}  // namespace suan
