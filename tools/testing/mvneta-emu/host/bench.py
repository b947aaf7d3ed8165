#!/usr/bin/env python3
"""Guest instructions per packet, per scenario and driver.

Boots the board once per driver with eth0 wired to the host and the
insn_window TCG plugin loaded.  For each scenario the guest sets eth0 up
(an XDP program, a tc rule, ...) and says so on its console; the host then
measures RUNS windows.  A window: start counting, push FRAMES frames flat
out into eth0 with trafgen, wait until the port has handed every one of
them to the driver and the guest has gone idle, stop counting.
Instructions per packet = instructions in the window / FRAMES.

Prints one row per scenario that a script can read:
    <scenario> <insns/pkt> <run1> <run2> <run3> <+-%>
where +-% is the largest distance of a run from the mean, in percent
or, with several drivers:
    <scenario> <driver1> <driver2> ... <driver2/driver1>
"""

import argparse
import bisect
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emu_agent import Qmp, connect  # noqa: E402

EMU = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name -> guest commands that make eth0 behave as the scenario wants.
REDIRECT_PIN = "/sys/fs/bpf/bench_redirect"
SCENARIOS = {
    "xdp_drop": "ip link set dev eth0 xdp obj "
                "/opt/mvneta/bpf/mvneta_xdp_drop.bpf.o sec xdp",
    # frames back to the host, MAC addresses swapped
    "xdp_tx": "ip link set dev eth0 xdp obj "
              "/opt/mvneta/bpf/mvneta_xdp_tx.bpf.o sec xdp",
    # eth0 -> eth1 through a devmap (eth1 has no cable: frames vanish)
    "xdp_redirect": "ip link set eth1 up && "
                    "bpftool prog loadall /opt/mvneta/bpf/mvneta_xdp_redirect.bpf.o "
                    + REDIRECT_PIN + " pinmaps " + REDIRECT_PIN + "/maps && "
                    "bpftool map update pinned " + REDIRECT_PIN + "/maps/tx_port "
                    "key 0 0 0 0 value $(cat /sys/class/net/eth1/ifindex) 0 0 0 && "
                    "bpftool net attach xdp pinned " + REDIRECT_PIN +
                    "/xdp_redirect_devmap dev eth0",
    # into the stack, which drops them (not for us)
    "xdp_pass": "ip link set dev eth0 xdp obj "
                "/opt/mvneta/bpf/mvneta_xdp_pass.bpf.o sec xdp",
    # no program: a tc ingress rule drops them
    "tc_drop": "tc qdisc add dev eth0 clsact && "
               "tc filter add dev eth0 ingress matchall action drop",
}
TEARDOWN = ("ip link set dev eth0 xdp off 2>/dev/null; "
            "tc qdisc del dev eth0 clsact 2>/dev/null; "
            "rm -rf " + REDIRECT_PIN + "; true")
KERNEL_VA = 0xffff000000000000     # arm64: kernel addresses from here


def log(msg):
    print(time.strftime("[%H:%M:%S] ") + msg, file=sys.stderr, flush=True)


class Plugin:
    def __init__(self, path):
        self.sock = connect(path)
        self.f = self.sock.makefile("rw")

    def cmd(self, c):
        self.f.write(c + "\n")
        self.f.flush()
        return self.f.readline().split()


