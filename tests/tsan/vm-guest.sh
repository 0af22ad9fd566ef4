# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The header's thread rule under ThreadSanitizer, on the guest's real sysfs
# (sourced by the kernel rig's guest, tests/vm/guest/tests.sh, after its own
# checks, with lib.sh's helpers). tsan-threads (tests/tsan/tsan-threads.c,
# built by tests/tsan/tsan.mk with a ThreadSanitizer build of the library)
# runs TSAN_THREADS threads with a context each, TSAN_ITERATIONS times
# listing, opening and querying every drive, three times:
#   tsan.module        discxfer.ko loaded (answers from its attributes);
#   tsan.queue-limits  discxfer.ko not loaded (the block queue limits);
#   tsan.churn         while this shell unloads and reloads discxfer.ko.
# Each run gives two checks: .answers (every thread got the reference's
# answers for every drive, no error; tsan-threads' exit status) and
# .reports (ThreadSanitizer reported nothing; a report is printed whole as
# INFO lines and on the console, and its SUMMARY lines go into the FAIL).
# Figure: "tsan-SERIES: N threads x M iterations, R reports" (also as a
# MEASURE line, which the host prints).

TSAN_THREADS=8
TSAN_ITERATIONS=4
TSAN_OUT=/tmp/tsan.out
TSAN_ERR=/tmp/tsan.err
TSAN_NREPORTS=0
TSAN_NITER=0
TSAN_NSUPPRESSED=0
TSAN_SUPP=/tmp/tsan.supp
TSAN_TIMES=

tsan_have_mod() { grep -q '^discxfer ' /proc/modules; }

# tsan_result NAME RC: the two checks of one run of tsan-threads, from its
# exit status RC and its output in $TSAN_OUT and $TSAN_ERR.
tsan_result() {
	local n=$1 rc=$2 r s line
	r=$(grep -c 'WARNING: ThreadSanitizer:' "$TSAN_ERR")
	TSAN_NREPORTS=$((TSAN_NREPORTS + r))
	line=$(grep '^tsan-threads: threads=' "$TSAN_OUT")
	echo "INFO $n: $line" >&3
	# Suppressed races (the loader's, libudev's hash key: tsan-threads.c),
	# counted apart and named.
	s=$(sed -n 's/^ThreadSanitizer: Matched \([0-9]*\) suppressions.*/\1/p' "$TSAN_ERR")
	TSAN_NSUPPRESSED=$((TSAN_NSUPPRESSED + ${s:-0}))
	grep -E '^ *[0-9]+ race:' "$TSAN_ERR" >>"$TSAN_SUPP"
	[ -n "$s" ] && echo "INFO $n.suppressed: $(grep -E '^ *[0-9]+ race:' "$TSAN_ERR" | tr -s ' \n' ' ')" >&3
	if grep -q -E 'WARNING: ThreadSanitizer|FATAL: ThreadSanitizer|ThreadSanitizer: reported' "$TSAN_ERR"; then
		# Whole, on the results channel and on the console.
		while IFS= read -r l; do
			echo "INFO $n.report: $l" >&3
		done <"$TSAN_ERR"
		echo "== $n: ThreadSanitizer's output"
		cat "$TSAN_ERR"
		fail "$n.reports" "$r ThreadSanitizer reports (exit $rc): $(grep -E 'SUMMARY: ThreadSanitizer|FATAL: ThreadSanitizer' "$TSAN_ERR" | sort | uniq -c | tr -s ' \n' ' ')(whole reports: INFO $n.report lines of results.log, and console.log)"
	elif [ "$rc" -eq 66 ]; then
		fail "$n.reports" "exit 66 (ThreadSanitizer's) but no report on stderr: $(head -c 500 "$TSAN_ERR" | tr '\n' '|')"
	else
		pass "$n.reports"
	fi
	if [ "$rc" -eq 0 ] || { [ "$rc" -eq 66 ] && [ -n "$line" ] &&
		echo "$line" | grep -q ' mismatches=0 errors=0 '; }; then
		pass "$n.answers"
	else
		fail "$n.answers" "tsan-threads exit $rc: $(echo "$line") $(grep -v ThreadSanitizer "$TSAN_ERR" | grep '^tsan-threads: ' | head -n 10 | tr '\n' '|')"
	fi
	[ -n "$line" ] && TSAN_NITER=$((TSAN_NITER + TSAN_ITERATIONS))
	TSAN_TIMES="$TSAN_TIMES ${n#tsan.} $(echo "$line" | sed -n 's/.* seconds=\([0-9.]*\).*/\1/p') s,"
}

