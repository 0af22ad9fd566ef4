# SPDX-License-Identifier: LGPL-2.1-or-later
# make bench [DEV=/dev/sr0]: query cost against a raw sysfs read (README, "Speed"),
# on the unit tests' umockdev fake drive unless DEV is given: for machines
# without the kernel rig (make vm-bench measures real sysfs in the guest).

UMOCKDEV_CFLAGS = $(shell $(PKG_CONFIG) --cflags umockdev-1.0)
UMOCKDEV_LIBS = $(shell $(PKG_CONFIG) --libs umockdev-1.0)

# The fake drive is the unit tests' (tests/lib/fake.c).
$(BUILD)/bench/bench: bench/bench.c tests/lib/fake.c tests/lib/fake.h $(BUILD)/libdiscxfer.so
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(UMOCKDEV_CFLAGS) -Itests/lib -o $@ $< tests/lib/fake.c \
		-L$(BUILD) -ldiscxfer $(UMOCKDEV_LIBS)

.PHONY: bench
bench: $(BUILD)/bench/bench
ifdef DEV
	LD_LIBRARY_PATH=$(BUILD) $(BUILD)/bench/bench $(DEV)
else
	LD_LIBRARY_PATH=$(BUILD) umockdev-wrapper $(BUILD)/bench/bench
endif
