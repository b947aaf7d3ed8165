#!/usr/bin/env python3
"""Host agent of the emulated board.

Reads one-line requests that the guest writes to its virtio-serial port
(the "mvneta.ctl" chardev socket) and carries them out over QMP:

    qom-set <device> <property> <value>   e.g. qom-set eth0 inject-rx-crc-errors 3
    qom-get <device> <property>
    set_link <netdev> on|off
    wait-file <name>                      answers once <run dir>/<name> exists
    on-console <regex> <request...>       answers at once; carries out the
                                          requests (separated by ";") when
                                          the guest's console
                                          next prints a line matching regex
                                          (while the guest's user space is
                                          frozen, e.g. in a suspend)
    on-console-result                     how the last on-console ended:
                                          "pending", "done", "timeout" or
                                          "err <reason>"

Answers "ok [value]" or "err <reason>" on the same port.
"""

import json
import os
import re
import socket
import sys
import threading
import time

# An on-console request gives up after this long without its line.
ON_CONSOLE_TIMEOUT = 300.0


def connect(path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Qmp:
    def __init__(self, path):
        self.sock = connect(path)
        self.buf = b""
        self.lock = threading.Lock()        # on-console threads call too
        self._recv()                        # greeting
        self.call("qmp_capabilities")

    def _recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QMP closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, cmd, **args):
        with self.lock:
            return self._call(cmd, **args)

    def _call(self, cmd, **args):
        self.sock.sendall(json.dumps({"execute": cmd,
                                      "arguments": args}).encode() + b"\n")
        while True:
            msg = self._recv()
            if "return" in msg:
                return msg["return"]
            if "error" in msg:
                raise RuntimeError(msg["error"].get("desc", "QMP error"))


class OnConsole:
    """One pending on-console request at a time."""

    def __init__(self):
        self.result = "none"


ON_CONSOLE = OnConsole()


def watch_console(qmp, run, pattern, words, start):
    """Waits for a console line matching pattern, written after start."""
    deadline = time.monotonic() + ON_CONSOLE_TIMEOUT
    rx = re.compile(pattern)
    with open(os.path.join(run, "console.log"), "rb") as f:
        f.seek(start)
        part = b""
        while time.monotonic() < deadline:
            data = f.readline()
            if not data:
                time.sleep(0.01)
                continue
            part += data
            if not part.endswith(b"\n"):
                continue
            line, part = part.decode(errors="replace"), b""
            if rx.search(line):
                try:
                    for req in " ".join(words).split(";"):
                        handle(qmp, run, req.split())
                    ON_CONSOLE.result = "done"
                except (RuntimeError, ValueError) as e:
                    ON_CONSOLE.result = "err " + str(e)
                return
    ON_CONSOLE.result = "timeout"


def handle(qmp, run, words):
    if len(words) >= 3 and words[0] == "on-console":
        re.compile(words[1])                # a bad pattern fails here
        start = os.path.getsize(os.path.join(run, "console.log"))
        ON_CONSOLE.result = "pending"
        threading.Thread(target=watch_console, daemon=True,
                         args=(qmp, run, words[1], words[2:], start)).start()
        return ""
    if words == ["on-console-result"]:
        return ON_CONSOLE.result
    if len(words) == 4 and words[0] == "qom-set":
        value = words[3]
        if value.lstrip("-").isdigit():
            value = int(value)
        elif value in ("true", "false"):
            value = value == "true"
        qmp.call("qom-set", path="/machine/" + words[1], property=words[2],
                 value=value)
        return ""
    if len(words) == 3 and words[0] == "qom-get":
        return str(qmp.call("qom-get", path="/machine/" + words[1],
                            property=words[2]))
    if len(words) == 3 and words[0] == "set_link" and words[2] in ("on", "off"):
        qmp.call("set_link", name=words[1], up=words[2] == "on")
        return ""
    if len(words) == 2 and words[0] == "wait-file" and "/" not in words[1]:
        while not os.path.exists(os.path.join(run, words[1])):
            time.sleep(0.1)
        return ""
    raise ValueError("unknown request: " + " ".join(words))


def main():
    run = sys.argv[1]
    try:
        qmp = Qmp(os.path.join(run, "qmp"))
        ctl = connect(os.path.join(run, "ctl"))
    except (OSError, EOFError):
        return 0                            # the board went away
    buf = b""
    while True:
        data = ctl.recv(4096)
        if not data:
            return 0
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            try:
                answer = "ok " + handle(qmp, run, line.decode().split())
            except (RuntimeError, ValueError, re.error, OSError) as e:
                answer = "err " + str(e)
            ctl.sendall(answer.strip().encode() + b"\n")


if __name__ == "__main__":
    sys.exit(main())
