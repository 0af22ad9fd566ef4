# SPDX-License-Identifier: LGPL-2.1-or-later
#
# discxfer: top-level, non-recursive Makefile. Each part of the tree owns a
# fragment (lib/lib.mk, tools/tools.mk, ...) included below.
#
#   make            library, command, udev helper
#   make check      everything the README's test command runs
#   make module     discxfer.ko against KDIR (default: the running kernel)
#   make install    PREFIX, LIBDIR, DESTDIR honoured

VERSION := $(shell cat $(dir $(lastword $(MAKEFILE_LIST)))VERSION)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
BUILD ?= build

WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-missing-field-initializers
CFLAGS ?= -O2 -g
override CFLAGS += -std=c11 -D_GNU_SOURCE $(WARNFLAGS) -Iinclude \
	-DDISCXFER_VERSION='"$(VERSION)"'
LDFLAGS ?=

.PHONY: all check clean install uninstall
all:

include lib/lib.mk
-include tools/tools.mk
-include tests/unit/unit.mk
-include bench/bench.mk
-include udev/udev.mk
-include module/module.mk
-include tests/vm/vm.mk
-include tests/module-formula/module-formula.mk
-include man/man.mk
-include man/lib.mk
-include examples/examples.mk
-include dkms.mk
-include tests/packaging/packaging.mk

clean::
	rm -rf $(BUILD)
