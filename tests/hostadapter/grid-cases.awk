# SPDX-License-Identifier: LGPL-2.1-or-later
#
# grid-cases.awk: tests/hostadapter/grid.tsv -> DX_CASE rows (the format of
# tests/formula_cases.h) for the unit tests of both formulas.
#
#   awk -f tests/hostadapter/grid-cases.awk tests/hostadapter/grid.tsv > grid_cases.h
#
# Copies the hand-worked columns 8-18 of every line into one DX_CASE row; it
# computes nothing.  A line whose columns 8-18 are all "-" (a shape 6.12+
# refuse) gives a comment, no case.  Any malformed line (not 18 columns, a
# name that is not a C identifier or is used twice, a field that is not a
# decimal or 0x number, "-" in some derived columns only, column 18 not 0 or
# 1) is reported with its line number on stderr and the script exits 1, as
# it does for a table without a single case.  POSIX awk (mawk, gawk,
# busybox).

function bad(what) {
	printf("%s:%d: %s\n", FILENAME, FNR, what) > "/dev/stderr"
	errors++
}

function number(v) {
	return v ~ /^(0|[1-9][0-9]*|0[xX][0-9a-fA-F]+)$/
}

# Unsigned 32-bit fields get a U suffix, 64-bit ones ULL.
function c32(v) { return v "U" }
function c64(v) { return v "ULL" }

BEGIN {
	errors = 0
	cases = 0
	refused = 0
	print "/* Generated from tests/hostadapter/grid.tsv by tests/hostadapter/grid-cases.awk: do not edit. */"
}

/^[ \t]*(#|$)/ { next }

{
	if (NF != 18) {
		bad("has " NF " columns, expected 18 (see the header of the file)")
		next
	}
	if ($1 !~ /^[A-Za-z_][A-Za-z0-9_]*$/) {
		bad("name '" $1 "' is not a C identifier")
		next
	}
	if ($1 in seen) {
		bad("name '" $1 "' already used on line " seen[$1])
		next
	}
	seen[$1] = FNR
	for (i = 2; i <= 7; i++)
		if (!number($i)) {
			bad($1 ": column " i " '" $i "' is not a number")
			next
		}
	dashes = 0
	for (i = 8; i <= 18; i++)
		if ($i == "-")
			dashes++
	if (dashes == 11) {
		printf("/* %s: refused by 6.12+ (no case) */\n", $1)
		refused++
		next
	}
	if (dashes) {
		bad($1 ": \"-\" in " dashes " of the derived columns 8-18: all or none")
		next
	}
	for (i = 8; i <= 17; i++)
		if (!number($i)) {
			bad($1 ": column " i " '" $i "' is not a number")
			next
		}
	if ($18 != "0" && $18 != "1") {
		bad($1 ": column 18 (single-segment) '" $18 "' is not 0 or 1")
		next
	}
	# DX_CASE(name, H, S, Z, B, V, A, L, P, err, aligned, unaligned, single)
	printf("DX_CASE(\"grid:%s\", %s, %s, %s, %s, %s, %s, %s, %s, 0, %s, %s, %s)\n",
	       $1, c64($8), c32($9), c32($10), c64($11), c64($12), c32($13),
	       c32($14), c32($15), c32($16), c32($17), $18)
	cases++
}

END {
	if (!errors && !cases)
		bad("no configuration with derived columns")
	if (errors) {
		printf("%s: %d malformed line(s)\n", FILENAME, errors) > "/dev/stderr"
		exit 1
	}
	printf("/* %d cases, %d configurations refused by 6.12+ */\n", cases, refused)
}
