#!/usr/bin/env bash
# `npm run demo`: installs what is missing, builds, starts MySQL/Redis/Kafka locally (or uses
# MYSQL_URL/REDIS_URL/KAFKA_BROKERS), then runs the pipeline on the sample data and prints results.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/setup.sh
npm run --silent build

sluice() { node dist/apps/cli/src/main.js "$@"; }

echo "== 1. Batch report with the embedded engine: sluice run samples/daily-report.sql --dialect spark"
sluice run samples/daily-report.sql --dialect spark

echo
echo "== 2. Streaming rules over the same events: sluice run samples/streaming-report.sql"
echo "   (6-hour tumbling windows per product, then orders not paid within 10 minutes via an interval join)"
sluice run samples/streaming-report.sql

echo
echo "== 3. Streaming pipeline: sample events -> Kafka -> consumer -> MySQL"
started_here=0
if [ -z "${MYSQL_URL:-}" ] || [ -z "${KAFKA_BROKERS:-}" ]; then
  sluice services up --topics sluice.orders:4
  started_here=1
  trap 'sluice services down' EXIT
  eval "$(sluice services env)"
fi
sluice demo-pipeline --events samples/orders.ndjson --stream orders --topic sluice.orders --key customerId --time ts
if [ "$started_here" = 1 ]; then echo "(stopping the local services)"; fi
