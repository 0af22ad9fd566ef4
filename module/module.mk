# SPDX-License-Identifier: GPL-2.0-only
#
# discxfer.ko. Included by the top-level Makefile; also usable alone from
# the top of the tree as `make -f module/module.mk <target>`.
#
#   make module [KDIR=...] [W=1]   build against KDIR (default: the running
#                                  kernel's headers); kbuild's output goes to
#                                  $(BUILD)/module/<kernel release>/, the
#                                  module is $(MODULE_KO)
#   make module-w1 [KDIR=...]      the same with W=1; fails on any warning
#   make module-install [KDIR=...] [DESTDIR=...]
#                                  install the module built by `make module`
#                                  into DESTDIR/lib/modules/<release>/extra
#                                  and run depmod (with DESTDIR: no depmod,
#                                  the target runs it); not part of `make
#                                  install`, which must work without headers
#   make module-uninstall [KDIR=...] [DESTDIR=...]
#                                  remove it from .../extra again (and run
#                                  depmod without DESTDIR)
#   make module-clean              remove every module build
#   make module-checkpatch         checkpatch.pl --strict over module/*.[ch],
#                                  from Debian's linux-source packages of
#                                  6.1, 6.12 and the newest series the rig
#                                  found (CHECKPATCH_SERIES), fetched into
#                                  $(BUILD)/checkpatch by
#                                  module/fetch-checkpatch.sh
#
# Kernels before 6.13 cannot put an external module's objects elsewhere
# (no MO=), so the sources kbuild needs (Kbuild, VERSION, module/*.[ch]) are
# copied to the build folder and built there: the source tree stays clean and
# builds for several kernels do not clobber each other.

BUILD ?= build
KDIR ?= /lib/modules/$(shell uname -r)/build
CHECKPATCH_SERIES ?= 6.1 6.12 $(shell cat $(BUILD)/vm/newest-series 2>/dev/null)

