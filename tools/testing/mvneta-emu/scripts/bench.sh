#!/bin/bash
# Per-packet costs per scenario (guest instructions, MMIO, interrupts,
# cache maintenance), the model's frame generator feeding eth0 under
# deterministic guest time; with DRIVER unset, upstream and ours booted
# in turn (BOOTS times each, default 3) and compared.
source "$(dirname "$0")/lib.sh"

build_host_tools
# The 32-bit board boots one CPU here: under single-threaded TCG (which
# -icount needs) QEMU 7.2 hangs a two-CPU Cortex-A15 guest right after
# its second CPU comes up.  Both drivers poll on CPU 0 either way.
[ "$GARCH" = arm ] && export SMP=1
# There, the four scenarios of the 32-bit table (series/bench-6.12-38x.txt)
# unless BENCH_ARGS names others.
if [ "$GARCH" = arm ] && [[ "${BENCH_ARGS:-}" != *--scenarios* ]]; then
	BENCH_ARGS="${BENCH_ARGS:-} --scenarios xdp_drop,xdp_tx,xdp_redirect,tc_drop"
fi
if [ -n "${DRIVER:-}" ]; then
	drivers=$DRIVER
else
	drivers=upstream
	[ -e "$OURS_DIR/mvneta.ko" ] && drivers+=" ours"
fi
# What the table was measured on, for whoever keeps it (series.sh reads
# this line from series/bench-$KVER.txt).
printf '# guest kernel: KVER=%s KERNEL=%s (Linux %s, Debian linux-source-%s %s); ours at %s\n' \
	"$KVER" "$KERNEL" \
	"$(sed -n 's/^VERSION = //p;s/^PATCHLEVEL = //p;s/^SUBLEVEL = //p' "$KSRC/Makefile" | paste -sd.)" \
	"$KVER" "$(dpkg-query -W -f='${Version}' "linux-source-$KVER" 2>/dev/null || echo unknown)" \
	"$(git -C "$TOP_DIR" describe --always --dirty 2>/dev/null || echo unknown)"
exec python3 "$EMU_DIR/host/bench.py" --drivers "$drivers" \
	--boots "${BOOTS:-3}" --plugin "$PLUGIN" ${BENCH_ARGS:-}
