# SPDX-License-Identifier: LGPL-2.1-or-later
# Man pages of the library and the kernel interface: libdiscxfer(3), with one
# ".so" link page per exported function, and discxfer(4). (discxfer(1) is in
# man/man.mk.)
#
#   make install-man-lib / uninstall-man-lib   (also run by install/uninstall)
#   make check-man-lib    groff -man -ww -z prints nothing for each page, and
#                         every symbol exported by lib/libdiscxfer.sym is
#                         documented in libdiscxfer(3), and the example in
#                         its EXAMPLES section compiles (C11, -Werror)

MANDIR ?= $(PREFIX)/share/man
MAN_LIB_PAGES := man/libdiscxfer.3 man/discxfer.4
# Exported functions, from the version script (the single list of exports).
MAN_LIB_FUNCS = $(shell sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' \
	lib/libdiscxfer.sym | grep -v '^local$$')

.PHONY: install-man-lib uninstall-man-lib check-man-lib
install:: install-man-lib
uninstall:: uninstall-man-lib

install-man-lib:
	install -d $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man4
	install -m 0644 man/libdiscxfer.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 man/discxfer.4 $(DESTDIR)$(MANDIR)/man4/
	@for f in $(MAN_LIB_FUNCS); do \
		echo ".so man3/libdiscxfer.3" > $(DESTDIR)$(MANDIR)/man3/$$f.3 || exit 1; \
	done

uninstall-man-lib:
	rm -f $(DESTDIR)$(MANDIR)/man3/libdiscxfer.3 $(DESTDIR)$(MANDIR)/man4/discxfer.4 \
	      $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(addsuffix .3,$(MAN_LIB_FUNCS)))

check-man-lib:
	@fail=0; \
	for p in $(MAN_LIB_PAGES); do \
		out=$$(LC_ALL=C.UTF-8 groff -man -ww -z $$p 2>&1); \
		if [ -n "$$out" ]; then echo "check-man-lib: $$p: $$out"; fail=1; fi; \
	done; \
	for f in $(MAN_LIB_FUNCS); do \
		grep -q "^\.BR* $$f ()" man/libdiscxfer.3 || \
		grep -q "^\.BI \"[^\"]*[ *]$$f(" man/libdiscxfer.3 || \
		{ echo "check-man-lib: $$f is exported but not documented in man/libdiscxfer.3"; fail=1; }; \
	done; \
	mkdir -p $(BUILD)/man; \
	awk '/^\.SH EXAMPLES/{e=1} e&&/^\.EE/{exit} e&&x{print} e&&/^\.EX/{x=1}' man/libdiscxfer.3 | \
		sed -e 's/\\e/\\/g' -e 's/\\-/-/g' > $(BUILD)/man/libdiscxfer-example.c; \
	$(CC) -std=c11 -Wall -Wextra -Werror -Iinclude -fsyntax-only $(BUILD)/man/libdiscxfer-example.c || \
		{ echo "check-man-lib: the example in libdiscxfer(3) does not compile"; fail=1; }; \
	[ $$fail = 0 ] && echo "check-man-lib: $(words $(MAN_LIB_PAGES)) pages render cleanly, $(words $(MAN_LIB_FUNCS)) exported functions documented, example compiles"; \
	exit $$fail
