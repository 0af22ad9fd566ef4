# SPDX-License-Identifier: LGPL-2.1-or-later
# Unit tests (Criterion): the formula, the library and the command against
# umockdev fakes with real libudev; the same under ASan+UBSan and valgrind;
# the exported symbols; the public header alone.

UT_DIR := $(BUILD)/tests/lib
UT_PKGS := criterion umockdev-1.0 libudev libkmod
UT_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(UT_PKGS)) -Itests -Itests/lib -I$(BUILD)/tests -Wno-missing-prototypes
UT_LIBS = $(shell $(PKG_CONFIG) --libs $(UT_PKGS))
UT_RUN := umockdev-wrapper
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The formula's tests read the limits grid too (tests/hostadapter/grid-cases.mk).
include tests/hostadapter/grid-cases.mk
$(UT_DIR)/test-formula: tests/lib/test-formula.c tests/formula_cases.h $(GRID_CASES_H) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(UT_CFLAGS) -o $@ $< $(LIB_A) $(UT_LIBS)

# The library's tests: fakes, harness, and the static library.
UT_HARNESS := tests/lib/fake.c tests/lib/harness.c
$(UT_DIR)/test-lib $(UT_DIR)/test-udev: $(UT_DIR)/test-%: tests/lib/test-%.c $(UT_HARNESS) \
		tests/lib/fake.h tests/lib/harness.h $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(UT_CFLAGS) -o $@ $< $(UT_HARNESS) $(LIB_A) $(UT_LIBS)

$(UT_DIR)/test-tool: tests/lib/test-tool.c tests/lib/fake.c tests/lib/fake.h completions/discxfer
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(UT_CFLAGS) -o $@ tests/lib/test-tool.c tests/lib/fake.c $(UT_LIBS)

# Sanitized copies of the library objects and tests.
ASAN_DIR := $(BUILD)/asan
ASAN_LIB_OBJS := $(patsubst lib/%.c,$(ASAN_DIR)/lib/%.o,$(LIB_SRCS))
$(ASAN_DIR)/lib/%.o: lib/%.c include/discxfer.h $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(LIB_CFLAGS) -c -o $@ $<
$(ASAN_DIR)/test-%: tests/lib/test-%.c $(UT_HARNESS) $(ASAN_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(UT_CFLAGS) -o $@ $< $(UT_HARNESS) $(ASAN_LIB_OBJS) $(UT_LIBS)
$(ASAN_DIR)/test-formula: tests/formula_cases.h $(GRID_CASES_H)

UT_TESTS := test-formula test-lib test-udev test-tool

# The tests run $(BUILD)/discxfer as `make` built it, without
# LD_LIBRARY_PATH: it finds the library through its RUNPATH; test-tool
# sources the bash completion from the tree.
.PHONY: check-unit check-asan check-valgrind check-symbols check-header
check-unit: $(addprefix $(UT_DIR)/,$(UT_TESTS)) $(BUILD)/discxfer check-symbols
	@set -e; for t in $(UT_TESTS); do \
		echo "-- $$t"; \
		DISCXFER_BIN=$(CURDIR)/$(BUILD)/discxfer \
		DISCXFER_COMPLETION=$(CURDIR)/completions/discxfer \
			$(UT_RUN) $(UT_DIR)/$$t --jobs 1; \
	done

# ASan must come first in the preload list; umockdev's preload after it.
check-asan: $(addprefix $(ASAN_DIR)/,test-formula test-lib test-udev) $(BUILD)/discxfer
	@set -e; asan=$$($(CC) -print-file-name=libasan.so); for t in test-formula test-lib test-udev; do \
		echo "-- asan $$t"; \
		DISCXFER_BIN=$(CURDIR)/$(BUILD)/discxfer \
		ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lib/lsan.supp \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		LD_PRELOAD="$$asan libumockdev-preload.so.0" $(ASAN_DIR)/$$t --jobs 1; \
	done

# Criterion's workers exit 0 whatever valgrind found, so the log is read:
# any error or definite leak fails the target.
check-valgrind: $(UT_DIR)/test-formula $(UT_DIR)/test-lib $(UT_DIR)/test-udev $(BUILD)/discxfer
	@set -e; for t in test-formula test-lib test-udev; do \
		echo "-- valgrind $$t"; rm -f $(UT_DIR)/valgrind-$$t.*.log; \
		DISCXFER_BIN=$(CURDIR)/$(BUILD)/discxfer \
		$(UT_RUN) valgrind --error-exitcode=1 --leak-check=full \
			--errors-for-leak-kinds=definite --show-leak-kinds=definite \
			--trace-children=yes --log-file=$(UT_DIR)/valgrind-$$t.%p.log \
			$(UT_DIR)/$$t --jobs 1; \
		if grep -l 'ERROR SUMMARY: [1-9]' $(UT_DIR)/valgrind-$$t.*.log; then \
			echo "check-valgrind: $$t: valgrind found errors (logs above)" >&2; exit 1; fi; \
		rm -f $(UT_DIR)/valgrind-$$t.*.log; \
	done; echo "check-valgrind: no errors, no definite leaks"

# Only discxfer_* functions (and the version nodes) leave the library.
check-symbols: $(BUILD)/libdiscxfer.so $(BUILD)/discxfer
	@bad=$$(nm -D --defined-only $(BUILD)/libdiscxfer.so | \
		awk '$$3 !~ /^discxfer_/ && $$3 !~ /^DISCXFER_[0-9]+\.[0-9]+$$/ { print $$3 }'); \
	n=$$(nm -D --defined-only $(BUILD)/libdiscxfer.so | grep -c ' T discxfer_'); \
	if [ -n "$$bad" ]; then echo "check-symbols: exported but not discxfer_: $$bad" >&2; exit 1; fi; \
	soname=$$(readelf -d $(BUILD)/libdiscxfer.so | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p'); \
	[ "$$soname" = "$(LIB_SONAME)" ] || { echo "check-symbols: SONAME is '$$soname'" >&2; exit 1; }; \
	if readelf -d $(BUILD)/libdiscxfer.so $(BUILD)/discxfer | grep -q 'NEEDED.*lib\(kmod\|udev\)'; then \
		echo "check-symbols: libkmod or libudev is linked; they must only be dlopen()ed (lib/kmod.c, lib/udev.c)" >&2; exit 1; fi; \
	echo "check-symbols: $$n discxfer_ functions exported, nothing else; SONAME $$soname; libkmod and libudev not linked (loaded on demand)"

# The public headers compile alone: C99 -pedantic, and C++.
check-header:
	@mkdir -p $(UT_DIR)
	@set -e; for h in discxfer.h discxfer/imapi2.h; do \
		printf '#include <%s>\nint main(void) { return 0; }\n' $$h > $(UT_DIR)/header.c; \
		cp $(UT_DIR)/header.c $(UT_DIR)/header.cpp; \
		$(CC) -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -c -o /dev/null $(UT_DIR)/header.c; \
		$(CXX) -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -c -o /dev/null $(UT_DIR)/header.cpp; \
		echo "check-header: $$h compiles alone as C99 -pedantic and as C++"; \
	done
.SECONDARY: $(ASAN_LIB_OBJS)
