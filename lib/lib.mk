# SPDX-License-Identifier: LGPL-2.1-or-later
# libdiscxfer: shared library (SONAME libdiscxfer.so.0), static archive for
# tests, pkg-config file.

LIB_SOVERSION := 0
LIB_SONAME := libdiscxfer.so.$(LIB_SOVERSION)
LIB_SO := $(BUILD)/libdiscxfer.so.$(VERSION)
LIB_A := $(BUILD)/libdiscxfer.a
LIB_SRCS := $(wildcard lib/*.c)
LIB_PIC_OBJS := $(patsubst lib/%.c,$(BUILD)/lib/pic/%.o,$(LIB_SRCS))
LIB_OBJS := $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIB_SRCS))
LIB_PKGS := libudev libkmod
LIB_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(LIB_PKGS)) -fvisibility=hidden -Ilib
# libkmod and libudev are only dlopen()ed (lib/kmod.c, lib/udev.c): their
# headers are used, not their libraries, so that programs that never ask for
# the module's state or for events do not load them (libkmod brings
# libcrypto, liblzma and libzstd; libudev alone costs as much to load and
# relocate as a whole `discxfer get`).
LIB_LIBS := -ldl

all: $(BUILD)/libdiscxfer.so $(LIB_A) $(BUILD)/libdiscxfer.pc

$(BUILD)/lib/pic/%.o: lib/%.c include/discxfer.h $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LIB_CFLAGS) -fPIC -c -o $@ $<

$(BUILD)/lib/%.o: lib/%.c include/discxfer.h $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(LIB_SO): $(LIB_PIC_OBJS) lib/libdiscxfer.sym
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -fPIC -Wl,-soname,$(LIB_SONAME) \
		-Wl,--version-script=lib/libdiscxfer.sym -Wl,--no-undefined \
		-o $@ $(LIB_PIC_OBJS) $(LIB_LIBS)

$(BUILD)/$(LIB_SONAME): $(LIB_SO)
	ln -sf $(notdir $<) $@

$(BUILD)/libdiscxfer.so: $(BUILD)/$(LIB_SONAME)
	ln -sf $(notdir $<) $@

$(LIB_A): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libdiscxfer.pc: lib/libdiscxfer.pc.in VERSION $(PATHS_STAMP)
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' lib/libdiscxfer.pc.in > $@

install:: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/discxfer $(DESTDIR)$(PKGCONFIGDIR)
	install -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libdiscxfer.so
	install -m 0644 include/discxfer.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 0644 include/discxfer/*.h $(DESTDIR)$(INCLUDEDIR)/discxfer/
	install -m 0644 $(BUILD)/libdiscxfer.pc $(DESTDIR)$(PKGCONFIGDIR)/
	$(if $(DESTDIR),,ldconfig)

uninstall::
	rm -f $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME) \
	      $(DESTDIR)$(LIBDIR)/libdiscxfer.so $(DESTDIR)$(INCLUDEDIR)/discxfer.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/libdiscxfer.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/discxfer
	$(if $(DESTDIR),,ldconfig)
