#!/usr/bin/env bash
# Keep the task worker running (`make demo`): start `manage.py db_worker ARGS...`, and when it
# dies (killed, out of memory, crashed) start it again after WORKER_RESTART_DELAY seconds.
# Before each start and every RECOVER_EVERY seconds, `manage.py recover_stalled` takes back
# the work a dead worker left half done. INT or TERM (Ctrl-C) stops the worker, then the loop.
#   PY=.venv/bin/python scripts/supervise_worker.sh --no-startup-delay --interval 1
set -u
PY=${PY:-.venv/bin/python}
delay=${WORKER_RESTART_DELAY:-2}
every=${RECOVER_EVERY:-60}
worker=""

stop() {
  trap - INT TERM
  if [ -n "$worker" ]; then
    kill -TERM "$worker" 2>/dev/null
    wait "$worker" 2>/dev/null
  fi
  echo "worker supervisor: stopped" >&2
  exit 0
}
trap stop INT TERM

recover() {
  "$PY" manage.py recover_stalled || echo "worker supervisor: recover_stalled failed ($?)" >&2
}

while true; do
  recover
  "$PY" manage.py db_worker "$@" &
  worker=$!
  echo "worker supervisor: worker $worker started" >&2
  since=$SECONDS
  while kill -0 "$worker" 2>/dev/null; do
    sleep 1 &
    wait $!
    if [ $((SECONDS - since)) -ge "$every" ]; then
      recover
      since=$SECONDS
    fi
  done
  wait "$worker"
  status=$?
  worker=""
  echo "worker supervisor: worker exited with status $status; restarting in ${delay}s" >&2
  sleep "$delay" &
  wait $!
done
