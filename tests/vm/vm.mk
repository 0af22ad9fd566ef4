# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The kernel test rig (tests/vm/): Debian's 6.1 and 6.12 kernels and the
# newest one any Debian suite offers (chosen when the rig runs: 7.3 on
# 2026-12-01), under qemu TCG with emulated optical drives.
#
#   make vm-fetch       fetch and extract the three kernels (build/vm/SERIES)
#   make vm-test        run the rig on the three kernels; one "vm-SERIES: N
#                       passed, N failed" line per kernel, non-zero on any
#                       failure
#   make vm-test-6.1    one kernel only (vm-test-6.12, vm-test-newest likewise)
#   make vm-demo        boot 6.1 with every drive, load the module, show the
#                       guest's `discxfer list`
#   make vm-bench       SG_IO time per command size and the query's cost in
#                       the guest (bench-SERIES / qcost-SERIES lines, the
#                       targets' verdicts as MEASURE lines) on
#                       VM_BENCH_SERIES (default: newest; all three with
#                       VM_BENCH_SERIES="6.1 6.12 newest"); meant for the
#                       README's test command on the newest kernel

BUILD ?= build
CC ?= cc
VM_SERIES := 6.1 6.12 newest
VM_ENV = BUILD='$(BUILD)' CC='$(CC)'

VM_BENCH_SERIES ?= newest
.PHONY: all vm-fetch vm-test vm-demo vm-bench $(addprefix vm-test-,$(VM_SERIES))
all:

vm-fetch:
	@set -e; for s in $(VM_SERIES); do $(VM_ENV) tests/vm/fetch-kernel.sh $$s; done

# Each leg is a line of scripts/leg-time's table.
LEG = $(VM_ENV) scripts/leg-time run

# VM_DEBS: a target the vm-test legs wait for, for the guest's checks of the
# packaged command (tests/packaging/vm-guest.sh); `make check` sets it to
# vm-debs, which waits until tests/packaging/build-debs.sh (the first of the
# checks without a guest) has made build/debs, so that a leg run beside the
# packaging checks never takes packages that are missing or being made.
# Alone, a leg takes the packages build/debs has (or checks none, saying so).
VM_DEBS ?=
.PHONY: vm-debs
vm-debs:
	@for i in $$(seq 1 3600); do \
		case $$(cat '$(BUILD)/debs.state' 2>/dev/null) in \
		ready) exit 0 ;; \
		failed) echo "vm-debs: the Debian packages were not made (check-pkg-debs failed)" >&2; exit 1 ;; \
		esac; sleep 1; \
	done; echo "vm-debs: no Debian packages after an hour (check-pkg-debs never ended)" >&2; exit 1
# The wait is in the leg's recipe, not a prerequisite: with vm-debs a
# prerequisite, make -j2 ran the three stress legs before the three rigs
# (CI of 2026-12-04: the last rig then ran alone for 488 s).
$(addprefix vm-test-,$(VM_SERIES)): vm-test-%: all
	@$(if $(VM_DEBS),$(MAKE) --no-print-directory $(VM_DEBS) &&) $(LEG) vm-test-$* tests/vm/run.sh $*

vm-test: all
	@rc=0; for s in $(VM_SERIES); do $(VM_ENV) tests/vm/run.sh $$s || rc=1; done; exit $$rc

vm-demo: all
	@$(VM_ENV) tests/vm/run.sh 6.1 --demo

# The bench-/qcost- lines, then the guest's MEASURE lines (the targets'
# verdicts: figures, not tests) and INFO lines (where the boot's time went).
vm-bench: all
	@rc=0; for s in $(VM_BENCH_SERIES); do \
		$(LEG) vm-bench tests/vm/run.sh $$s --bench || rc=1; \
		d=$$s; [ "$$s" != newest ] || d=$$(cat '$(BUILD)/vm/newest-series'); \
		grep -E '^(MEASURE|INFO) ' '$(BUILD)/vm/'"$$d"/bench/results.log.txt || true; \
	done; exit $$rc

# --- the burns alone (tests/hostadapter/burn-guest.sh) ------------------------
#   make vm-burn-6.1      xorriso, cdrskin and growisofs burning to dxhost's
#                         DVD+RW and BD-RE drive, without the rig's other
#                         checks (vm-burn-6.12, vm-burn-newest likewise);
#                         the vm-test legs run the same burns after the grid
.PHONY: $(addprefix vm-burn-,$(VM_SERIES))
$(addprefix vm-burn-,$(VM_SERIES)): vm-burn-%: all
	@$(VM_ENV) tests/vm/run.sh $* --burn

