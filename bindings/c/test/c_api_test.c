/* The C API (suan.h) from plain C11: workbooks built and opened, reads and writes, recalculation,
 * scenarios (stacked, stale after an edit), and every kind of bad input giving a status and a
 * message, never a crash. Exits 0 when every check holds. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "suan.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      ++failures;                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

#define EXPECT_STATUS(expr, status)                                                       \
  do {                                                                                    \
    suan_status got_ = (expr);                                                            \
    ++checks;                                                                             \
    if (got_ != (status)) {                                                               \
      const char* msg_ = "";                                                              \
      suan_last_error(&msg_);                                                             \
      ++failures;                                                                         \
      fprintf(stderr, "%s:%d: %s gave %d, expected %d (%s)\n", __FILE__, __LINE__, #expr, \
              (int)got_, (int)(status), msg_);                                            \
    }                                                                                     \
  } while (0)

#define EXPECT_OK(expr) EXPECT_STATUS(expr, SUAN_OK)

static const char* last_error(void) {
  const char* m = NULL;
  suan_last_error(&m);
  return m;
}

static int contains(const char* text, const char* part) {
  return strstr(text, part) != NULL;
}

static double number(const suan_workbook* wb, const char* address) {
  double v = NAN;
  EXPECT_OK(suan_get_number(wb, address, &v));
  return v;
}

static double scenario_number(const suan_scenario* s, const char* address) {
  double v = NAN;
  EXPECT_OK(suan_scenario_get_number(s, address, &v));
  return v;
}

static void test_built_in_code(void) {
  suan_workbook* wb = NULL;
  EXPECT_OK(suan_workbook_new(&wb));
  uint32_t index = 99;
  EXPECT_OK(suan_add_sheet(wb, "Sheet1", &index));
  CHECK(index == 0);
  EXPECT_OK(suan_add_sheet(wb, "My Sheet", &index));
  CHECK(index == 1);
  EXPECT_STATUS(suan_add_sheet(wb, "sheet1", NULL), SUAN_FAILED_PRECONDITION);
  EXPECT_OK(suan_set_number(wb, "Sheet1!A1", 2.5));
  EXPECT_OK(suan_set_number(wb, "A2", 4));
  EXPECT_OK(suan_set_formula(wb, "Sheet1!A3", "=A1*A2"));
  EXPECT_OK(suan_set_text(wb, "'My Sheet'!B2", "hello"));
  EXPECT_OK(suan_set_formula(wb, "'My Sheet'!B3", "=B2&\" world\""));
  EXPECT_OK(suan_set_formula(wb, "Sheet1!A4", "=1/0"));
  EXPECT_OK(suan_recalc(wb));
  CHECK(number(wb, "Sheet1!A3") == 10.0);

  suan_kind kind = SUAN_EMPTY;
  EXPECT_OK(suan_get_kind(wb, "'My Sheet'!B3", &kind));
  CHECK(kind == SUAN_TEXT);
  char buffer[64];
  size_t needed = 0;
  EXPECT_OK(suan_get_text(wb, "'My Sheet'!B3", buffer, sizeof buffer, &needed));
  CHECK(strcmp(buffer, "hello world") == 0);
  CHECK(needed == strlen("hello world") + 1);
  EXPECT_OK(suan_get_kind(wb, "Sheet1!A4", &kind));
  CHECK(kind == SUAN_ERROR);
  EXPECT_OK(suan_get_text(wb, "Sheet1!A4", buffer, sizeof buffer, NULL));
  CHECK(strcmp(buffer, "#DIV/0!") == 0);
  EXPECT_OK(suan_get_kind(wb, "Sheet1!Z99", &kind));
  CHECK(kind == SUAN_EMPTY);

  /* A buffer too small: the size needed, an empty string, a status. */
  char small[4];
  EXPECT_STATUS(suan_get_text(wb, "'My Sheet'!B3", small, sizeof small, &needed),
                SUAN_BUFFER_TOO_SMALL);
  CHECK(needed == 12);
  CHECK(small[0] == '\0');

  /* A number read from text is the wrong kind, with the cell named. */
  double v = 0;
  EXPECT_STATUS(suan_get_number(wb, "'My Sheet'!B2", &v), SUAN_WRONG_KIND);
  CHECK(contains(last_error(), "B2"));

  /* Edits take effect at the next recalculation. */
  EXPECT_OK(suan_set_number(wb, "Sheet1!A1", 3));
  CHECK(number(wb, "Sheet1!A3") == 10.0);
  EXPECT_OK(suan_recalc(wb));
  CHECK(number(wb, "Sheet1!A3") == 12.0);

  /* A cycle is an error value and a diagnostic, not a hang. */
  EXPECT_OK(suan_set_formula(wb, "Sheet1!C1", "=C2+1"));
  EXPECT_OK(suan_set_formula(wb, "Sheet1!C2", "=C1+1"));
  EXPECT_OK(suan_recalc(wb));
  size_t diagnostics = 0;
  EXPECT_OK(suan_diagnostic_count(wb, &diagnostics));
  CHECK(diagnostics >= 1);
  EXPECT_OK(suan_get_text(wb, "Sheet1!C1", buffer, sizeof buffer, NULL));
  CHECK(strcmp(buffer, "#CYCLE!") == 0);
  EXPECT_OK(suan_workbook_free(wb));
}

