#!/bin/bash
# Guest side of the model fuzz run: the driver lets go of the ports, the
# fuzzer owns them for SECONDS, then the board must still answer.
secs=${1:-60}
rmmod mvneta 2>/dev/null
grep -q 'mem=768M' /proc/cmdline || { echo "fuzz: boot with mem=768M"; exit 1; }
/opt/mvneta/bin/neta_fuzz "$secs" || exit 1
echo "fuzz: board alive after $secs s"
