#!/bin/bash
# Guest instructions per packet (TCG plugin), per scenario; with DRIVER
# unset, for every driver that exists, side by side in one run.
source "$(dirname "$0")/lib.sh"

build_host_tools
if [ -n "${DRIVER:-}" ]; then
	drivers=$DRIVER
else
	drivers=upstream
	[ -e "$CACHE/ours-$KERNEL/mvneta.ko" ] && drivers+=" ours"
fi
exec python3 "$EMU_DIR/host/bench.py" --drivers "$drivers" \
	--plugin "$PLUGIN" --trafgen "$TRAFGEN" ${BENCH_ARGS:-}
