#!/bin/bash
# Per-packet costs per scenario (guest instructions, MMIO, interrupts,
# cache maintenance), the model's frame generator feeding eth0 under
# deterministic guest time; with DRIVER unset, upstream and ours booted
# in turn (BOOTS times each, default 3) and compared.
source "$(dirname "$0")/lib.sh"

build_host_tools
if [ -n "${DRIVER:-}" ]; then
	drivers=$DRIVER
else
	drivers=upstream
	[ -e "$OURS_DIR/mvneta.ko" ] && drivers+=" ours"
fi
exec python3 "$EMU_DIR/host/bench.py" --drivers "$drivers" \
	--boots "${BOOTS:-3}" --plugin "$PLUGIN" ${BENCH_ARGS:-}
