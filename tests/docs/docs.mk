# SPDX-License-Identifier: LGPL-2.1-or-later
# make check-docs: the documentation's links, its command lines (tested
# where, or marked illustrative) and discxfer(1) against --help
# (tests/docs/check-docs.py says what each check proves).
.PHONY: check-docs
check-docs: all
	@BUILD=$(BUILD) python3 tests/docs/check-docs.py
