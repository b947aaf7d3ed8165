#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mvneta across system suspend and resume.  The system goes through the
# whole of "echo freeze > /sys/power/state" with pm_test "platform":
# every driver callback runs, the late and noirq ones included, and only
# the platform's own sleep is replaced by a wait.  On the 370/XP/38x
# flavours, in the emulator, both ports lose their power during that wait,
# as suspend to RAM does to them there: every register comes back at its
# hardware default, the MIB counters at zero, and the driver must program
# the port again.  (The 3700 and AC5 only sleep to idle, which keeps the
# port powered: no cut there.)  The emulator hears of the wait from the
# line the kernel prints when it starts (the guest's user space is frozen
# then).
#   - a port running an XDP program, with non-default rings, MTU, a
#     changed address and a joined multicast group, comes back with all of
#     them, its counters kept (the frames of just before the sleep
#     included), and drops exactly the frames sent after;
#   - a port that was down stays down, and comes up afterwards;
#   - frames flow both ways through the stack after resume;
#   - Wake-on-LAN as the PHY offers it, the rest refused.

source "$(dirname "$0")/lib.sh"

PM_MCAST=01:00:5e:00:00:43
ORIG_MAC=$(mac_of "$IF0")
ORIG_RINGS=$(ring_sizes "$IF0")

test_cleanup() {
	ip link set dev "$IF0" xdp off 2>/dev/null
	ip link set dev "$IF0" mtu 1500 address "$ORIG_MAC" 2>/dev/null
	ip maddr del $PM_MCAST dev "$IF0" 2>/dev/null
	ethtool -G "$IF0" rx "${ORIG_RINGS% *}" tx "${ORIG_RINGS#* }" 2>/dev/null
	echo none > /sys/power/pm_test 2>/dev/null
	true
}

# Where suspend to RAM cuts the port's power: the 370/XP/38x flavours.
power_cut_flavour() {
	tr '\0' '\n' < "/sys/class/net/$IF0/device/of_node/compatible" |
		grep -qE '^marvell,armada-(370|xp)-neta$'
}

# sleep_cycle: the whole system through suspend and resume (see above).
# Returns 4 when the kernel cannot (no CONFIG_PM_DEBUG or no suspend to
# idle), so that the test skips.
sleep_cycle() {
	local level cs pc0 pc1 err=0 res cut=
	[ -w /sys/power/pm_test ] ||
		{ echo "no /sys/power/pm_test (CONFIG_PM_DEBUG)"; return 4; }
	grep -qw freeze /sys/power/state ||
		{ echo "no suspend to idle in /sys/power/state"; return 4; }
	echo platform > /sys/power/pm_test || fail "pm_test platform" || return
	echo 2 > /sys/module/suspend/parameters/pm_test_delay
	has_emu && power_cut_flavour && cut=1
	if [ -n "$cut" ]; then
		pc0=$(emu qom-get eth0 stat-power-cycles) &&
		pc1=$(emu qom-get eth1 stat-power-cycles) ||
			fail "the model's power counts" || return
		# The kernel must print the line while it waits: consoles on,
		# and at its level.
		level=$(cut -f1 /proc/sys/kernel/printk)
		cs=$(cat /sys/module/printk/parameters/console_suspend)
		echo N > /sys/module/printk/parameters/console_suspend
		echo 7 > /proc/sys/kernel/printk
		emu on-console 'suspend.debug:.Waiting' \
			qom-set eth0 power-cycle true ';' \
			qom-set eth1 power-cycle true >/dev/null ||
			fail "on-console request" || return
	fi
	if [ -n "$cut" ]; then
		echo "the ports' power is cut during the sleep"
	else
		echo "the ports stay powered (suspend to idle)"
	fi
	echo freeze > /sys/power/state || err=1
	echo none > /sys/power/pm_test
	if [ -n "$cut" ]; then
		echo "$level" > /proc/sys/kernel/printk
		echo "$cs" > /sys/module/printk/parameters/console_suspend
		res=$(emu on-console-result)
		expect_eq "power cut during the sleep" "$res" done &&
		expect_eq "eth0 power cycles" \
			$(($(emu qom-get eth0 stat-power-cycles) - pc0)) 1 &&
		expect_eq "eth1 power cycles" \
			$(($(emu qom-get eth1 stat-power-cycles) - pc1)) 1 ||
			return
	fi
	[ $err = 0 ] || fail "suspend failed: $(dmesg | tail -n 5)"
}

# The rate the frames of these tests are sent at: IF0's ring is 128
# descriptors, and a host stall longer than a ring's worth (6 ms here)
# overruns it, which the port counts.
PM_PPS=20000

# drop_n N: N frames from IF1 to IF0's address; IF0's program drops each
# one that did not find the ring full (counted, at most MAX_OVERRUN_PCT).
drop_n() {
	local o
	snap x "$IF0" rx_xdp_drop rx_packets rx_overrun
	pktgen_send "$IF1" "$(mac_of "$IF0")" "$1" 64 $PM_PPS || return
	wait_still "$IF0" rx_packets || return
	o=$(delta x "$IF0" rx_overrun)
	overruns_ok "$o" "$1" &&
	expect_eq "rx_xdp_drop" "$(delta x "$IF0" rx_xdp_drop)" $(($1 - o)) &&
	expect_eq "rx_packets" "$(delta x "$IF0" rx_packets)" $(($1 - o))
}

