#!/usr/bin/env python3
"""Host agent of the emulated board.

Reads one-line requests that the guest writes to its virtio-serial port
(the "mvneta.ctl" chardev socket) and carries them out over QMP:

    qom-set <device> <property> <value>   e.g. qom-set eth0 inject-rx-crc-errors 3
    qom-get <device> <property>
    set_link <netdev> on|off
    wait-file <name>                      answers once <run dir>/<name> exists

Answers "ok [value]" or "err <reason>" on the same port.
"""

import json
import os
import socket
import sys
import time


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
        self.sock.sendall(json.dumps({"execute": cmd,
                                      "arguments": args}).encode() + b"\n")
        while True:
            msg = self._recv()
            if "return" in msg:
                return msg["return"]
            if "error" in msg:
                raise RuntimeError(msg["error"].get("desc", "QMP error"))


def handle(qmp, run, words):
    if len(words) == 4 and words[0] == "qom-set":
        value = int(words[3]) if words[3].lstrip("-").isdigit() else words[3]
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
            except (RuntimeError, ValueError) as e:
                answer = "err " + str(e)
            ctl.sendall(answer.strip().encode() + b"\n")


if __name__ == "__main__":
    sys.exit(main())
