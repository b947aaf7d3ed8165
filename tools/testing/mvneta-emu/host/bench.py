#!/usr/bin/env python3
"""Per-packet costs of the NETA drivers, per scenario, across boots.

Boots the board BOOTS times per driver, interleaved (upstream, ours,
upstream, ours, ...), each time with:
  - deterministic guest time: QEMU single-threaded with
    -icount shift=0,sleep=off (one guest instruction is one nanosecond of
    virtual time, idle time is skipped), and -seed for the guest's
    randomness, so that interrupt and NAPI batching depend on guest
    instructions only, never on how loaded the host is;
  - deterministic input: the NETA model's own frame generator sends
    64-byte IPv4/UDP frames (9018 bytes for the *_9k scenarios, eth0 at
    MTU 9000 under the samples' xdp.frags programs: three RX buffers a
    frame) into eth0 from a virtual-clock timer at an exact rate,
    through the port's receive path (filter, line pacing, ring
    overruns); eth0 and eth1 send into hubs with nothing else on them
    (vm.sh TOPO=bench);
  - guest instructions counted by icount itself, exactly, from the start
    to the end of each generator run (the model's stat-gen-insns); with
    --profile the insn_window TCG plugin also says where they went.

Each boot sets eth0 up for one scenario after the other (an XDP program,
a tc rule, ...).  Per scenario: a warm-up window (discarded), then one
window at a paced rate the guest sustains without ring overruns, then
one at line rate (1 Gb/s: 1488095 frames/s of 64 bytes, 13831 of 9018;
frames that find the ring full are lost and counted).  The *_9k windows
are a tenth as long, at half the line rate when paced.  A window: the VM is paused, the
counters are read (and the plugin starts counting); the generator starts
and the VM runs until the generator has sent every frame, the driver has
given back every RX descriptor they filled and no port has a frame left
to send, at which point the model pauses the VM itself; the counters are
read again.  Per packet = delta / frames the port delivered (each of
them with all its RX descriptors given back).

Prints, for each scenario and rate, medians across boots:
    <scenario> <upstream> <ours> <ours/upstream> <spread%> ... <per-packet>
(see the header line it prints), and with one driver:
    <scenario> <insns/pkt> <spread%> <mmio-rd> <mmio-wr> <irqs> <dc-ops>
"""

import argparse
import bisect
import os
import statistics
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
    # frames back out of eth0, MAC addresses swapped (into an empty hub)
    "xdp_tx": "ip link set dev eth0 xdp obj "
              "/opt/mvneta/bpf/mvneta_xdp_tx.bpf.o sec xdp",
    # eth0 -> eth1 through a devmap (eth1's hub is empty: frames vanish)
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
# Jumbo frames: the same samples' xdp.frags programs at MTU 9000.
for _s in ("xdp_drop", "xdp_tx", "xdp_pass"):
    SCENARIOS[_s + "_9k"] = ("ip link set dev eth0 mtu 9000 && " +
                             SCENARIOS[_s].replace("sec xdp", "sec xdp.frags"))
# Bytes a frame on the wire, FCS included: 64 unless named here.
FRAME_LEN = {"xdp_drop_9k": 9018, "xdp_tx_9k": 9018, "xdp_pass_9k": 9018}
TEARDOWN = ("ip link set dev eth0 xdp off 2>/dev/null; "
            "tc qdisc del dev eth0 clsact 2>/dev/null; "
            "ip link set dev eth0 mtu 1500; "
            "rm -rf " + REDIRECT_PIN + "; true")
KERNEL_VA = 0xffff000000000000     # arm64: kernel addresses from here
LINE_PPS = 1488095                 # 64-byte frames at 1 Gb/s


def line_pps(length):
    """Frames a second at 1 Gb/s: each with 20 bytes of preamble and gap."""
    return 10 ** 9 // ((length + 20) * 8)
PORTS = ("eth0", "eth1")
PORT_STATS = ("mmio-reads", "mmio-writes", "irqs", "rx-processed",
              "rx-delivered", "rx-overruns", "rx-dropped", "tx-frames",
              "gen-sent")
# Per-packet columns after the instruction counts: (key, header name).
EXTRA = (("mmio-reads", "mmio_rd"), ("mmio-writes", "mmio_wr"),
         ("irqs", "irqs"), ("dc-ops", "dc_ops"))


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


def wait_console(path, marker, proc, timeout=600):
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


def snapshot(qmp):
    st = {}
    for p in PORTS:
        for k in PORT_STATS:
            st[p + "." + k] = qmp.call("qom-get", path="/machine/" + p,
                                       property="stat-" + k)
    st["dc-ops"] = qmp.call("qom-get", path="/machine/eth0",
                            property="stat-dc-ops")
    return st


