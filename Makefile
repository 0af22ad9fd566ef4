# SPDX-License-Identifier: LGPL-2.1-or-later
#
# discxfer: top-level, non-recursive Makefile. Each part of the tree owns a
# fragment (lib/lib.mk, tools/tools.mk, ...) included below.
#
#   make            library, command, udev helper
#   make check      everything the README's test command runs
#   make module     discxfer.ko against KDIR (default: the running kernel)
#   make install    PREFIX, LIBDIR, DESTDIR honoured

VERSION := $(shell cat $(dir $(lastword $(MAKEFILE_LIST)))VERSION)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
BUILD ?= build

WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-missing-field-initializers
CFLAGS ?= -O2 -g
override CFLAGS += -std=c11 -D_GNU_SOURCE $(WARNFLAGS) -Iinclude \
	-DDISCXFER_VERSION='"$(VERSION)"'
LDFLAGS ?=

.PHONY: all check clean install uninstall
all:

# Files that name installation paths (the pkg-config file, the udev rules)
# depend on this stamp, which changes with the paths: `make` then
# `make install PREFIX=/usr` does not install files that name /usr/local.
PATHS_STAMP := $(BUILD)/.paths-$(shell printf '%s\n' '$(PREFIX)' '$(BINDIR)' \
	'$(LIBDIR)' '$(INCLUDEDIR)' | cksum | cut -d' ' -f1)
$(PATHS_STAMP):
	@mkdir -p $(dir $@)
	@rm -f $(BUILD)/.paths-*
	@touch $@

include lib/lib.mk
-include tools/tools.mk
-include tests/unit/unit.mk
include tests/lib/lib-tests.mk
-include tests/fuzz/fuzz.mk
include bench/bench.mk
-include udev/udev.mk
-include module/module.mk
-include tests/vm/vm.mk
-include tests/tsan/tsan.mk
-include tests/module-formula/module-formula.mk
-include man/man.mk
-include man/lib.mk
-include examples/examples.mk
-include dkms.mk
-include dist.mk
-include tests/packaging/packaging.mk
-include integrations/integrations.mk
-include tests/docs/docs.mk
-include upstream/upstream.mk

# The README's test command runs `make check`.  Fragments add their own
# prerequisites to `check` too.
.PHONY: check-module-kernels
# The test host adapter (tests/hostadapter/dxhost.c) is held to the
# module's standard too: W=1 with no warning and checkpatch --strict.
check-module-kernels: vm-fetch
	@set -e; for s in 6.1 6.12 $$(cat $(BUILD)/vm/newest-series); do \
		$(MAKE) --no-print-directory module-w1 KDIR=$$(cat $(BUILD)/vm/$$s/kdir); \
		log=$(BUILD)/hostadapter-w1/$$s.log; mkdir -p $(BUILD)/hostadapter-w1; \
		tests/hostadapter/build.sh $$(cat $(BUILD)/vm/$$s/kdir) $(BUILD)/hostadapter-w1/$$s \
			W=1 modules >/dev/null 2>$$log || { cat $$log; exit 1; }; \
		if grep 'warning:' $$log; then echo "dxhost.c: W=1 warnings on $$s"; exit 1; fi; \
		echo "dxhost.c: W=1 against $$s: no warning"; \
	done
	$(MAKE) --no-print-directory module-checkpatch \
		CHECKPATCH_SERIES="6.1 6.12 $$(cat $(BUILD)/vm/newest-series)" \
		MODULE_CHECKPATCH_FILES="$(MODULE_CHECKPATCH_FILES) tests/hostadapter/dxhost.c"

# The checks that need no guest, one after another: the Debian packages
# first, which the guests' legs check (VM_DEBS, tests/vm/vm.mk), so that no
# leg waits for them; then the rest, with check-packaging's other parts
# (tests/packaging/packaging.mk).
CHECK_FAST := check-pkg-debs check-header check-unit check-asan check-valgrind check-fuzz \
	check-man check-docs check-module-formula module-abi-check check-module-kernels check-upstream \
	$(filter-out check-pkg-debs,$(CHECK_PACKAGING)) $(CHECK_INTEGRATIONS)

# Each is a leg of scripts/leg-time's table (check-packaging's parts and the
# guests' legs time themselves).
LEG_TIME = BUILD='$(BUILD)' scripts/leg-time
.PHONY: check-fast
check-fast: all
	@failed=; for t in $(CHECK_FAST); do \
		echo "== make $$t"; \
		case $$t in \
		check-pkg-*) $(MAKE) --no-print-directory $$t ;; \
		*) $(LEG_TIME) run $$t $(MAKE) --no-print-directory $$t ;; \
		esac || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "check-fast: FAILED:$$failed" >&2; exit 1; fi

# `make check`: the checks without a guest in one of CHECK_JOBS slots, the
# guests' legs (vm-all's) in the others from the start, then in all: the
# checks are mostly single-threaded, and the guests would otherwise wait for
# them (about half an hour on a new machine).  Three slots on two cores,
# not two: with two, the cores were idle 10% of a new machine's run (14% once
# only guests ran), the guests waiting in their tools' and the kernel's
# sleeps (libburn's burns, udev, DEBUG_KOBJECT_RELEASE; Documentation/
# time-budget.md).  Each slot's output is printed whole when it ends.  Then
# the table of where the time went.
CHECK_JOBS ?= 3
check: all vm-prepare
	@[ -n "$${LEG_TIME_STARTED:-}" ] || $(LEG_TIME) reset
	@rm -f '$(BUILD)/debs.state'
	@rc=0; $(MAKE) --no-print-directory -k -j$(CHECK_JOBS) --output-sync=target \
		VM_DEBS=vm-debs check-fast $(VM_ALL_LEGS) || rc=1; \
	echo "== where the time went"; \
	$(LEG_TIME) table; \
	if [ $$rc != 0 ]; then echo "check: FAILED (the lines above say which)" >&2; exit 1; fi; \
	echo "check: every target passed"


clean::
	rm -rf $(BUILD)
