#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Run one libFuzzer harness for a bounded time and print one line:
#   fuzz-NAME: N executions, 0 crashes
# N is libFuzzer's own count (stat::number_of_executed_units). Any crash,
# leak, timeout, out-of-memory or broken property (an abort) fails: the
# report is printed, then the path of the input that caused it.
#
#   run.sh NAME BINARY SECONDS WORKDIR [WRAPPER...]
set -u

name=$1 bin=$2 seconds=$3 work=$4
shift 4
here=$(dirname "$0")
seeds=$here/corpus/$name
log=$work/log

mkdir -p "$work/corpus" "$work/artifacts"
rm -f "$work"/artifacts/*
dict=
[ -f "$here/$name.dict" ] && dict=-dict=$here/$name.dict

# Leaks are failures; the suppressions name allocations of umockdev's and
# GLib's own that live as long as the process (tests/lib/lsan.supp).
LSAN_OPTIONS=suppressions=$here/../lib/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS} \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	"$@" "$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=25 \
	-rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" $dict \
	"$work/corpus" "$seeds" >"$log" 2>&1
rc=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
[ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)

if [ "$rc" = 0 ] && [ -z "$input" ] && [ -n "$execs" ]; then
	echo "fuzz-$name: $execs executions, 0 crashes"
	exit 0
fi
grep -v '^#[0-9]' "$log" | tail -n 60 >&2
echo "fuzz-$name: ${execs:-?} executions, 1 crash (exit $rc); input: ${input:-none written}; log: $log" >&2
exit 1
