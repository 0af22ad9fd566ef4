# SPDX-License-Identifier: LGPL-2.1-or-later
# DKMS source tree: the files `dkms build` needs, copied to
# $(DESTDIR)$(DKMS_SRCDIR) (default /usr/src/discxfer-$(VERSION)).
#
#   make install-dkms-source [DESTDIR=...]   copy the tree (root: then
#                                            `dkms install discxfer/$(VERSION)`)
#   make uninstall-dkms-source
#   make dkms-source                         stage it in $(BUILD)/dkms/src

DKMS_SRCDIR ?= /usr/src/discxfer-$(VERSION)
# Sources only: kbuild writes objects next to them when building in place.
DKMS_FILES := dkms.conf Kbuild VERSION \
	$(sort $(wildcard module/*.c module/*.h module/Kbuild))
DKMS_STAGE := $(BUILD)/dkms/src/discxfer-$(VERSION)

.PHONY: install-dkms-source uninstall-dkms-source dkms-source
install-dkms-source:
	@for f in $(DKMS_FILES); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMS_SRCDIR)/$$f || exit 1; \
	done

uninstall-dkms-source:
	rm -f $(addprefix $(DESTDIR)$(DKMS_SRCDIR)/,$(DKMS_FILES))
	-rmdir $(DESTDIR)$(DKMS_SRCDIR)/module $(DESTDIR)$(DKMS_SRCDIR) 2>/dev/null

dkms-source:
	rm -rf $(DKMS_STAGE)
	$(MAKE) --no-print-directory install-dkms-source DESTDIR= DKMS_SRCDIR=$(abspath $(DKMS_STAGE))
