#include "formulas/excel_round.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace suan {

namespace {

double Pow10(int n) {
  static const double kPow[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (n >= 0 && n <= 22) return kPow[n];
  return std::pow(10.0, n);
}

enum class Mode { kHalfAway, kUp, kDown };

// Decimal rounding of the 15-significant-digit text of x. Slow (formats x), used only when the
// binary shortcut cannot decide.
double RoundDecimal(double x, int digits, Mode mode) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.14e", std::fabs(x));  // d.dddddddddddddde±XX
  // Digits of the mantissa and the decimal exponent.
  char mant[16];
  int nd = 0;
  for (const char* p = buf; *p && *p != 'e'; ++p)
    if (*p >= '0' && *p <= '9') mant[nd++] = *p;
  int exp10 = std::atoi(std::strchr(buf, 'e') + 1);
  // Value = 0.mant * 10^(exp10+1). Keep (exp10 + 1 + digits) leading digits.
  int keep = exp10 + 1 + digits;
  if (keep < 0) {
    // |x| is below one unit of the kept position: only rounding up (away from zero) keeps it.
    if (mode != Mode::kUp) return 0.0;
    double unit = digits >= 0 ? 1 / Pow10(digits) : Pow10(-digits);
    return x < 0 ? -unit : unit;
  }
  if (keep >= nd) return x;  // nothing beyond the kept digits
  // Integer made of the kept digits, then decide on the first dropped digit / remainder.
  double kept = 0;
  for (int i = 0; i < keep; ++i) kept = kept * 10 + (mant[i] - '0');
  bool any_dropped = false;
  for (int i = keep; i < nd; ++i) any_dropped |= mant[i] != '0';
  bool up = false;
  switch (mode) {
    case Mode::kHalfAway:
      up = mant[keep] >= '5';
      break;
    case Mode::kUp:
      up = any_dropped;
      break;
    case Mode::kDown:
      up = false;
      break;
  }
  if (up) kept += 1;
  // kept * 10^(exp10 + 1 - keep) == kept / 10^digits
  double result = digits >= 0 ? kept / Pow10(digits) : kept * Pow10(-digits);
  return x < 0 ? -result : result;
}

}  // namespace

double ExcelRound(double x, int digits) {
  if (!std::isfinite(x) || x == 0) return x;
  if (digits > 15) return x;
  if (digits >= 0 && digits <= 22) {
    double scale = Pow10(digits);
    double y = std::fabs(x) * scale;
    if (y < 4503599627370496.0) {  // 2^52: y still has a fractional part to look at
      double fl = std::floor(y);
      double frac = y - fl;
      // Far from the half-way point the binary value decides the same way the decimal does.
      if (std::fabs(frac - 0.5) > 1e-6) {
        double r = (frac > 0.5 ? fl + 1 : fl) / scale;
        return x < 0 ? -r : r;
      }
    } else {
      return x;
    }
  }
  return RoundDecimal(x, digits, Mode::kHalfAway);
}

double ExcelRoundUp(double x, int digits) {
  if (!std::isfinite(x) || x == 0) return x;
  return RoundDecimal(x, digits, Mode::kUp);
}

double ExcelRoundDown(double x, int digits) {
  if (!std::isfinite(x) || x == 0) return x;
  return RoundDecimal(x, digits, Mode::kDown);
}

}  // namespace suan