static void test_bad_input(void) {
  suan_workbook* wb = NULL;
  EXPECT_OK(suan_workbook_new(&wb));
  EXPECT_STATUS(suan_set_number(wb, "A1", 1), SUAN_NOT_FOUND); /* no sheets yet */
  EXPECT_OK(suan_add_sheet(wb, "Budget", NULL));
  EXPECT_OK(suan_set_number(wb, "Budget!A1", 1));
  EXPECT_OK(suan_set_formula(wb, "Budget!A2", "=A1*2"));
  EXPECT_OK(suan_recalc(wb));

  /* No such sheet: not found, and the message names it. */
  EXPECT_STATUS(suan_set_number(wb, "Budgte!A1", 1), SUAN_NOT_FOUND);
  CHECK(contains(last_error(), "Budgte"));
  /* Not an address. */
  EXPECT_STATUS(suan_set_number(wb, "Budget!!A1", 1), SUAN_INVALID_ARGUMENT);
  CHECK(strlen(last_error()) > 0);
  /* NaN and infinities are refused, naming the cell. */
  EXPECT_STATUS(suan_set_number(wb, "Budget!A1", NAN), SUAN_INVALID_ARGUMENT);
  CHECK(contains(last_error(), "Budget!A1"));
  EXPECT_STATUS(suan_set_number(wb, "Budget!A1", INFINITY), SUAN_INVALID_ARGUMENT);
  /* A constant over a formula is refused; clearing first replaces it deliberately. */
  EXPECT_STATUS(suan_set_number(wb, "Budget!A2", 5), SUAN_FORMULA_CELL);
  CHECK(contains(last_error(), "A1*2"));
  EXPECT_OK(suan_clear(wb, "Budget!A2"));
  EXPECT_OK(suan_set_number(wb, "Budget!A2", 5));
  EXPECT_OK(suan_recalc(wb));
  CHECK(number(wb, "Budget!A2") == 5.0);
  /* A formula that does not parse loads; its cell is an error and a diagnostic says why. */
  EXPECT_OK(suan_set_formula(wb, "Budget!A3", "=SUM(A1,"));
  EXPECT_OK(suan_recalc(wb));
  size_t diagnostics = 0;
  EXPECT_OK(suan_diagnostic_count(wb, &diagnostics));
  CHECK(diagnostics == 1);
  /* A success clears the last error. */
  CHECK(strcmp(last_error(), "") == 0);

  /* NULL handles and pointers. */
  EXPECT_STATUS(suan_set_number(NULL, "A1", 1), SUAN_INVALID_ARGUMENT);
  EXPECT_STATUS(suan_set_number(wb, NULL, 1), SUAN_INVALID_ARGUMENT);
  EXPECT_STATUS(suan_get_number(wb, "Budget!A1", NULL), SUAN_INVALID_ARGUMENT);
  EXPECT_STATUS(suan_recalc(NULL), SUAN_INVALID_ARGUMENT);
  EXPECT_STATUS(suan_last_error(NULL), SUAN_INVALID_ARGUMENT);
  EXPECT_OK(suan_workbook_free(NULL));
  EXPECT_OK(suan_scenario_free(NULL));
  EXPECT_OK(suan_workbook_free(wb));

  /* Broken JSON names where; a missing file is not found. */
  suan_workbook* bad = (suan_workbook*)1;
  const char* json = "{\"sheets\":[{\"name\":\"S\",\"cells\":[[0,0,1],[0,1,]]}]}";
  EXPECT_STATUS(suan_open_json_text(json, strlen(json), &bad), SUAN_INVALID_ARGUMENT);
  CHECK(bad == NULL);
  CHECK(contains(last_error(), ":1:46"));
  EXPECT_STATUS(suan_open_json_file("/nonexistent/book.json", &bad), SUAN_NOT_FOUND);
  CHECK(contains(last_error(), "/nonexistent/book.json"));
}

