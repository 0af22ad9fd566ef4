# SPDX-License-Identifier: LGPL-2.1-or-later
# The header's thread rule under ThreadSanitizer (tests/tsan/tsan-threads.c),
# run by the kernel rig's guest on real sysfs (tests/tsan/vm-guest.sh).
#
#   make tsan-threads     the program, in build/vm/guest-bin/ (the rig copies
#                         every program there into the guest, with the
#                         shared libraries ldd names); `make vm-test*`
#                         (and so vm-all) builds it first
#
# The library's objects are compiled again with -fsanitize=thread (not the
# normal libdiscxfer.so). gcc's runtime (libtsan.so.2, from libtsan2, which
# gcc-12 pulls in) symbolizes reports itself with libbacktrace, so reports
# in the guest name files and lines without an llvm-symbolizer there.

TSAN_CC ?= gcc
TSAN_DIR := $(BUILD)/tsan
TSAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer -O1 -g
TSAN_LIB_OBJS := $(patsubst lib/%.c,$(TSAN_DIR)/lib/%.o,$(LIB_SRCS))
TSAN_BIN := $(BUILD)/vm/guest-bin/tsan-threads

$(TSAN_DIR)/lib/%.o: lib/%.c include/discxfer.h include/discxfer/imapi2.h $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(TSAN_CC) $(CFLAGS) $(TSAN_FLAGS) $(LIB_CFLAGS) -c -o $@ $<

# Linked beside the objects, then moved into guest-bin/ in one rename (by
# way of a dot file, which the rig's guest-bin/* does not match): a rig
# preparing its initramfs meanwhile (make vm-all runs two) never copies a
# half-written program.
$(TSAN_BIN): tests/tsan/tsan-threads.c include/discxfer.h include/discxfer/imapi2.h \
		$(TSAN_LIB_OBJS)
	$(TSAN_CC) $(CFLAGS) $(TSAN_FLAGS) -pthread -o $(TSAN_DIR)/tsan-threads $< \
		$(TSAN_LIB_OBJS) $(LIB_LIBS)
	@mkdir -p $(dir $@)
	cp $(TSAN_DIR)/tsan-threads $(dir $@).tsan-threads.new
	mv $(dir $@).tsan-threads.new $@

.PHONY: tsan-threads
tsan-threads: $(TSAN_BIN)
vm-test $(addprefix vm-test-,$(VM_SERIES)): $(TSAN_BIN)
# Built before the legs start side by side (vm-all, make check): inside their
# make -j2 the link would wait for a free slot behind the long legs, and the
# rigs that need it with it.
vm-prepare: $(TSAN_BIN)
.SECONDARY: $(TSAN_LIB_OBJS)
