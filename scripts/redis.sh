#!/bin/sh
# Make the local Redis reachable for the RQ tests, starting it when it is installed but
# stopped (as this machine's image does). Exit 1 with the reason when it cannot.
set -u
url_host=${REDIS_HOST:-127.0.0.1}
port=${REDIS_PORT:-6379}
ping() { redis-cli -h "$url_host" -p "$port" ping 2>/dev/null | grep -q PONG; }
if ! command -v redis-cli >/dev/null 2>&1; then
    echo "redis-cli not found (install redis-server and redis-tools)" >&2
    exit 1
fi
if ! ping && command -v redis-server >/dev/null 2>&1; then
    echo "Starting Redis on $url_host:$port ..." >&2
    mkdir -p /tmp/redis-biomass
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
        --dir /tmp/redis-biomass --logfile /tmp/redis-biomass/redis.log >&2 || true
    i=0
    while [ $i -lt 20 ] && ! ping; do sleep 0.25; i=$((i + 1)); done
fi
if ! ping; then
    echo "Redis is not reachable at $url_host:$port" >&2
    exit 1
fi
