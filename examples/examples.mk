# SPDX-License-Identifier: LGPL-2.1-or-later
# examples/: programs a burner author copies. Built by `make examples` and by
# `make all` (so CI builds them and the rig runs them in the guest), linked
# against the shared library in $(BUILD), which they find from there
# (RUNPATH $ORIGIN/..); only their sources are installed.
# Installed (as source) to $(DOCDIR)/examples by `make install-examples`.

EXAMPLES := read-max
EXAMPLE_BINS := $(addprefix $(BUILD)/examples/,$(EXAMPLES))
DOCDIR ?= $(PREFIX)/share/doc/discxfer

.PHONY: examples install-examples uninstall-examples
all: $(EXAMPLE_BINS)
examples: $(EXAMPLE_BINS)

$(BUILD)/examples/%: examples/%.c include/discxfer.h $(BUILD)/libdiscxfer.so
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -L$(BUILD) -ldiscxfer \
		-Wl,--enable-new-dtags,-rpath,'$$ORIGIN/..'

install-examples:
	install -d $(DESTDIR)$(DOCDIR)/examples
	install -m 0644 $(addprefix examples/,$(addsuffix .c,$(EXAMPLES))) \
		$(DESTDIR)$(DOCDIR)/examples/

uninstall-examples:
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(addsuffix .c,$(EXAMPLES)))
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null
