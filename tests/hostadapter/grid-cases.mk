# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The limits grid as unit-test cases: tests/hostadapter/grid.tsv becomes
# $(BUILD)/tests/grid_cases.h, DX_CASE rows beside tests/formula_cases.h,
# for tests/lib/test-formula.c and tests/module-formula (both include this
# fragment; the guard keeps one copy of the rule).  A malformed line fails
# the rule, with the line, and leaves no header behind.

ifndef GRID_CASES_H
BUILD ?= build
GRID_CASES_H := $(BUILD)/tests/grid_cases.h

$(GRID_CASES_H): tests/hostadapter/grid.tsv tests/hostadapter/grid-cases.awk
	@mkdir -p $(dir $@)
	awk -f tests/hostadapter/grid-cases.awk tests/hostadapter/grid.tsv > $@.tmp || { rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@
endif
