// Date functions: DATE, YEAR, MONTH, DAY, EDATE, EOMONTH, WEEKDAY, DAYS, TODAY, NOW, on Excel's
// 1900 date system (dates.hpp: serial 1 = 1900-01-01, the fictitious 1900-02-29 = serial 60).
// Date arguments may be serial numbers or text that reads as a date ("2024-03-31").
#include <cmath>

#include "formulas/dates.hpp"
#include "formulas/functions/args.hpp"

namespace suan {

namespace {

// A date argument as a calendar date; #NUM! outside 0..9999-12-31, #VALUE! for non-dates.
Value DateArg(const Value& v, CivilDate& out) {
  Value n = CoerceToNumber(v);
  if (n.is_error()) return n;
  auto d = DateOfSerial(n.number());
  if (!d) return Value::Error(ErrorCode::kNum);
  out = *d;
  return n;
}

Value SerialOrNum(std::optional<double> serial) {
  return serial ? Value::Number(*serial) : Value::Error(ErrorCode::kNum);
}

// DATE(year, month, day): years 0-1899 count from 1900; months and days roll over.
Operand Date(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    double parts[3];
    for (int i = 0; i < 3; ++i) {
      Value n = CoerceToNumber(v[size_t(i)]);
      if (n.is_error()) return n;
      parts[i] = std::trunc(n.number());
    }
    double year = parts[0];
    if (year < 0 || year >= 10000) return Value::Error(ErrorCode::kNum);
    if (year < 1900) year += 1900;
    if (std::fabs(parts[1]) > 1e7 || std::fabs(parts[2]) > 1e8)
      return Value::Error(ErrorCode::kNum);
    return SerialOrNum(DateSerial(static_cast<long long>(year), static_cast<long long>(parts[1]),
                                  static_cast<long long>(parts[2])));
  });
}

enum class Part { kYear, kMonth, kDay };

template <Part kPart>
Operand DatePart(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    CivilDate d;
    Value n = DateArg(v[0], d);
    if (n.is_error()) return n;
    return Value::Number(kPart == Part::kYear ? d.year : kPart == Part::kMonth ? d.month : d.day);
  });
}

// EDATE(start_date, months): the same day `months` later, clipped to the month's last day.
// EOMONTH(start_date, months): the last day of the month `months` later.
template <bool kEndOfMonth>
Operand MonthShift(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    // Like Excel's other former Analysis ToolPak functions, EDATE and EOMONTH take no
    // logical values: EDATE(TRUE, 1) is #VALUE!.
    if (v[0].is_bool() || v[1].is_bool()) return Value::Error(ErrorCode::kValue);
    CivilDate d;
    Value n = DateArg(v[0], d);
    if (n.is_error()) return n;
    Value m = CoerceToNumber(v[1]);
    if (m.is_error()) return m;
    double months = std::trunc(m.number());
    if (std::fabs(months) > 1e6) return Value::Error(ErrorCode::kNum);
    long long total = static_cast<long long>(d.year) * 12 + (d.month - 1) + (long long)months;
    long long year = total >= 0 ? total / 12 : -1;
    int month = int(total - year * 12) + 1;
    if (year < 1900 || year > 9999) return Value::Error(ErrorCode::kNum);
    if (kEndOfMonth) return SerialOrNum(DateSerial(year, month + 1, 0));
    int day = std::min(d.day, DaysInMonth(int(year), month));
    return SerialOrNum(DateSerial(year, month, day));
  });
}

// WEEKDAY(serial_number, [return_type = 1]).
Operand Weekday(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    CivilDate d;
    Value n = DateArg(v[0], d);
    if (n.is_error()) return n;
    double type = 1;
    if (v.size() > 1) {
      Value t = CoerceToNumber(v[1]);
      if (t.is_error()) return t;
      type = std::trunc(t.number());
    }
    int sunday0 = WeekdayOfSerial(n.number());  // 0 = Sunday
    int first;                                  // weekday numbered 1 (0 = Sunday)
    int base = 1;
    if (type == 1 || type == 17) {
      first = 0;
    } else if (type == 2 || type == 11) {
      first = 1;
    } else if (type == 3) {
      first = 1;
      base = 0;
    } else if (type >= 12 && type <= 16) {
      first = int(type) - 10;
    } else {
      return Value::Error(ErrorCode::kNum);
    }
    return Value::Number(double((sunday0 - first + 7) % 7 + base));
  });
}

// DAYS(end_date, start_date): whole days between the two dates.
Operand Days(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    CivilDate d;
    Value end = DateArg(v[0], d);
    if (end.is_error()) return end;
    Value start = DateArg(v[1], d);
    if (start.is_error()) return start;
    return Value::Number(std::floor(end.number()) - std::floor(start.number()));
  });
}

double Now(const CallContext& ctx) {
  if (ctx.env && ctx.env->clock) return ctx.env->clock();
  return SystemClockSerial();
}

Operand Today(std::span<const Operand>, CallContext& ctx) {
  return Value::Number(std::floor(Now(ctx)));
}

Operand NowFn(std::span<const Operand>, CallContext& ctx) {
  return Value::Number(Now(ctx));
}

}  // namespace

void RegisterDateFunctions(FunctionRegistry& r) {
  r.Add({"DATE", 3, 3, kFnNone, Date});
  r.Add({"YEAR", 1, 1, kFnNone, DatePart<Part::kYear>});
  r.Add({"MONTH", 1, 1, kFnNone, DatePart<Part::kMonth>});
  r.Add({"DAY", 1, 1, kFnNone, DatePart<Part::kDay>});
  r.Add({"EDATE", 2, 2, kFnNone, MonthShift<false>});
  r.Add({"EOMONTH", 2, 2, kFnNone, MonthShift<true>});
  r.Add({"WEEKDAY", 1, 2, kFnNone, Weekday});
  r.Add({"DAYS", 2, 2, kFnNone, Days});
  r.Add({"TODAY", 0, 0, kFnVolatile, Today});
  r.Add({"NOW", 0, 0, kFnVolatile, NowFn});
}

}  // namespace suan