def wait_console(path, marker, proc, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("board stopped before '%s'" % marker)
        try:
            with open(path, "rb") as f:
                if marker.encode() in f.read():
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("no '%s' on the console" % marker)


def delivered(qmp):
    return qmp.call("qom-get", path="/machine/eth0",
                    property="stat-rx-delivered")


def window(run, qmp, plugin, trafgen, mac, frames, settle):
    d0 = delivered(qmp)
    plugin.cmd("start")
    gen = subprocess.Popen([trafgen, "-s", os.path.join(run, "wire0"),
                            "-d", mac, "-n", str(frames), "-l", "64",
                            "-t", "1"], stdout=subprocess.PIPE)
    deadline = time.monotonic() + 600
    while delivered(qmp) - d0 < frames:
        if time.monotonic() > deadline:
            raise RuntimeError("frames never reached the ring")
        time.sleep(0.02)
    time.sleep(settle)
    counts = plugin.cmd("stop")
    gen.wait()
    got = delivered(qmp) - d0
    if got != frames:
        raise RuntimeError("%d frames delivered, %d sent" % (got, frames))
    return int(counts[0]) / frames


def bench_driver(driver, scenarios, args):
    run = tempfile.mkdtemp(prefix="mvneta-bench.")
    plugin_sock = os.path.join(run, "insn")
    job = ["sysctl -qw net.ipv6.conf.all.disable_ipv6=1 "
           "net.ipv6.conf.default.disable_ipv6=1",
           "ip link set eth0 up", "sleep 1"]
    for s in scenarios:
        job += [SCENARIOS[s], "echo BENCH-READY-%s" % s,
                "emu-ctl wait-file done-%s" % s, TEARDOWN]
    if args.profile:
        job += ["echo KALLSYMS-BEGIN",
                "awk '$2 ~ /^[tT]$/' /proc/kallsyms",
                "echo KALLSYMS-END"]
    env = dict(os.environ, DRIVER=driver, TOPO="host", RUN=run,
               VM_TIMEOUT=str(args.timeout),
               QEMU_EXTRA="-accel tcg,thread=single "
               "-plugin %s,sock=%s -qmp unix:%s,server=on,wait=off"
               % (args.plugin, plugin_sock, os.path.join(run, "qmp2")))
    proc = subprocess.Popen([os.path.join(EMU, "scripts", "vm.sh"),
                             "\n".join(job)], env=env,
                            stdout=subprocess.DEVNULL)
    results = {}
    try:
        console = os.path.join(run, "console.log")
        wait_console(console, "BENCH-READY-" + scenarios[0], proc)
        qmp = Qmp(os.path.join(run, "qmp2"))
        plugin = Plugin(plugin_sock)
        mac = "52:54:00:37:20:10"
        for s in scenarios:
            wait_console(console, "BENCH-READY-" + s, proc)
            window(run, qmp, plugin, args.trafgen, mac, args.warmup,
                   args.settle)
            runs = [window(run, qmp, plugin, args.trafgen, mac, args.frames,
                           args.settle) for _ in range(args.runs)]
            results[s] = runs
            if args.profile:
                os.makedirs(args.profile, exist_ok=True)
                plugin.cmd("dump " + os.path.join(
                    os.path.abspath(args.profile), "%s-%s.prof" % (driver, s)))
            log("%s %s: %s" % (driver, s, " ".join("%.1f" % r for r in runs)))
            open(os.path.join(run, "done-" + s), "w").close()
        proc.wait(timeout=120)
        if args.profile:
            write_profiles(args, driver, scenarios, console)
    finally:
        if proc.poll() is None:
            proc.kill()
    return results


def read_kallsyms(console):
    syms, inside = [], False
    with open(console, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line == "KALLSYMS-BEGIN":
                inside = True
            elif line == "KALLSYMS-END":
                break
            elif inside:
                w = line.split()
                if len(w) >= 3:
                    name = w[2] + (" " + w[3] if len(w) > 3 else "")
                    syms.append((int(w[0], 16), name))
    syms.sort()
    return syms


def write_profiles(args, driver, scenarios, console):
    """Per scenario: guest instructions per packet by kernel function."""
    syms = read_kallsyms(console)
    addrs = [a for a, _ in syms]
    for s in scenarios:
        prof = os.path.join(args.profile, "%s-%s.prof" % (driver, s))
        per = {}
        with open(prof) as f:
            for line in f:
                pc, n = line.split()
                pc, n = int(pc, 16), int(n)
                i = bisect.bisect_right(addrs, pc) - 1
                if pc < KERNEL_VA:
                    name = "(user space)"
                else:
                    name = syms[i][1] if i >= 0 else "(unknown)"
                per[name] = per.get(name, 0) + n
        total = sum(per.values())
        out = os.path.join(args.profile, "%s-%s.txt" % (driver, s))
        with open(out, "w") as f:
            f.write("# %s %s: guest instructions per packet by function "
                    "(last window, %d frames)\n" % (driver, s, args.frames))
            for name, n in sorted(per.items(), key=lambda x: -x[1]):
                f.write("%8.1f %5.1f%% %s\n" % (n / args.frames,
                                                n * 100.0 / total, name))
        log("profile: " + out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--drivers", default="upstream")
    ap.add_argument("--scenarios",
                    default="xdp_drop,xdp_tx,xdp_redirect,xdp_pass,tc_drop")
    ap.add_argument("--frames", type=int, default=300000)
    ap.add_argument("--warmup", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--settle", type=float, default=0.1)
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--trafgen", required=True)
    ap.add_argument("--profile", help="write per-function profiles here")
    args = ap.parse_args()
    drivers = args.drivers.split()
    scenarios = args.scenarios.split(",")
    for s in scenarios:
        if s not in SCENARIOS:
            sys.exit("unknown scenario " + s)

    res = {d: bench_driver(d, scenarios, args) for d in drivers}
    print("# guest instructions per packet, %d x %d frames of 64 bytes"
          % (args.runs, args.frames))
    if len(drivers) == 1:
        print("# scenario insns/pkt " + " ".join(
            "run%d" % (i + 1) for i in range(args.runs)) + " +-%")
        for s in scenarios:
            r = res[drivers[0]][s]
            mean = sum(r) / len(r)
            spread = max(abs(x - mean) for x in r) / mean * 100
            print("%s %.1f %s %.2f" % (s, mean, " ".join("%.1f" % x for x in r),
                                       spread))
    else:
        print("# scenario " + " ".join(drivers) + " %s/%s" %
              (drivers[-1], drivers[0]) + " " +
              " ".join("+-%%(%s)" % d for d in drivers))
        for s in scenarios:
            means = [sum(res[d][s]) / len(res[d][s]) for d in drivers]
            spreads = [max(abs(x - m) for x in res[d][s]) / m * 100
                       for d, m in zip(drivers, means)]
            print("%s %s %.2f %s" % (s, " ".join("%.1f" % m for m in means),
                                      means[-1] / means[0],
                                      " ".join("%.2f" % x for x in spreads)))


if __name__ == "__main__":
    main()
