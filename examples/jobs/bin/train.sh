#!/bin/sh
# A stand-in for a training process, for Wanka's example jobs (examples/jobs/*.yaml).
#
# Prints the environment the control plane gave it, runs --steps simulated steps (a sleep and a
# loss each), and every --checkpoint-every steps writes a checkpoint to $WANKA_CHECKPOINT_DIR
# (node rank 0 only; written to a temporary file, then renamed, so that a kill never leaves a torn
# one). Started again, it resumes after the latest checkpoint there. Exits 0 when done; on SIGTERM
# it writes a checkpoint and exits 143. POSIX sh: no bash features, no network.
#
# usage: train.sh [--steps N] [--step-seconds S] [--checkpoint-every K]
set -eu

steps=100
step_seconds=1
checkpoint_every=10
keep=3 # checkpoints kept; older ones are removed

fail() {
  echo "train.sh: $*" >&2
  exit 2
}

whole_number() { # name value
  case "$2" in
    '' | *[!0-9]*) fail "$1 '$2' is not allowed: must be a whole number" ;;
  esac
}

while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || fail "$1 needs a value"
  case "$1" in
    --steps) steps=$2 ;;
    --step-seconds) step_seconds=$2 ;;
    --checkpoint-every) checkpoint_every=$2 ;;
    *) fail "unknown argument '$1'; allowed: --steps N, --step-seconds S, --checkpoint-every K" ;;
  esac
  whole_number "$1" "$2"
  shift 2
done
[ "$checkpoint_every" -ge 1 ] || fail "--checkpoint-every '$checkpoint_every' is not allowed: must be 1 or more"

echo "job ${WANKA_JOB_ID:-unset} attempt ${WANKA_ATTEMPT:-unset} task ${WANKA_TASK_ID:-unset}"
for name in MASTER_ADDR MASTER_PORT WORLD_SIZE NNODES NODE_RANK NPROC_PER_NODE; do
  eval "value=\${$name:-unset}"
  echo "$name=$value"
done
visible=$(env | grep '_VISIBLE_DEVICES=' | sort || true)
echo "${visible:-no *_VISIBLE_DEVICES variable set}"

rank=${NODE_RANK:-0}
checkpoints=${WANKA_CHECKPOINT_DIR:-}
writer=false
if [ -z "$checkpoints" ]; then
  echo "no WANKA_CHECKPOINT_DIR: not checkpointing"
elif [ "$rank" = 0 ]; then
  writer=true
  mkdir -p "$checkpoints"
else
  echo "node rank $rank: node rank 0 writes the checkpoints"
fi

# The step in the latest complete checkpoint, or 0. Names are zero-padded, so the glob sorts them.
latest_step() {
  latest=""
  if [ -n "$checkpoints" ]; then
    for file in "$checkpoints"/ckpt-*; do
      [ -f "$file" ] && latest=$file
    done
  fi
  if [ -z "$latest" ]; then
    echo 0
    return
  fi
  found=$(sed -n 's/^step=//p' "$latest")
  case "$found" in
    '' | *[!0-9]*) fail "checkpoint $latest holds no step=N line" ;;
  esac
  echo "$found"
}

loss() {
  awk -v s="$1" 'BEGIN { printf "%.4f", 2 + 8 / (1 + s / 25) }'
}

save_checkpoint() { # step
  [ "$writer" = true ] || return 0
  temporary="$checkpoints/.ckpt-tmp.$$"
  printf 'step=%s\nloss=%s\n' "$1" "$(loss "$1")" >"$temporary"
  mv -f "$temporary" "$checkpoints/ckpt-$(printf '%09d' "$1")"
  echo "checkpoint at step $1"
  count=0
  for file in "$checkpoints"/ckpt-*; do
    count=$((count + 1))
  done
  for file in "$checkpoints"/ckpt-*; do
    [ "$count" -gt "$keep" ] || break
    rm -f "$file"
    count=$((count - 1))
  done
}

step=$(latest_step)
if [ "$step" -gt 0 ]; then
  echo "resuming from step $step"
fi

sleeper=""
on_term() {
  [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null || true
  echo "SIGTERM after step $step: saving a checkpoint, then stopping"
  save_checkpoint "$step"
  exit 143
}
trap on_term TERM

while [ "$step" -lt "$steps" ]; do
  if [ "$step_seconds" -gt 0 ]; then
    # In the background, so that SIGTERM is handled at once rather than after the sleep.
    sleep "$step_seconds" &
    sleeper=$!
    wait "$sleeper"
    sleeper=""
  fi
  step=$((step + 1))
  echo "step $step/$steps loss $(loss "$step")"
  if [ $((step % checkpoint_every)) -eq 0 ] || [ "$step" -eq "$steps" ]; then
    save_checkpoint "$step"
  fi
done
echo "done after $steps steps"
