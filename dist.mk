# SPDX-License-Identifier: LGPL-2.1-or-later
# The release tarball, what a distribution fetches.
#
#   make dist        discxfer-$(VERSION).tar.xz of the committed tree (HEAD),
#                    without what .gitattributes marks export-ignore
#   make distcheck   unpack it in a fresh directory outside the tree, build,
#                    run the unit tests, install into a DESTDIR; fails when a
#                    file the build needs is not in the tarball

DIST_NAME := discxfer-$(VERSION)
DIST_TARBALL := $(DIST_NAME).tar.xz

.PHONY: dist distcheck
dist:
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || \
		{ echo "make dist: $(CURDIR) is not a git tree: the tarball is made from one" >&2; exit 1; }
	@git diff --quiet HEAD -- 2>/dev/null || \
		echo "make dist: the tree has uncommitted changes; the tarball holds HEAD without them" >&2
	git archive --format=tar --prefix=$(DIST_NAME)/ HEAD | xz -6 -T1 >$(DIST_TARBALL).tmp
	@mv $(DIST_TARBALL).tmp $(DIST_TARBALL)
	@echo "$(DIST_TARBALL): $$(wc -c <$(DIST_TARBALL)) bytes, $$(xz -dc $(DIST_TARBALL) | tar -t | grep -vc '/$$') files"

distcheck: dist
	@BUILD=$(BUILD) TARBALL=$(CURDIR)/$(DIST_TARBALL) tests/packaging/distcheck.sh

clean::
	rm -f $(DIST_TARBALL) $(DIST_TARBALL).tmp