# --- the burners' patches alone (tests/vm/guest/integrations.sh) -------------
#   make vm-integrations-6.1   the patched burners against the stock ones,
#                              without the rig's other checks
#                              (vm-integrations-6.12, -newest likewise); the
#                              vm-test legs run the same after the recipes
.PHONY: $(addprefix vm-integrations-,$(VM_SERIES))
$(addprefix vm-integrations-,$(VM_SERIES)): vm-integrations-%: all
	@$(VM_ENV) tests/vm/run.sh $* --integrations

# --- the queue attributes of upstream/linux/ alone (tests/vm/guest/kattr.sh) --
#   make vm-kattr         the debug kernel (which carries the series), only
#                         the checks of its attributes on every drive and
#                         grid shape ("kernel-attr-debug-7.3: ..."); vm-debug runs
#                         the same checks with its others
.PHONY: vm-kattr
vm-kattr: all
	@$(VM_ENV) tests/vm/run.sh newest --kattr

# --- the stress run and the debug kernel's leg -----------------------------------
#   make vm-stress        guest/stress.sh on the three kernels: STRESS_CYCLES
#                         module unload/load cycles (default 200, the CI
#                         count; the documented full run: STRESS_CYCLES=1000)
#                         with readers, the command, a held file and drive
#                         churn; one "stress-SERIES: ..." line per kernel
#   make vm-stress-6.1    one kernel only (vm-stress-6.12, vm-stress-newest)
#   make vm-debug         the debug kernel (tests/vm/debug-kernel.sh: 7.3 with
#                         KASAN, lockdep, kmemleak, ...; built once, cached in
#                         /var/cache/discxfer/debug-kernel): lifecycle, fault
#                         injection, DEBUG_STRESS_CYCLES stress cycles
#                         (default 30), kmemleak; "vm-debug-7.3: N passed,
#                         N failed"
STRESS_CYCLES ?= 200
DEBUG_STRESS_CYCLES ?= 30
.PHONY: vm-stress vm-debug $(addprefix vm-stress-,$(VM_SERIES))

$(addprefix vm-stress-,$(VM_SERIES)): vm-stress-%: all
	@$(LEG) vm-stress-$* env STRESS_CYCLES='$(STRESS_CYCLES)' tests/vm/run.sh $* --stress

vm-stress: all
	@rc=0; for s in $(VM_SERIES); do $(VM_ENV) STRESS_CYCLES='$(STRESS_CYCLES)' tests/vm/run.sh $$s --stress || rc=1; done; exit $$rc

vm-debug: all
	@$(LEG) vm-debug env STRESS_CYCLES='$(DEBUG_STRESS_CYCLES)' tests/vm/run.sh newest --debug

# --- every leg at once: what the README's test command runs ------------------
#   make vm-all           the rig and the stress run on the three kernels,
#                         the debug kernel's leg and vm-bench on the newest
#                         kernel, VM_JOBS (default 2) boots at a time:
#                         each boot's preparation (builds, images, initramfs)
#                         takes a lock, the boots run side by side; each
#                         leg's output is printed whole when it ends; every
#                         leg runs (-k), the exit is non-zero if one failed.
VM_JOBS ?= 2
# Ordered for two slots, longest first, so that no long leg runs alone at
# the end (the cold make check of 2026-12-03: debug 2435 s with its build,
# bench 508, test 393 to 445, stress 273 to 346): the debug kernel's leg
# beside the checks without a guest (make check) or the other legs, then
# bench, the rigs and the stress runs. The legs of one series boot side by
# side (each boot has its own directory, build/vm/SERIES/MODE); only their
# preparations take turns.
VM_ALL_LEGS := vm-debug vm-bench vm-test-6.1 vm-test-6.12 vm-test-newest \
	vm-stress-6.1 vm-stress-6.12 vm-stress-newest
# vm-prepare: what must be built before legs run side by side (fragments
# add to it; make check builds it too).
.PHONY: vm-all vm-prepare
vm-prepare: all
vm-all: all vm-prepare
	@$(MAKE) --no-print-directory -k -j$(VM_JOBS) --output-sync=target $(VM_ALL_LEGS)