MODULE_SRCS := Kbuild VERSION $(sort $(wildcard module/*.c module/*.h))
MODULE_CHECKPATCH_FILES := $(sort $(wildcard module/*.c module/*.h))
MODULE_KREL = $(or $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null),unknown)
MODULE_OUT = $(abspath $(BUILD))/module/$(MODULE_KREL)
MODULE_KO = $(MODULE_OUT)/discxfer.ko

.PHONY: module module-w1 module-install module-uninstall module-clean module-checkpatch module-stage

module-stage:
	@test -f $(KDIR)/Makefile || { \
		echo "module: no kernel headers at KDIR=$(KDIR) (install linux-headers-$$(uname -r) or pass KDIR=...)" >&2; \
		exit 1; }
	@mkdir -p $(MODULE_OUT)/module
	@for f in $(MODULE_SRCS); do \
		cmp -s $$f $(MODULE_OUT)/$$f || cp $$f $(MODULE_OUT)/$$f || exit 1; \
	done

# The kernel's own compiler builds the module, never another: directly when
# this machine has it, else in a Debian build root made for it (7.x headers
# name gcc-14, which Debian 12 lacks; module/buildroot.sh).
BUILDROOT_DIR ?= $(shell tests/cache.sh dir)/roots
MODULE_HOW = $(shell module/buildroot.sh compiler $(KDIR) 2>&1)
MODULE_ROOT = $(abspath $(BUILDROOT_DIR))/$(word 2,$(MODULE_HOW))
# $(call module_make,ARGS): kbuild with ARGS, the right way for KDIR.  The
# recipe lines that use it start with "+": make sees no $(MAKE) in them
# before expansion, and would otherwise keep its jobserver from kbuild (which
# then warns "jobserver unavailable", a warning module-w1 would count).
module_make = $(if $(filter root,$(word 1,$(MODULE_HOW))),\
	module/buildroot.sh create $(MODULE_ROOT) $(word 2,$(MODULE_HOW)) && \
	module/buildroot.sh make $(MODULE_ROOT) $(KDIR) $(MODULE_OUT) $(1),\
	$(MAKE) -C $(KDIR) M=$(MODULE_OUT) $(1))

.PHONY: module-compiler
module-compiler:
	@case "$(MODULE_HOW)" in \
	direct*) echo "module: building with $(word 2,$(MODULE_HOW)), the compiler of $(MODULE_KREL)" ;; \
	root*) echo "module: $(MODULE_KREL) was built with $(shell sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ ]*\).*/\1/p' $(KDIR)/.config), which this machine lacks: building in the Debian $(word 2,$(MODULE_HOW)) root $(MODULE_ROOT)" ;; \
	*) echo "module: $(MODULE_HOW)" >&2; exit 1 ;; \
	esac

module: module-stage module-compiler
	+$(call module_make,modules)
	@echo "module: $(MODULE_KO)"

# W=1 output is checked, not just shown: any "warning:" fails the target.
module-w1: module-stage module-compiler
	+$(call module_make,clean) >/dev/null
	@+$(call module_make,W=1 modules) >$(MODULE_OUT)/w1.log 2>&1; \
		st=$$?; cat $(MODULE_OUT)/w1.log; exit $$st
	@if grep -q 'warning:' $(MODULE_OUT)/w1.log; then \
		echo "module-w1: warnings with W=1 against $(MODULE_KREL)" >&2; exit 1; \
	fi
	@echo "module-w1: no warnings with W=1 against $(MODULE_KREL)"

# Distribution headers (Debian's) carry no signing key: modules_install
# would then try to sign and print SSL errors. Sign only when the key that
# the kernel's .config names is there (a self-built kernel's tree).
MODULE_SIGKEY = $(shell sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"/\1/p' $(KDIR)/.config 2>/dev/null)
MODULE_NOSIGN = $(if $(MODULE_SIGKEY),$(if $(wildcard $(KDIR)/$(MODULE_SIGKEY) $(MODULE_SIGKEY)),,CONFIG_MODULE_SIG_ALL=))

# In a build root, modules_install writes into a staging folder inside the
# build's own output (which the root sees), copied from there to DESTDIR (or
# /), so that the module lands on this machine, not in the root.
MODULE_STAGED = $(MODULE_OUT)/staged
module-install: module
	$(if $(MODULE_NOSIGN),@echo "module-install: no signing key in $(KDIR): the module is not signed (see README, Secure Boot)")
ifeq ($(word 1,$(MODULE_HOW)),root)
	rm -rf $(MODULE_STAGED)
	+$(call module_make,INSTALL_MOD_DIR=extra $(MODULE_NOSIGN) \
		INSTALL_MOD_PATH=$(MODULE_STAGED) DEPMOD=true modules_install)
	@set -e; cd $(MODULE_STAGED); for f in $$(find . -path '*/extra/discxfer.ko*'); do \
		d=$(abspath $(or $(DESTDIR),/))/lib/modules/$(MODULE_KREL)/extra; \
		install -D -m 0644 $$f $$d/$${f##*/}; echo "module-install: $$d/$${f##*/}"; done
else
	+$(call module_make,INSTALL_MOD_DIR=extra $(MODULE_NOSIGN) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(abspath $(DESTDIR))) modules_install)
endif
	$(if $(DESTDIR),@echo "module-install: staged in $(DESTDIR); run depmod $(MODULE_KREL) on the target",depmod $(MODULE_KREL))

# Without headers the release is the running kernel's.
module-uninstall:
	@krel=$(MODULE_KREL); [ "$$krel" != unknown ] || krel=$$(uname -r); \
	echo "module-uninstall: removing discxfer from $(DESTDIR)/lib/modules/$$krel/extra"; \
	rm -f $(DESTDIR)/lib/modules/$$krel/extra/discxfer.ko*; \
	$(if $(DESTDIR),true,depmod $$krel)

module-clean:
	rm -rf $(BUILD)/module

module-checkpatch:
	@for s in $(CHECKPATCH_SERIES); do \
		cp=$$(BUILD=$(BUILD) module/fetch-checkpatch.sh $$s) || exit 1; \
		echo "module-checkpatch: checkpatch.pl --strict of linux-source-$$s"; \
		$$cp --strict --no-tree --show-types --quiet -f $(MODULE_CHECKPATCH_FILES) || exit 1; \
	done
	@echo "module-checkpatch: clean"

# Every attribute the module defines is documented in the ABI file, and the
# ABI file documents no attribute the module lacks.  Needs no kernel.
MODULE_ABI := Documentation/ABI/testing/sysfs-class-discxfer
.PHONY: module-abi-check
check: module-abi-check
module-abi-check:
	@code=$$(sed -n 's/.*&dev_attr_\([a-z_]*\)\.attr.*/\1/p' module/discxfer.c | sort); \
	abi=$$(sed -n 's|^What:.*/discxfer/<H:C:T:L>/\([a-z_]*\)$$|\1|p' $(MODULE_ABI) | sort); \
	if [ -z "$$code" ] || [ "$$code" != "$$abi" ]; then \
		echo "module-abi-check: attributes in module/discxfer.c and $(MODULE_ABI) differ:" >&2; \
		echo "module: $$code" | tr '\n' ' ' >&2; echo >&2; \
		echo "ABI:    $$abi" | tr '\n' ' ' >&2; echo >&2; \
		exit 1; \
	fi; \
	echo "module-abi-check: $$(echo "$$code" | wc -l) attributes, all documented"
