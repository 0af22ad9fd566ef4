# SPDX-License-Identifier: LGPL-2.1-or-later
# The discxfer command, linked against the shared library.

TOOL_SRCS := $(wildcard tools/*.c)
TOOL_OBJS := $(patsubst tools/%.c,$(BUILD)/tools/%.o,$(TOOL_SRCS))

# Linked twice from the same objects: $(BUILD)/discxfer finds the library
# beside it (RUNPATH $ORIGIN) and runs from the build tree without
# LD_LIBRARY_PATH; $(BUILD)/install/discxfer, the one `make install`
# installs, carries no RPATH or RUNPATH and finds the library where the
# system's loader looks.
TOOL_LINK = $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TOOL_OBJS) -L$(BUILD) -ldiscxfer

all: $(BUILD)/discxfer $(BUILD)/install/discxfer

$(BUILD)/tools/%.o: tools/%.c tools/commands.h include/discxfer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itools -c -o $@ $<

$(BUILD)/discxfer: $(TOOL_OBJS) $(BUILD)/libdiscxfer.so
	$(TOOL_LINK) -Wl,--enable-new-dtags,-rpath,'$$ORIGIN'

$(BUILD)/install/discxfer: $(TOOL_OBJS) $(BUILD)/libdiscxfer.so
	@mkdir -p $(dir $@)
	$(TOOL_LINK)

install:: $(BUILD)/install/discxfer
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD)/install/discxfer $(DESTDIR)$(BINDIR)/discxfer

uninstall::
	rm -f $(DESTDIR)$(BINDIR)/discxfer
