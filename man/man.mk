# SPDX-License-Identifier: LGPL-2.1-or-later
# discxfer(1): installed with the command; checked for groff warnings.

install:: man/discxfer.1
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 0644 man/discxfer.1 $(DESTDIR)$(MANDIR)/man1/discxfer.1

uninstall::
	rm -f $(DESTDIR)$(MANDIR)/man1/discxfer.1

.PHONY: check-man
check-man: check-man-lib
	@out=$$(LC_ALL=C.UTF-8 groff -man -ww -z man/discxfer.1 2>&1); \
	if [ -n "$$out" ]; then echo "$$out" >&2; echo "check-man: discxfer.1: groff warnings" >&2; exit 1; fi; \
	echo "check-man: discxfer.1 renders without warnings"
