# SPDX-License-Identifier: GPL-2.0-only
#
# The module's formula (module/discxfer_formula.h) in user space against the
# shared table tests/formula_cases.h and the limits grid's cases
# (tests/hostadapter/grid.tsv, see grid-cases.mk), under ASan and UBSan.
#
#   make check-module-formula

BUILD ?= build
CC ?= cc
MODULE_FORMULA_BIN := $(BUILD)/tests/module-formula
MODULE_FORMULA_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -Wshadow \
	-Wconversion -Wno-sign-conversion \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Itests/module-formula -Imodule -Itests -I$(BUILD)/tests

include tests/hostadapter/grid-cases.mk

.PHONY: check-module-formula
check: check-module-formula

$(MODULE_FORMULA_BIN): tests/module-formula/module-formula.c \
		tests/module-formula/shim.h module/discxfer_formula.h \
		tests/formula_cases.h $(GRID_CASES_H)
	@mkdir -p $(dir $@)
	$(CC) $(MODULE_FORMULA_CFLAGS) -o $@ $<

check-module-formula: $(MODULE_FORMULA_BIN)
	$(MODULE_FORMULA_BIN)
