# SPDX-License-Identifier: LGPL-2.1-or-later
# udev rules: installed into udev's own rules directory.

UDEVDIR ?= $(shell $(PKG_CONFIG) --variable=udevdir udev 2>/dev/null || echo /lib/udev)
# The rules' own directory; RPM's %{_udevrulesdir} names it directly.
UDEVRULESDIR ?= $(UDEVDIR)/rules.d
UDEV_RULES := $(BUILD)/udev/61-discxfer.rules

all: $(UDEV_RULES)

$(UDEV_RULES): udev/61-discxfer.rules.in $(PATHS_STAMP)
	@mkdir -p $(dir $@)
	sed -e 's|@BINDIR@|$(BINDIR)|g' udev/61-discxfer.rules.in > $@

install:: $(UDEV_RULES)
	install -d $(DESTDIR)$(UDEVRULESDIR)
	install -m 0644 $(UDEV_RULES) $(DESTDIR)$(UDEVRULESDIR)/61-discxfer.rules

uninstall::
	rm -f $(DESTDIR)$(UDEVRULESDIR)/61-discxfer.rules
