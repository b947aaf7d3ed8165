#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta links that negotiate in band (device tree: managed =
# "in-band-status"), as SGMII ports to a switch or PHY are on the Turris
# Omnia and Clearfog: the link comes up from the lane's negotiation and
# follows the cable, and the pause set with ethtool -A reaches the MAC
# (SGMII's negotiation carries none).  Where no port negotiates in band,
# the tests skip.  In the emulator, the 38x board's eth1 is such a port,
# on a SerDes lane that its device tree leaves to the driver (no comphy).

source "$(dirname "$0")/lib.sh"

# The port that negotiates in band, read while both are in this namespace.
INBAND=
for _ifc in "$IF0" "$IF1"; do
	if [ "$(tr -d '\0' 2>/dev/null \
		< "/sys/class/net/$_ifc/device/of_node/managed")" = in-band-status ]; then
		INBAND=$_ifc
		break
	fi
done
# Its cable and its device, as the emulator names them.
[ "$INBAND" = "$IF0" ] && INBAND_CABLE=c0 || INBAND_CABLE=c1
ORIG_PAUSE=

needs_inband() {
	[ -n "$INBAND" ] && return 0
	echo "no port negotiates in band (managed = \"in-band-status\")"
	return 4
}

# pause_of IF: "AUTONEG RX TX" as ethtool -a shows them (on/off).
pause_of() {
	on "$1" ethtool -a "$1" |
		awk '/^Autonegotiate:/ { a = $2 } /^RX:/ { r = $2 } /^TX:/ { t = $2 }
		     END { print a, r, t }'
}

test_cleanup() {
	if [ -n "$ORIG_PAUSE" ]; then
		set -- $ORIG_PAUSE
		on "$INBAND" ethtool -A "$INBAND" autoneg "$1" rx "$2" tx "$3" \
			2>/dev/null
	fi
	has_emu && emu set_link "$INBAND_CABLE" on >/dev/null 2>&1
	true
}

# The link up from the negotiation, 1000/full as the partner reports it,
# frames both ways; then the cable out and back: carrier down once and up
# once, frames again.
test_inband_link() {
	local ifc=$INBAND
	needs_inband || return
	pair_up || return
	expect_eq "$ifc speed" "$(on "$ifc" cat "/sys/class/net/$ifc/speed")" 1000 &&
	expect_eq "$ifc duplex" "$(on "$ifc" cat "/sys/class/net/$ifc/duplex")" full &&
	ping_all "$IF0" -c 20 -i 0.02 -W 2 "$IP1" || return
	if ! has_emu; then
		echo "no emulator to pull the cable: link and frames checked only"
		return 0
	fi
	snap l "$ifc" carrier_down_count carrier_up_count
	emu set_link "$INBAND_CABLE" off >/dev/null || fail "cable out" || return
	wait_carrier "$ifc" 0 || return
	emu set_link "$INBAND_CABLE" on >/dev/null || fail "cable in" || return
	wait_carrier "$ifc" || return
	expect_eq "carrier_down_count" "$(delta l "$ifc" carrier_down_count)" 1 &&
	expect_eq "carrier_up_count" "$(delta l "$ifc" carrier_up_count)" 1 &&
	ping_all "$IF0" -c 20 -i 0.02 -W 2 "$IP1"
}

# Pause set by hand (ethtool -A autoneg off) on, off and on again: the
# MAC honours and sends PAUSE frames exactly when told (the model says
# what its registers set).
test_inband_pause() {
	local ifc=$INBAND p want
	needs_inband || return
	has_emu || { echo "needs the emulator to read the MAC's flow control"; return 4; }
	raw_up || return
	ORIG_PAUSE=$(pause_of "$ifc")
	echo "pause before: $ORIG_PAUSE (autoneg rx tx)"
	for p in on off on; do
		on "$ifc" ethtool -A "$ifc" autoneg off rx $p tx $p ||
			fail "ethtool -A $ifc autoneg off rx $p tx $p" || return
		wait_carrier "$ifc" || return
		[ $p = on ] && want=True || want=False
		expect_eq "$ifc flow control with pause $p" \
			"$(emu qom-get "eth${INBAND_CABLE#c}" flow-control)" $want ||
			return
	done
}

tap_plan 2
run_test "in-band link: up from the negotiation, follows the cable" test_inband_link
run_test "in-band SGMII link: pause as ethtool -A sets it" test_inband_pause
pair_down
tap_exit
