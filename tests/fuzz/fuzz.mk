# SPDX-License-Identifier: LGPL-2.1-or-later
# The library under hostile input: libFuzzer harnesses (clang), each run for
# FUZZ_SECONDS from the seed corpus in tests/fuzz/corpus/NAME.
#
#   make check-fuzz             every harness, one after the other
#   make fuzz-NAME              one: sysfs, formula, json, path
#   make check-fuzz FUZZ_SECONDS=600
#
# The library's objects are rebuilt here with clang, libFuzzer's coverage
# instrumentation, ASan and UBSan (no recovery). New inputs go to
# build/fuzz/NAME/corpus, never into the tree; a crash, leak, timeout or
# broken property fails the target and names the input that caused it
# (tests/fuzz/run.sh).

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_NAMES := sysfs formula json path
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g $(WARNFLAGS) -Iinclude -Ilib $(FUZZ_SAN)
FUZZ_LIB_OBJS := $(patsubst lib/%.c,$(FUZZ_DIR)/lib/%.o,$(LIB_SRCS))
FUZZ_UMOCKDEV_CFLAGS = $(shell $(PKG_CONFIG) --cflags umockdev-1.0)
FUZZ_UMOCKDEV_LIBS = $(shell $(PKG_CONFIG) --libs umockdev-1.0)

$(FUZZ_DIR)/lib/%.o: lib/%.c include/discxfer.h $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(LIB_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/tools/json.o: tools/json.c tools/commands.h include/discxfer.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Itools -c -o $@ $<

FUZZ_LINK = $(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@

$(FUZZ_DIR)/fuzz-sysfs $(FUZZ_DIR)/fuzz-formula: $(FUZZ_DIR)/fuzz-%: tests/fuzz/fuzz-%.c \
		tests/fuzz/fuzz.h $(FUZZ_LIB_OBJS)
	$(FUZZ_LINK) $< $(FUZZ_LIB_OBJS) $(LIB_LIBS)

$(FUZZ_DIR)/fuzz-json: tests/fuzz/fuzz-json.c tests/fuzz/fuzz.h $(FUZZ_DIR)/tools/json.o \
		$(FUZZ_LIB_OBJS)
	$(FUZZ_LINK) -Itools $< $(FUZZ_DIR)/tools/json.o $(FUZZ_LIB_OBJS) $(LIB_LIBS)

$(FUZZ_DIR)/fuzz-path: tests/fuzz/fuzz-path.c tests/fuzz/fuzz.h tests/lib/fake.c \
		tests/lib/fake.h $(FUZZ_LIB_OBJS)
	$(FUZZ_LINK) $(FUZZ_UMOCKDEV_CFLAGS) -Itests/lib -Wno-missing-prototypes $< \
		tests/lib/fake.c $(FUZZ_LIB_OBJS) $(LIB_LIBS) $(FUZZ_UMOCKDEV_LIBS)

# fuzz-path reads sysfs through umockdev's preload, as the unit tests do.
FUZZ_WRAP_path := umockdev-wrapper

.PHONY: check-fuzz $(addprefix fuzz-,$(FUZZ_NAMES))
$(addprefix fuzz-,$(FUZZ_NAMES)): fuzz-%: $(FUZZ_DIR)/fuzz-%
	@tests/fuzz/run.sh $* $< $(FUZZ_SECONDS) $(FUZZ_DIR)/$* $(FUZZ_WRAP_$*)

check-fuzz:
	@failed=; for n in $(FUZZ_NAMES); do \
		$(MAKE) --no-print-directory -s fuzz-$$n || failed="$$failed $$n"; \
	done; \
	if [ -n "$$failed" ]; then echo "check-fuzz: FAILED:$$failed" >&2; exit 1; fi

.SECONDARY: $(FUZZ_LIB_OBJS)

