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
#
# Energy Efficient Ethernet, where the ports have copper PHYs (the 370
# and XP boards): the settings round-trip through ethtool --set-eee, the
# transmitter idles in low power only while the link negotiated EEE, and
# the PHY's wake errors reach ethtool -S.  Without a PHY they skip.

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
EEE_SET=

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
	if [ -n "$EEE_SET" ]; then
		on "$IF0" ethtool --set-eee "$IF0" eee off tx-lpi off 2>/dev/null
		on "$IF1" ethtool --set-eee "$IF1" eee off tx-lpi off 2>/dev/null
		EEE_SET=
	fi
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

# EEE is the PHY's: phylink has one only while the port is up.
needs_eee() {
	on "$IF0" ethtool --show-eee "$IF0" >/dev/null 2>&1 && return 0
	echo "no EEE on $IF0 (ethtool --show-eee: no PHY to negotiate it)"
	return 4
}

# eee_of IF: "STATUS TX-LPI" as ethtool --show-eee shows them, e.g.
# "enabled-active 50", "enabled-inactive disabled".
eee_of() {
	on "$1" ethtool --show-eee "$1" |
		awk -F': *' '/EEE status:/ { gsub(/ /, "", $2); st = $2 }
			     /Tx LPI:/ { split($2, a, " "); t = a[1] }
			     END { print st, t }'
}

# wait_eee IF WANT: the PHYs renegotiate after a change; wait until IF's
# EEE reads WANT with the carrier up.
wait_eee() {
	local ifc=$1 want=$2 i
	for i in $(seq 100); do
		[ "$(on "$ifc" cat "/sys/class/net/$ifc/carrier" 2>/dev/null)" = 1 ] &&
			[ "$(eee_of "$ifc")" = "$want" ] && return 0
		sleep 0.1
	done
	echo "FAIL: $ifc EEE \"$(eee_of "$ifc")\", want \"$want\""
	return 1
}

# lpi_frames N: N frames from IF0, one at a time 100 ms apart (far
# longer than the LPI timer: pktgen's own rate leaves its first two
# frames close together); prints how many of them found the transmitter
# in low-power idle and how many found the MAC asking for it on a link
# without EEE (the emulator counts both), and checks that N left.
lpi_frames() {
	local n=$1 w0 w g0 g i dst
	dst=$(mac_of "$IF1")
	w0=$(emu qom-get eth0 stat-lpi-wakes) &&
	g0=$(emu qom-get eth0 stat-lpi-ignored) || return 1
	snap f "$IF0" good_frames_sent
	for i in $(seq "$n"); do
		sleep 0.1
		pktgen_send "$IF0" "$dst" 1 60 >&2 || return 1
	done
	expect_eq "frames sent" "$(delta f "$IF0" good_frames_sent)" "$n" >&2 ||
		return 1
	w=$(emu qom-get eth0 stat-lpi-wakes) &&
	g=$(emu qom-get eth0 stat-lpi-ignored) || return 1
	echo "$((w - w0)) $((g - g0))"
}

# EEE on at both ends with a 50 us LPI timer: active, as set; a timer the
# MAC cannot count (300 us: eight bits) is refused and changes nothing.
# Each of 5 frames 100 ms apart wakes the transmitter.  The partner turns
# EEE off: the link renegotiates without it, and once IF0's driver has
# seen the link go down and up, its MAC no longer asks for LPI (which a
# partner without EEE would not understand; the PHY ignores it).
test_eee() {
	local wakes i
	has_emu || { echo "needs the emulator to see low-power idle"; return 4; }
	raw_up || return
	needs_eee || return
	EEE_SET=1
	on "$IF1" ethtool --set-eee "$IF1" eee on tx-lpi off ||
		fail "ethtool --set-eee $IF1 eee on" || return
	on "$IF0" ethtool --set-eee "$IF0" eee on tx-lpi on tx-timer 50 ||
		fail "ethtool --set-eee $IF0 eee on tx-lpi on tx-timer 50" || return
	wait_eee "$IF0" "enabled-active 50" || return
	if on "$IF0" ethtool --set-eee "$IF0" tx-timer 300 2>/dev/null; then
		fail "tx-timer 300 accepted"
		return
	fi
	expect_eq "$IF0 EEE after the refused timer" "$(eee_of "$IF0")" \
		"enabled-active 50" || return
	wakes=$(lpi_frames 5) || { echo "$wakes"; return 1; }
	expect_eq "LPI wake-ups and ignored requests, 5 frames with EEE" \
		"$wakes" "5 0" || return

	# The partner's renegotiation takes the link down and up: only then
	# does IF0's driver learn that EEE is gone.
	snap l "$IF0" carrier_down_count
	on "$IF1" ethtool --set-eee "$IF1" eee off ||
		fail "ethtool --set-eee $IF1 eee off" || return
	for i in $(seq 100); do
		[ "$(delta l "$IF0" carrier_down_count)" -ge 1 ] && break
		sleep 0.1
	done
	expect_eq "$IF0 carrier losses as the partner renegotiates" \
		"$(delta l "$IF0" carrier_down_count)" 1 || return
	wait_eee "$IF0" "enabled-inactive 50" || return
	wakes=$(lpi_frames 5) || { echo "$wakes"; return 1; }
	expect_eq "LPI wake-ups and ignored requests, partner without EEE" \
		"$wakes" "0 0"
}

# The PHY's EEE wake error counter clears on read: ethtool -S adds up what
# it reads, and shows 3 after 3, read twice.
test_eee_wake_errors() {
	has_emu || { echo "needs the emulator to make wake errors"; return 4; }
	raw_up || return
	needs_eee || return
	snap e "$IF0" eee_wakeup_errors
	emu qom-set eth0 inject-eee-wake-errors 3 >/dev/null ||
		fail "inject wake errors" || return
	expect_eq "eee_wakeup_errors" "$(delta e "$IF0" eee_wakeup_errors)" 3 &&
	expect_eq "eee_wakeup_errors, read again" \
		"$(delta e "$IF0" eee_wakeup_errors)" 3
}

tap_plan 4
run_test "in-band link: up from the negotiation, follows the cable" test_inband_link
run_test "in-band SGMII link: pause as ethtool -A sets it" test_inband_pause
run_test "EEE: settings round-trip, LPI only on a link that negotiated it" test_eee
run_test "EEE: the PHY's wake errors in ethtool -S" test_eee_wake_errors
pair_down
tap_exit
