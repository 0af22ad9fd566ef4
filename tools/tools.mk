# SPDX-License-Identifier: LGPL-2.1-or-later
# The discxfer command, linked against the shared library, and its bash
# completion.  libsmartcols (the tables of `list`) is dlopen()ed by
# tools/cmd-list.c when a table is printed: its header is used, not its
# library, so that `get` and `udev-import` start without it.

TOOL_SRCS := $(wildcard tools/*.c)
TOOL_OBJS := $(patsubst tools/%.c,$(BUILD)/tools/%.o,$(TOOL_SRCS))
SMARTCOLS_CFLAGS = $(shell $(PKG_CONFIG) --cflags smartcols)
SMARTCOLS_LIBS = -ldl

# Linked twice from the same objects: $(BUILD)/discxfer finds the library
# beside it (RUNPATH $ORIGIN) and runs from the build tree without
# LD_LIBRARY_PATH; $(BUILD)/install/discxfer, the one `make install`
# installs, carries no RPATH or RUNPATH and finds the library where the
# system's loader looks.
TOOL_LINK = $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TOOL_OBJS) -L$(BUILD) -ldiscxfer $(SMARTCOLS_LIBS)

all: $(BUILD)/discxfer $(BUILD)/install/discxfer

$(BUILD)/tools/%.o: tools/%.c tools/commands.h include/discxfer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SMARTCOLS_CFLAGS) -Itools -c -o $@ $<

# --version prints DISCXFER_VERSION, given on the command line from VERSION.
$(BUILD)/tools/discxfer.o: VERSION

$(BUILD)/discxfer: $(TOOL_OBJS) $(BUILD)/libdiscxfer.so
	$(TOOL_LINK) -Wl,--enable-new-dtags,-rpath,'$$ORIGIN'

$(BUILD)/install/discxfer: $(TOOL_OBJS) $(BUILD)/libdiscxfer.so
	@mkdir -p $(dir $@)
	$(TOOL_LINK)

# bash-completion's own directory, as its .pc names it; without the .pc
# (bash-completion not installed), the usual place under PREFIX.
BASHCOMPDIR ?= $(shell $(PKG_CONFIG) --variable=completionsdir bash-completion 2>/dev/null || \
	echo $(PREFIX)/share/bash-completion/completions)

install:: $(BUILD)/install/discxfer completions/discxfer
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 $(BUILD)/install/discxfer $(DESTDIR)$(BINDIR)/discxfer
	install -m 0644 completions/discxfer $(DESTDIR)$(BASHCOMPDIR)/discxfer

uninstall::
	rm -f $(DESTDIR)$(BINDIR)/discxfer $(DESTDIR)$(BASHCOMPDIR)/discxfer