# tsan_run NAME [--churn]
tsan_run() {
	local n=$1 rc=0
	shift
	tsan-threads --threads $TSAN_THREADS --iterations $TSAN_ITERATIONS "$@" \
		>"$TSAN_OUT" 2>"$TSAN_ERR" || rc=$?
	tsan_result "$n" $rc
}

tsan_checks() {
	local bits bits0= was_loaded=0 pid rc cycles=0 busy=0
	if ! command -v tsan-threads >/dev/null; then
		skip tsan "tsan-threads not in the guest (make tsan-threads builds build/vm/guest-bin/tsan-threads)"
		return
	fi
	# ThreadSanitizer's fixed memory layout does not survive more than 28
	# bits of mmap randomization (gcc 12's and clang 14's runtimes have no
	# re-exec without ASLR); Debian's kernels default to 28
	# (CONFIG_ARCH_MMAP_RND_BITS). More is lowered for the run, and said.
	bits=$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28)
	if [ "$bits" -gt 28 ]; then
		bits0=$bits
		echo 28 >/proc/sys/vm/mmap_rnd_bits
		echo "INFO tsan.aslr: vm.mmap_rnd_bits $bits0 lowered to 28 for ThreadSanitizer" >&3
	fi
	export TSAN_OPTIONS="halt_on_error=0 exitcode=66 history_size=4 second_deadlock_stack=1 print_suppressions=1"
	: >"$TSAN_SUPP"
	tsan_have_mod && was_loaded=1
	if [ "$have_mod" = 1 ]; then
		tsan_have_mod || modprobe discxfer
		tsan_run tsan.module
		rmmod discxfer
	else
		skip tsan.module "discxfer.ko not built"
	fi
	if tsan_have_mod; then
		fail tsan.queue-limits "discxfer.ko could not be unloaded"
	else
		tsan_run tsan.queue-limits
	fi
	if [ "$have_mod" = 1 ]; then
		rc=0
		tsan-threads --threads $TSAN_THREADS --iterations $TSAN_ITERATIONS --churn \
			>"$TSAN_OUT" 2>"$TSAN_ERR" &
		pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			if tsan_have_mod; then
				rmmod discxfer 2>/dev/null || busy=$((busy + 1))
			else
				modprobe discxfer && cycles=$((cycles + 1))
			fi
		done
		wait "$pid" || rc=$?
		echo "INFO tsan.churn: $cycles module loads during the run ($busy refused unloads)" >&3
		tsan_result tsan.churn $rc
		check tsan.churn.reloaded "no module load happened during the run" [ "$cycles" -gt 0 ]
	else
		skip tsan.churn "discxfer.ko not built"
	fi
	# The module as it was found.
	if [ $was_loaded = 1 ]; then
		tsan_have_mod || modprobe discxfer
	else
		tsan_have_mod && rmmod discxfer
	fi
	[ -n "$bits0" ] && echo "$bits0" >/proc/sys/vm/mmap_rnd_bits
	echo "tsan-$SERIES: $TSAN_THREADS threads x $TSAN_NITER iterations, $TSAN_NREPORTS reports" >&3
	echo "MEASURE $SERIES tsan-$SERIES: $TSAN_THREADS threads x $TSAN_NITER iterations, $TSAN_NREPORTS reports ($(count_sr) drives; runs: module, queue-limits, churn with $cycles reloads; $TSAN_NSUPPRESSED suppressed$(awk '{ n[$2] += $1 } END { for (k in n) printf " %s=%d", k, n[k] }' "$TSAN_SUPP"), see tsan-threads.c;${TSAN_TIMES%,})" >&3
	unset TSAN_OPTIONS
}

tsan_checks