def paused(qmp):
    return not qmp.call("query-status")["running"]


def window(qmp, plugin, frames, pps, timeout, length=64):
    """One window of @frames frames of @length bytes at @pps; returns
    per-packet figures."""
    qmp.call("stop")
    s0 = snapshot(qmp)
    if plugin:
        plugin.cmd("start")
    for prop, val in (("gen-len", length), ("gen-pps", pps),
                      ("gen-pause", True),
                      ("gen-frames", frames)):
        qmp.call("qom-set", path="/machine/eth0", property=prop, value=val)
    t0 = time.monotonic()
    qmp.call("cont")
    while not paused(qmp):
        if time.monotonic() - t0 > timeout:
            s1 = snapshot(qmp)
            raise RuntimeError("the window did not end in %d s: %s" % (
                timeout, " ".join("%s=%d" % (k, s1[k] - s0[k]) for k in s0)))
        time.sleep(0.01)
    if plugin:
        plugin.cmd("stop")
    insns = qmp.call("qom-get", path="/machine/eth0",
                     property="stat-gen-insns")
    s1 = snapshot(qmp)
    secs = time.monotonic() - t0
    qmp.call("cont")
    d = {k: s1[k] - s0[k] for k in s0}
    n = d["eth0.rx-delivered"]
    if d["eth0.gen-sent"] != frames or not n or \
            d["eth0.rx-processed"] < n:
        raise RuntimeError("window: %d frames sent of %d, %d delivered, "
                           "%d descriptors processed"
                           % (d["eth0.gen-sent"], frames, n,
                              d["eth0.rx-processed"]))
    r = {"insns": insns / n, "frames": n, "secs": secs,
         "overruns": d["eth0.rx-overruns"],
         "tx": d["eth0.tx-frames"] + d["eth1.tx-frames"],
         "dc-ops": d["dc-ops"] / n}
    for k in ("mmio-reads", "mmio-writes", "irqs"):
        r[k] = sum(d[p + "." + k] for p in PORTS) / n
    return r


