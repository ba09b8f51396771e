#!/usr/bin/env bash
# Example `kshrink run --boot command:deploy/boot-over-ssh.sh` backend for real hardware: a
# board that runs a known-good Linux with kexec-tools and sshd, and whose serial console can be
# read from this machine (a console server, or a USB serial adapter).
#
# Contract (see bootcheck/command_boot_checker.h):
#   boot-over-ssh.sh KERNEL INITRD CONSOLE_LOG
#   KSHRINK_APPEND   kernel command line kshrink wants (add the board's console, see below)
#   KSHRINK_TIMEOUT  seconds kshrink allows; it kills this script's process group after that,
#                    or as soon as the console shows the checks' end marker or a panic
#   exit status != 0 before any console output: the board could not be reached (infra_error)
#
# Settings, from the environment:
#   KSHRINK_HOST          ssh destination of the board, e.g. root@board1
#   KSHRINK_CONSOLE_CMD   command that prints the board's serial console on stdout,
#                         e.g. "socat -u /dev/ttyUSB0,raw,b115200 -" or "console -s board1"
#   KSHRINK_BOARD_CONSOLE console= argument for the board (default ttyS0,115200)
#   KSHRINK_RESET_CMD     optional: power-cycles the board back into its known-good OS
#                         (a PDU or a relay); run before every boot
set -euo pipefail
kernel=$1
initrd=$2
console_log=$3
host=${KSHRINK_HOST:?set KSHRINK_HOST to the board, e.g. root@board1}
console_cmd=${KSHRINK_CONSOLE_CMD:?set KSHRINK_CONSOLE_CMD to a command printing the console}
append="${KSHRINK_APPEND/console=ttyS0/console=${KSHRINK_BOARD_CONSOLE:-ttyS0,115200}}"

if [ -n "${KSHRINK_RESET_CMD:-}" ]; then
  sh -c "$KSHRINK_RESET_CMD"
  for _ in $(seq 1 60); do ssh -o ConnectTimeout=5 "$host" true 2>/dev/null && break; sleep 5; done
fi

# Capture the console before the board starts the candidate, so nothing is lost.
sh -c "$console_cmd" >> "$console_log" 2>&1 &
capture=$!
trap 'kill "$capture" 2>/dev/null || true' EXIT

scp -q "$kernel" "$host:/tmp/kshrink-bzImage"
scp -q "$initrd" "$host:/tmp/kshrink-initrd"
ssh "$host" "kexec -l /tmp/kshrink-bzImage --initrd=/tmp/kshrink-initrd \
  --command-line='$append' && (sleep 1; kexec -e) > /dev/null 2>&1 &"

# kshrink ends this script when it has seen enough of the console.
wait "$capture"
