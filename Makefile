# mvneta native XDP: user-facing targets.
#
#   make demo      build everything, boot the emulated board, show the
#                  driver (ethtool -i), attach an XDP drop program, push
#                  traffic, print the XDP counters and the drop rate
#   make check     the whole test suite; ends with "N passed, N failed"
#   make bench     per-packet cost (guest instructions, MMIO, IRQs, DC ops),
#                  upstream against ours, 3 interleaved boots each (icount);
#                  BOARD=38x: the 32-bit board's rows (xdp_drop, xdp_tx,
#                  xdp_redirect, tc_drop; one CPU)
#   make vm CMD='ip -s link'   one command on the emulated board
#   make lint      checkpatch, W=1, sparse (arm64, arm, x86_64), clang
#   make distro-module  build the module with dkms (dkms.conf) against
#                  Debian 12's arm64 kernel headers for 6.1 and for 6.12;
#                  per kernel, check vermagic, compatibles, signature,
#                  the compat flags, no warnings
#   make series    the patch series against Debian's 6.12 tree (KVER=6.1:
#                  the 6.1 tree), with a cover letter, in
#                  ~/.cache/mvneta-xdp/series/patches; its benchmark
#                  table is tools/testing/mvneta-emu/series/bench-$KVER.txt,
#                  measured and committed: without one, no series
#   make series-check  git am its patches on the pristine tree (the same
#                  base; no table needed); after each patch: arm64 W=1
#                  build, samples, selftests, checkpatch
#   make mutants   mutation check: the driver built with one deliberate
#                  bug at a time, each booted with the tests that must
#                  catch it; ends with "killed K of M" (MUTANTS="a b")
#
# Variables: DRIVER=upstream|ours (default: ours; check and bench run
# both when it is unset)  KVER=6.12|6.1 (the guest kernel, and the base
# tree of series and series-check; default 6.12)
# KERNEL=default|debug  SWIOTLB=force
# BOARD=3720|38x|xp|370 (the emulated board: the arm64 Armada 3720 one,
# default, or the 32-bit ARM one with Armada 38x, XP or 370 ports)
# Builds are cached under ~/.cache/mvneta-xdp.

EMU := tools/testing/mvneta-emu/scripts
DRIVER ?=
KERNEL ?= default
export DRIVER KVER KERNEL SWIOTLB BOARD

.PHONY: all deps qemu kernel rootfs guest-tools driver board demo check bench vm lint \
	distro-module series series-check mutants

all: board

deps:
	@$(EMU)/deps.sh

qemu: deps
	@$(EMU)/qemu.sh

kernel: deps
	@$(EMU)/kernel.sh

rootfs: deps
	@$(EMU)/rootfs.sh

guest-tools: deps
	@$(EMU)/guest-tools.sh

driver: kernel
	@$(EMU)/driver.sh

board: qemu kernel rootfs guest-tools driver

demo: board
	@$(EMU)/demo.sh

check: board
	@$(EMU)/check.sh

bench: board
	@$(EMU)/bench.sh

# checkpatch, W=1 and sparse for arm64, arm, x86_64, clang for arm64
lint: deps kernel
	@$(EMU)/lint.sh

vm: board
	@$(EMU)/vm.sh '$(CMD)'

# dkms.conf proven on distribution kernels: Debian 12 arm64 headers, 6.1
# and 6.12
distro-module: deps
	@$(EMU)/distro-module.sh

# The driver as an in-tree patch series against the 6.12 tree (or 6.1);
# then each patch applied and built in turn
series: deps
	@$(EMU)/series.sh

series-check: deps
	@$(EMU)/series-check.sh

# One deliberate bug at a time (tools/testing/mvneta-emu/mutants), each
# booted with the tests that must catch it
mutants: board
	@$(EMU)/mutants.sh
