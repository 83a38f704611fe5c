#!/bin/sh
# A stand-in for an inference server, for Wanka's example service (examples/jobs/*.yaml).
#
# Prints the environment the control plane gave it, then "serves" until it is stopped: every
# --interval seconds it reports the requests it handled (simulated; it opens no port). On SIGTERM
# it stops taking requests, finishes the ones in flight and exits 0. POSIX sh: no bash features.
#
# usage: serve.sh [--interval S]
set -eu

interval=5

fail() {
  echo "serve.sh: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || fail "$1 needs a value"
  case "$1" in
    --interval) interval=$2 ;;
    *) fail "unknown argument '$1'; allowed: --interval S" ;;
  esac
  case "$2" in
    '' | *[!0-9]* | 0) fail "$1 '$2' is not allowed: must be a whole number of seconds, 1 or more" ;;
  esac
  shift 2
done

echo "service ${WANKA_JOB_ID:-unset} attempt ${WANKA_ATTEMPT:-unset} replica task ${WANKA_TASK_ID:-unset}"
visible=$(env | grep '_VISIBLE_DEVICES=' | sort || true)
echo "${visible:-no *_VISIBLE_DEVICES variable set}"

handled=0
sleeper=""
on_term() {
  [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null || true
  echo "SIGTERM: draining after $handled requests"
  echo "stopped cleanly"
  exit 0
}
trap on_term TERM

echo "serving"
while true; do
  # In the background, so that SIGTERM is handled at once rather than after the sleep.
  sleep "$interval" &
  sleeper=$!
  wait "$sleeper"
  sleeper=""
  handled=$((handled + interval * 3))
  echo "handled $handled requests"
done
