#!/usr/bin/env bash
# Installs what the integration-test services need when neither external services nor a
# Docker engine are available (DESIGN.md, "Services, tests and CI"): MariaDB, Redis, and
# gcc + librdkafka-dev to build the mock Kafka broker. The test harness starts its own
# throwaway instances on free loopback ports, so the system services are never started.
#
#   bash scripts/setup.sh        # as root on Debian/Ubuntu: installs what is missing
#
# Anywhere else it prints what to install and exits 1 if something is missing.
# Idempotent: with everything present it only checks, in well under a second.
set -euo pipefail

say() { printf 'setup: %s\n' "$*"; }

if [[ -n "${MYSQL_URL:-}" && -n "${REDIS_URL:-}" && -n "${KAFKA_BROKERS:-}" ]]; then
  say "MYSQL_URL, REDIS_URL and KAFKA_BROKERS are set: tests use those services, nothing to install."
  exit 0
fi

# Same rule as test/harness/docker-engine.ts: a docker client binary proves nothing, ask the engine.
docker_engine_reachable() {
  if command -v docker >/dev/null 2>&1; then
    timeout 5 docker info >/dev/null 2>&1 && return 0
    return 1
  fi
  local socket="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  [[ "$socket" == unix://* ]] || return 1
  socket="${socket#unix://}"
  [[ -S "$socket" ]] && command -v curl >/dev/null 2>&1 &&
    curl -fsS --max-time 2 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1
}

if docker_engine_reachable; then
  say "a Docker engine is reachable: tests use Testcontainers, nothing to install."
  exit 0
fi

# Server binaries live in sbin on Debian, which is not on a normal user's PATH.
have() {
  local name
  for name in "$@"; do
    PATH="$PATH:/usr/sbin:/usr/local/sbin:/sbin" command -v "$name" >/dev/null 2>&1 && return 0
  done
  return 1
}

have_rdkafka_headers() {
  [[ -f /usr/include/librdkafka/rdkafka_mock.h || -f /usr/local/include/librdkafka/rdkafka_mock.h ]] && return 0
  command -v pkg-config >/dev/null 2>&1 && pkg-config --exists rdkafka
}

missing=()
have mariadbd mysqld && have mariadb-install-db mysql_install_db || missing+=(mariadb-server)
have redis-server || missing+=(redis-server)
have_rdkafka_headers || missing+=(librdkafka-dev)
have gcc cc || missing+=(gcc)

if [[ ${#missing[@]} -eq 0 ]]; then
  say "MariaDB, Redis, gcc and librdkafka-dev are present; nothing to do."
  exit 0
fi

is_debian() {
  [[ -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1
}

print_instructions() {
  say "missing: ${missing[*]}"
  if is_debian; then
    say "run this script as root (sudo bash scripts/setup.sh), or: sudo apt-get install -y ${missing[*]}"
  elif [[ "$(uname -s)" == Darwin ]]; then
    say "install with Homebrew: brew install mariadb redis librdkafka pkg-config (and Xcode command line tools for cc)"
  elif command -v dnf >/dev/null 2>&1; then
    say "install with: sudo dnf install -y mariadb-server redis librdkafka-devel gcc"
  else
    say "install MariaDB (mariadbd, mariadb-install-db), redis-server, the librdkafka development headers and gcc"
  fi
  say "or set MYSQL_URL, REDIS_URL and KAFKA_BROKERS, or start a Docker engine (Testcontainers)"
}

if ! is_debian || [[ "$(id -u)" -ne 0 ]]; then
  print_instructions
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# Refresh the package lists only when apt cannot see every missing package yet.
needs_update=false
for package in "${missing[@]}"; do
  candidate="$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    needs_update=true
  fi
done
if $needs_update; then
  say "apt-get update"
  apt-get update -qq
fi

# Keep the packages' postinst scripts from starting system daemons: the harness runs its own
# instances. policy-rc.d is Debian's switch for that; ours is removed again on exit.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\n# Written by sluice scripts/setup.sh while installing; removed afterwards.\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  own_policy=true
fi
cleanup() { if $own_policy; then rm -f "$policy"; fi; }
trap cleanup EXIT

say "apt-get install -y ${missing[*]}"
apt-get install -y -qq --no-install-recommends "${missing[@]}"

# On a systemd host the units are still enabled for the next boot; switch off only the ones
# this run installed, so an existing database server someone relies on is left alone.
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  for package in "${missing[@]}"; do
    case "$package" in
      mariadb-server) unit=mariadb ;;
      redis-server) unit=redis-server ;;
      *) continue ;;
    esac
    systemctl disable --now "$unit" >/dev/null 2>&1 && say "disabled the system $unit service (tests start their own)"
  done
fi

say "done; the first test run compiles the mock Kafka broker (test/harness/kafka-mock/mock-broker.c)."