static void test_json_and_scenarios(void) {
  suan_workbook* wb = NULL;
  const char* json =
      "{\"sheets\":[{\"name\":\"In\",\"cells\":[[0,0,100],[1,0,200],[2,0,\"=A1+A2\"]]},"
      "{\"name\":\"Out\",\"cells\":[[0,0,\"=In!A3*2\"],[1,0,\"=IF(In!A3>350,\\\"high\\\","
      "\\\"low\\\")\"]]}]}";
  EXPECT_OK(suan_open_json_text(json, strlen(json), &wb));
  uint32_t sheets = 0;
  EXPECT_OK(suan_sheet_count(wb, &sheets));
  CHECK(sheets == 2);
  CHECK(number(wb, "Out!A1") == 600.0);

  suan_scenario* up = NULL;
  EXPECT_OK(suan_scenario_new(wb, "up", NULL, &up));
  EXPECT_OK(suan_scenario_scale(up, "In!A1", 1.5)); /* 150 */
  EXPECT_OK(suan_scenario_add(up, "In!A2", 50));    /* 250 */
  /* Reading before evaluating is refused. */
  double v = 0;
  EXPECT_STATUS(suan_scenario_get_number(up, "Out!A1", &v), SUAN_FAILED_PRECONDITION);
  EXPECT_OK(suan_scenario_evaluate(up));
  CHECK(scenario_number(up, "Out!A1") == 800.0);
  char buffer[16];
  EXPECT_OK(suan_scenario_get_text(up, "Out!A2", buffer, sizeof buffer, NULL));
  CHECK(strcmp(buffer, "high") == 0);
  size_t changed = 0;
  EXPECT_OK(suan_scenario_diff_count(up, &changed));
  CHECK(changed == 5); /* In!A1, In!A2, In!A3, Out!A1, Out!A2 */
  /* The base is untouched. */
  CHECK(number(wb, "Out!A1") == 600.0);

  /* A scenario on top: its changes apply after the parent's. */
  suan_scenario* more = NULL;
  EXPECT_OK(suan_scenario_new(wb, "more", up, &more));
  EXPECT_OK(suan_scenario_add(more, "In!A1", 10)); /* 160 */
  EXPECT_OK(suan_scenario_evaluate(more));
  CHECK(scenario_number(more, "In!A3") == 410.0);

  /* Scenarios change inputs only. */
  EXPECT_STATUS(suan_scenario_set(up, "In!A3", 1), SUAN_FORMULA_CELL);
  EXPECT_STATUS(suan_scenario_set(up, "In!A1", NAN), SUAN_INVALID_ARGUMENT);
  EXPECT_STATUS(suan_scenario_set(up, "Nope!A1", 1), SUAN_NOT_FOUND);

  /* The same edits applied to the workbook give the same values. */
  EXPECT_OK(suan_set_number(wb, "In!A1", 150));
  EXPECT_OK(suan_set_number(wb, "In!A2", 250));
  /* After an edit the scenario is stale until recalculated and evaluated again. */
  EXPECT_STATUS(suan_scenario_get_number(up, "Out!A1", &v), SUAN_FAILED_PRECONDITION);
  CHECK(contains(last_error(), "edited"));
  EXPECT_STATUS(suan_scenario_evaluate(up), SUAN_FAILED_PRECONDITION);
  EXPECT_OK(suan_recalc(wb));
  CHECK(number(wb, "Out!A1") == 800.0);
  EXPECT_OK(suan_scenario_evaluate(up));
  /* Now the scale applies to 150: 225 + 300 = 525. */
  CHECK(scenario_number(up, "In!A3") == 525.0);

  EXPECT_OK(suan_scenario_free(more));
  EXPECT_OK(suan_scenario_free(up));
  EXPECT_OK(suan_workbook_free(wb));
}

static void test_city_sample(void) {
  suan_workbook* wb = NULL;
  EXPECT_OK(suan_open_json_file(SUAN_TEST_DATA "/city-5.json", &wb));
  if (!wb) return;
  uint32_t sheets = 0;
  EXPECT_OK(suan_sheet_count(wb, &sheets));
  CHECK(sheets == 6);
  /* Total!B3 is the city's expenditure total: the sum of the departments' B3. */
  double sum = 0;
  const char* depts[] = {"Dept_0001!B3", "Dept_0002!B3", "Dept_0003!B3", "Dept_0004!B3",
                         "Dept_0005!B3"};
  for (int i = 0; i < 5; ++i) sum += number(wb, depts[i]);
  double total = number(wb, "Total!B3");
  CHECK(fabs(total - sum) <= 1e-6 * fabs(sum));

  /* A wage rise in one department moves the city total by the same amount. */
  double before = number(wb, "Dept_0001!C5");
  suan_scenario* s = NULL;
  EXPECT_OK(suan_scenario_new(wb, "wages", NULL, &s));
  EXPECT_OK(suan_scenario_scale(s, "Dept_0001!C5", 1.05));
  EXPECT_OK(suan_scenario_evaluate(s));
  double after = scenario_number(s, "Total!B3");
  CHECK(fabs((after - total) - before * 0.05) <= 1e-6 * (1 + fabs(total)));
  EXPECT_OK(suan_scenario_free(s));
  EXPECT_OK(suan_workbook_free(wb));
}

int main(void) {
  test_built_in_code();
  test_bad_input();
  test_json_and_scenarios();
  test_city_sample();
  if (failures) {
    fprintf(stderr, "%d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("c_api_test: %d checks passed\n", checks);
  return 0;
}
