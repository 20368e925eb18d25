/* suan.h: the C API of suan, a spreadsheet-style calculation engine.
 *
 * Opaque handles, plain C types. Every function returns a suan_status; SUAN_OK is 0. On any
 * other status, suan_last_error() gives the engine's message (where and why) for the calling
 * thread. No C++ exception crosses this boundary; a NULL handle or pointer argument is
 * SUAN_INVALID_ARGUMENT, never a crash.
 *
 * Cells are named by address: "Sheet1!B3", "'My Sheet'!B3", or "B3" (on the first sheet).
 *
 * Calculation. Edits (suan_set_*) take effect at suan_recalc(); reads give the values as of
 * the last recalculation. A workbook from suan_open_json_* is calculated on opening.
 *
 * Scenarios. A scenario is a what-if over a workbook: changes to input cells (set, add,
 * scale), evaluated without copying or changing the workbook, optionally on top of a parent
 * scenario (the parent must outlive it). The workbook must be recalculated before a scenario
 * is evaluated; after the workbook is edited, a scenario's values are stale: reading them is
 * SUAN_FAILED_PRECONDITION until suan_scenario_evaluate() runs again (after suan_recalc()).
 * Changes recorded on a scenario (or its parent) take effect at its next evaluation. Free
 * scenarios before their workbook.
 *
 * Threads. A workbook may be read, and its scenarios evaluated, from several threads at once
 * while nobody edits it; a handle must not be used by two threads at once otherwise.
 */
#ifndef SUAN_H_
#define SUAN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum suan_status {
  SUAN_OK = 0,
  SUAN_INVALID_ARGUMENT = 1,    /* a malformed address, NaN/inf, a NULL pointer, bad JSON */
  SUAN_NOT_FOUND = 2,           /* no such sheet, file or cell */
  SUAN_FAILED_PRECONDITION = 3, /* the workbook needs suan_recalc(), a scenario needs evaluating */
  SUAN_FORMULA_CELL = 4,        /* a constant written over a formula, a formula varied */
  SUAN_WRONG_KIND = 5,          /* suan_get_number on a cell that is not a number */
  SUAN_BUFFER_TOO_SMALL = 6,    /* the text did not fit; *needed says how many bytes it needs */
  SUAN_OUT_OF_MEMORY = 7,
  SUAN_INTERNAL = 8 /* anything else; the message says what */
} suan_status;

typedef enum suan_kind {
  SUAN_EMPTY = 0,
  SUAN_NUMBER = 1,
  SUAN_TEXT = 2,
  SUAN_BOOL = 3,
  SUAN_ERROR = 4 /* #DIV/0!, #N/A, #CYCLE! …; its text from suan_get_text */
} suan_kind;

typedef struct suan_workbook suan_workbook;
typedef struct suan_scenario suan_scenario;

/* The message of the last failed call on this thread (never NULL; "" after success). The text
 * stays valid until the next suan call on this thread. */
suan_status suan_last_error(const char** message);

/* --- workbooks --- */
suan_status suan_workbook_new(suan_workbook** out);
/* {"sheets":[{"name":…, "cells":[[row, col, number | "text" | "=formula" | true], …]}], …} */
suan_status suan_open_json_file(const char* path, suan_workbook** out);
suan_status suan_open_json_text(const char* text, size_t length, suan_workbook** out);
suan_status suan_workbook_free(suan_workbook* book); /* NULL is fine */

suan_status suan_add_sheet(suan_workbook* book, const char* name, uint32_t* index /* or NULL */);
suan_status suan_sheet_count(const suan_workbook* book, uint32_t* count);

/* Edits. A constant over a formula cell is SUAN_FORMULA_CELL: suan_clear() it first to
 * replace the formula deliberately. NaN and infinities are SUAN_INVALID_ARGUMENT. */
suan_status suan_set_number(suan_workbook* book, const char* address, double value);
suan_status suan_set_text(suan_workbook* book, const char* address, const char* text);
suan_status suan_set_formula(suan_workbook* book, const char* address, const char* formula);
suan_status suan_clear(suan_workbook* book, const char* address);

suan_status suan_recalc(suan_workbook* book);
/* Problems found by the last recalculation (formulas that do not parse, cycles). */
suan_status suan_diagnostic_count(const suan_workbook* book, size_t* count);

/* Reads. suan_get_text writes the value's display text (numbers with up to 15 digits,
 * TRUE/FALSE, error literals, text as is) with a terminating NUL into buffer[0..size); when it
 * does not fit, SUAN_BUFFER_TOO_SMALL and *needed (bytes including the NUL; may be NULL). */
suan_status suan_get_kind(const suan_workbook* book, const char* address, suan_kind* kind);
suan_status suan_get_number(const suan_workbook* book, const char* address, double* value);
suan_status suan_get_text(const suan_workbook* book, const char* address, char* buffer, size_t size,
                          size_t* needed);

/* --- scenarios --- */
suan_status suan_scenario_new(suan_workbook* book, const char* name,
                              const suan_scenario* parent /* or NULL */, suan_scenario** out);
suan_status suan_scenario_free(suan_scenario* scenario); /* NULL is fine */
suan_status suan_scenario_set(suan_scenario* scenario, const char* address, double value);
suan_status suan_scenario_add(suan_scenario* scenario, const char* address, double delta);
suan_status suan_scenario_scale(suan_scenario* scenario, const char* address, double factor);
suan_status suan_scenario_evaluate(suan_scenario* scenario);
suan_status suan_scenario_get_kind(const suan_scenario* scenario, const char* address,
                                   suan_kind* kind);
suan_status suan_scenario_get_number(const suan_scenario* scenario, const char* address,
                                     double* value);
suan_status suan_scenario_get_text(const suan_scenario* scenario, const char* address, char* buffer,
                                   size_t size, size_t* needed);
/* How many cells the evaluated scenario changes (inputs and the formulas they reach). */
suan_status suan_scenario_diff_count(const suan_scenario* scenario, size_t* count);

#ifdef __cplusplus
}
#endif

#endif /* SUAN_H_ */
