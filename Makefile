# SPDX-License-Identifier: GPL-2.0
#
# xtcp: one Makefile for both Kbuild and the user. Kbuild reads ./Kbuild;
# everything below is the user-facing side.
#
#   make                 build module/xtcp.ko, kunit/xtcp_kunit.ko and the
#                        selftests against the cached debug test kernel,
#                        the tools/xtcp/xtcp configuration tool and
#                        tools/xhttp/xhttp (HTTP over xtcp, for the demo)
#   make tools           the user-space tools only
#   make KDIR=<tree>     build the module against another tree, e.g.
#                        /usr/src/linux-headers-$(uname -r)
#   make check           the whole suite in VMs; ends "N passed, N failed"
#   make demo            boot a VM, load xtcp, show what it registered,
#                        fetch a web page each way
#   make bench           xtcp against Linux TCP on Debian's stock kernel:
#                        throughput, connection rate, memory, as ratios
#   make vm              a root shell in the test VM
#   make lint            checkpatch --strict and sparse (C=2)
#   make kernel          build (or reuse) the debug test kernel
#   make stock           build the module against Debian's stock headers
ifneq ($(KERNELRELEASE),)
# Kbuild reads ./Kbuild; nothing to do here.
else

SHELL := /bin/bash
KDIR ?=
W ?= 1
STOCK_KDIR ?= $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1)

# The cached test kernel, built on first use (about 15 minutes).
kdir = kdir="$(KDIR)"; [ -n "$$kdir" ] || kdir=$$(scripts/build-kernel.sh) || exit 1

.PHONY: all modules selftests tools stock kernel check demo bench vm lint clean

all: modules selftests tools

kernel:
	@scripts/build-kernel.sh >/dev/null

modules:
	@$(kdir); $(MAKE) -C "$$kdir" M=$(CURDIR) W=$(W) modules

selftests:
	@ksrc=$$(scripts/build-kernel.sh) && $(MAKE) -C selftests KSRC="$$ksrc"

tools:
	@$(MAKE) -C tools/xtcp
	@$(MAKE) -C tools/xhttp

# The stock build runs in a copy so its objects never mix with the debug
# build's.
stock:
	@[ -n "$(STOCK_KDIR)" ] || { echo "no /usr/src/linux-headers-*-amd64: apt install linux-headers-amd64" >&2; exit 1; }
	@rm -rf .build/stock && mkdir -p .build/stock
	@find Kbuild include module \( -name Kbuild -o -name '*.[ch]' \) -print | cpio -pdm --quiet .build/stock
	@$(MAKE) -C "$(STOCK_KDIR)" M=$(CURDIR)/.build/stock W=$(W) modules

check:
	@scripts/check.sh

demo: modules tools
	@scripts/demo.sh

bench:
	@scripts/bench.sh

# xtcp against Linux TCP under each netem profile of tcp_netem_test.sh:
# transfer time, as ratios (scripts/netem-bench.sh --help for options).
.PHONY: netem-bench
netem-bench:
	@scripts/netem-bench.sh

vm: modules selftests tools
	@scripts/vm.sh --interactive

lint:
	@scripts/lint.sh

clean:
	@$(kdir); $(MAKE) -C "$$kdir" M=$(CURDIR) clean
	@$(MAKE) -C selftests clean
	@$(MAKE) -C tools/xtcp clean
	@$(MAKE) -C tools/xhttp clean
	@rm -rf .build
endif
