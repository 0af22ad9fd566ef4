# SPDX-License-Identifier: LGPL-2.1-or-later
# The discxfer command, linked against the shared library.

TOOL_SRCS := $(wildcard tools/*.c)
TOOL_OBJS := $(patsubst tools/%.c,$(BUILD)/tools/%.o,$(TOOL_SRCS))

all: $(BUILD)/discxfer

$(BUILD)/tools/%.o: tools/%.c tools/commands.h include/discxfer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itools -c -o $@ $<

$(BUILD)/discxfer: $(TOOL_OBJS) $(BUILD)/libdiscxfer.so
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TOOL_OBJS) -L$(BUILD) -ldiscxfer

install:: $(BUILD)/discxfer
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD)/discxfer $(DESTDIR)$(BINDIR)/discxfer

uninstall::
	rm -f $(DESTDIR)$(BINDIR)/discxfer