def bench_boot(driver, boot, scenarios, rates, args):
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
    extra = ("-accel tcg,thread=single -icount shift=0,sleep=off -seed 1 "
             "-qmp unix:%s,server=on,wait=off" % os.path.join(run, "qmp2"))
    if args.profile:
        extra += " -plugin %s,sock=%s" % (args.plugin, plugin_sock)
    env = dict(os.environ, DRIVER=driver, TOPO="bench", RUN=run,
               VM_TIMEOUT=str(args.timeout), QEMU_EXTRA=extra)
    t0 = time.monotonic()
    proc = subprocess.Popen([os.path.join(EMU, "scripts", "vm.sh"),
                             "\n".join(job)], env=env,
                            stdout=subprocess.DEVNULL)
    results = {}
    try:
        console = os.path.join(run, "console.log")
        wait_console(console, "BENCH-READY-" + scenarios[0], proc)
        log("%s boot %d: up in %.0f s" % (driver, boot,
                                          time.monotonic() - t0))
        qmp = Qmp(os.path.join(run, "qmp2"))
        plugin = Plugin(plugin_sock) if args.profile else None
        for s in scenarios:
            wait_console(console, "BENCH-READY-" + s, proc)
            length = FRAME_LEN.get(s, 64)
            line = line_pps(length)
            frames, warmup = args.frames, args.warmup
            if length > 64:
                frames, warmup = frames // 10, warmup // 10
            known = {"paced": min(args.paced_pps, line // 2), "line": line}
            window(qmp, plugin, warmup, known["paced"], args.timeout, length)
            for rate, pps in rates:
                pps = known.get(rate, pps)
                r = window(qmp, plugin, frames, pps, args.timeout, length)
                results[s + "@" + rate] = r
                if rate == "paced" and r["overruns"]:
                    log("warning: %s %s: %d overruns at the paced rate"
                        % (driver, s, r["overruns"]))
                log("%s boot %d %s@%s: %.1f insns/pkt, %d frames, "
                    "%d overruns, %d sent, %.1f s"
                    % (driver, boot, s, rate, r["insns"], r["frames"],
                       r["overruns"], r["tx"], r["secs"]))
            if args.profile:
                os.makedirs(args.profile, exist_ok=True)
                plugin.cmd("dump " + os.path.join(
                    os.path.abspath(args.profile), "%s-%s.prof" % (driver, s)))
            open(os.path.join(run, "done-" + s), "w").close()
        proc.wait(timeout=300)
        if args.profile:
            write_profiles(args, driver, scenarios, console, results)
    finally:
        if proc.poll() is None:
            proc.kill()
    log("%s boot %d: %.0f s" % (driver, boot, time.monotonic() - t0))
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


def write_profiles(args, driver, scenarios, console, results):
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
        last = [r for r in (s + "@line", s + "@paced") if r in results]
        frames = results[last[0]]["frames"] if last else args.frames
        out = os.path.join(args.profile, "%s-%s.txt" % (driver, s))
        with open(out, "w") as f:
            f.write("# %s %s: guest instructions per packet by function "
                    "(last window, %d frames processed)\n"
                    % (driver, s, frames))
            for name, n in sorted(per.items(), key=lambda x: -x[1]):
                f.write("%8.1f %5.1f%% %s\n" % (n / frames,
                                                n * 100.0 / total, name))
        log("profile: " + out)


def spread(xs):
    """(max - min) / median, in percent."""
    return (max(xs) - min(xs)) / statistics.median(xs) * 100


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--drivers", default="upstream")
    ap.add_argument("--scenarios",
                    default="xdp_drop,xdp_tx,xdp_redirect,xdp_pass,tc_drop,"
                    "xdp_drop_9k,xdp_tx_9k,xdp_pass_9k")
    ap.add_argument("--boots", type=int, default=3,
                    help="boots per driver, interleaved")
    ap.add_argument("--frames", type=int, default=100000,
                    help="frames per window")
    ap.add_argument("--warmup", type=int, default=20000,
                    help="frames of the discarded first window")
    ap.add_argument("--paced-pps", type=int, default=100000,
                    help="the paced rate, frames a second of guest time")
    ap.add_argument("--rates", default="paced,line",
                    help="paced, line or frames a second, comma-separated")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--plugin", help="the insn_window TCG plugin (profiles)")
    ap.add_argument("--profile", help="write per-function profiles here "
                    "(insn_window plugin)")
    args = ap.parse_args()
    drivers = args.drivers.split()
    scenarios = args.scenarios.split(",")
    for s in scenarios:
        if s not in SCENARIOS:
            sys.exit("unknown scenario " + s)
    known = {"paced": args.paced_pps, "line": LINE_PPS}
    rates = [(r, known[r] if r in known else int(r))
             for r in args.rates.split(",")]

    t0 = time.monotonic()
    res = {d: [] for d in drivers}
    for b in range(args.boots):
        for d in drivers:
            res[d].append(bench_boot(d, b + 1, scenarios, rates, args))
    log("bench: %d boots in %.0f s" % (args.boots * len(drivers),
                                       time.monotonic() - t0))

    rows = [s + "@" + r for s in scenarios for r, _ in rates]

    def med(d, row, k):
        return statistics.median(b[row][k] for b in res[d])

    print("# per packet, medians of %d boots per driver (interleaved), "
          "%d frames of 64 bytes per window, paced = %d/s, line = %d/s "
          "(*_9k: %d frames of 9018 bytes, paced = %d/s, line = %d/s), "
          "guest time from -icount shift=0"
          % (args.boots, args.frames, args.paced_pps, LINE_PPS,
             args.frames // 10, line_pps(9018) // 2, line_pps(9018)))
    if len(drivers) == 1:
        d = drivers[0]
        print("# scenario insns/pkt spread% " +
              " ".join(h for _, h in EXTRA))
        for row in rows:
            print("%s %.1f %.2f %s" % (
                row, med(d, row, "insns"),
                spread([b[row]["insns"] for b in res[d]]),
                " ".join("%.3f" % med(d, row, k) for k, _ in EXTRA)))
        return
    a, z = drivers[0], drivers[-1]
    print("# scenario %s %s %s/%s (guest instructions per packet) "
          "spread%%(%s) spread%%(%s) (max-min)/median across boots; "
          "then per packet, %s and %s: %s"
          % (a, z, z, a, a, z, a, z,
             ", ".join(h + " (" + {"mmio_rd": "MMIO reads, both ports",
                                   "mmio_wr": "MMIO writes, both ports",
                                   "irqs": "IRQ line raises, both ports",
                                   "dc_ops": "DC cache-line maintenance "
                                             "ops"}[h] + ")"
                       for _, h in EXTRA)))
    print("# scenario %s %s ratio sp(%s) sp(%s) %s" % (
        a, z, a, z, " ".join("%s(%s) %s(%s)" % (h, a, h, z)
                             for _, h in EXTRA)))
    for row in rows:
        ma, mz = med(a, row, "insns"), med(z, row, "insns")
        print("%s %.1f %.1f %.2f %.2f %.2f %s" % (
            row, ma, mz, mz / ma,
            spread([b[row]["insns"] for b in res[a]]),
            spread([b[row]["insns"] for b in res[z]]),
            " ".join("%.3f %.3f" % (med(a, row, k), med(z, row, k))
                     for k, _ in EXTRA)))


if __name__ == "__main__":
    main()