xdp_id() { ip -j link show dev "$IF0" | jq -r '.[0].xdp.prog.id // empty'; }

test_suspend_xdp() {
	local n=2000 id rings mac=02:5a:00:00:02:37 before after o
	raw_up || return
	ethtool -G "$IF0" rx 128 tx 512 || fail "ethtool -G" || return
	ip link set dev "$IF0" mtu 1400 address $mac || fail "mtu, address" || return
	ip maddr add $PM_MCAST dev "$IF0" || fail "ip maddr add" || return
	ip link set dev "$IF0" xdp obj "$BPF_DIR/mvneta_xdp_drop.bpf.o" sec xdp ||
		fail "attach" || return
	wait_carrier "$IF0" || return
	drop_n $n || return
	id=$(xdp_id)
	rings=$(ring_sizes "$IF0")
	snap s "$IF0" rx_packets rx_xdp_drop good_frames_received rx_overrun
	# Frames just before the sleep, no ethtool read after them: the
	# port's MIB still holds their count when it goes.
	pktgen_send "$IF1" "$(mac_of "$IF0")" $n 64 $PM_PPS || return
	wait_still "$IF0" rx_packets || return
	sleep_cycle || return
	wait_carrier "$IF0" && wait_carrier "$IF1" || return
	expect_eq "program after resume" "$(xdp_id)" "$id" &&
	expect_eq "rings after resume" "$(ring_sizes "$IF0")" "$rings" &&
	expect_eq "MTU after resume" "$(cat "/sys/class/net/$IF0/mtu")" 1400 &&
	expect_eq "address after resume" "$(mac_of "$IF0")" $mac &&
	o=$(delta s "$IF0" rx_overrun)
	overruns_ok "$o" $n &&
	expect_eq "rx_packets kept" "$(delta s "$IF0" rx_packets)" $((n - o)) &&
	expect_eq "rx_xdp_drop kept" "$(delta s "$IF0" rx_xdp_drop)" $((n - o)) &&
	expect_eq "good_frames_received kept" \
		"$(delta s "$IF0" good_frames_received)" $n || return
	# The frames after resume: to the changed address, to the joined
	# group, and not to the address of before.
	drop_n $n || return
	snap x "$IF0" rx_xdp_drop rx_overrun
	pktgen_send "$IF1" $PM_MCAST $n 64 $PM_PPS || return
	pktgen_send "$IF1" "$ORIG_MAC" $n 64 $PM_PPS || return
	wait_still "$IF0" rx_xdp_drop || return
	o=$(delta x "$IF0" rx_overrun)
	overruns_ok "$o" $n &&
	expect_eq "frames to the group (and none to the old address)" \
		"$(delta x "$IF0" rx_xdp_drop)" $((n - o))
}

test_suspend_down() {
	raw_up || return
	ip link set "$IF1" down
	sleep_cycle || return
	expect_eq "$IF1 flags after resume" \
		"$(ip -j link show dev "$IF1" | jq -r '.[0].flags | index("UP") != null')" \
		false &&
	expect_eq "$IF1 operstate after resume" \
		"$(cat "/sys/class/net/$IF1/operstate")" down || return
	pair_up || return
	ping_all "$IF0" -c 20 -i 0.02 -W 2 "$IP1" &&
	ping_all "$IF1" -c 20 -i 0.02 -W 2 "$IP0"
}

# wol_field IF NAME: "Supports Wake-on" or "Wake-on" as ethtool shows it.
wol_field() {
	on "$1" ethtool "$1" | sed -n "s/^[[:space:]]*$2: //p"
}

# Wake-on-LAN is the PHY's (the port cannot wake the system): the port
# shows what its PHY offers, takes what it offers, and refuses the rest
# with the port as it was.  The emulated board has a fixed link, no PHY:
# nothing offered ("d"), magic packet refused.
test_wol() {
	local sup
	raw_up || return
	sup=$(wol_field "$IF0" "Supports Wake-on")
	[ -n "$sup" ] || fail "ethtool shows no Wake-on-LAN support line" || return
	echo "supports Wake-on: $sup"
	if [ "${sup/g/}" = "$sup" ]; then
		ethtool -s "$IF0" wol g 2>/dev/null &&
			fail "wol g accepted, not offered" && return
		expect_eq "Wake-on after the refusal" "$(wol_field "$IF0" Wake-on)" d
		return
	fi
	ethtool -s "$IF0" wol g || fail "wol g refused, though offered" || return
	expect_eq "Wake-on" "$(wol_field "$IF0" Wake-on)" g &&
	expect_eq "wakeup" "$(cat "/sys/class/net/$IF0/power/wakeup")" enabled ||
		return
	ethtool -s "$IF0" wol d || fail "wol d" || return
	expect_eq "Wake-on" "$(wol_field "$IF0" Wake-on)" d
}

tap_plan 3
run_test "suspend and resume with an XDP program: all comes back" test_suspend_xdp
run_test "suspend and resume of a port that was down" test_suspend_down
run_test "Wake-on-LAN as the PHY offers it" test_wol
pair_down
tap_exit
