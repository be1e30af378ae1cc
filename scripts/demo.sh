#!/usr/bin/env bash
# `npm run demo`: installs what is missing, builds, starts MySQL/Redis/Kafka locally (or uses
# MYSQL_URL/REDIS_URL/KAFKA_BROKERS), then runs the pipeline on the sample data and prints results.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || bash scripts/install-deps.sh
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
echo "== 3. REST -> Kafka -> consumer -> MySQL"
mkdir -p .sluice
gateway_pid=""
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null
  [ "${started_here:-0}" = 1 ] && sluice services down
  return 0
}
trap cleanup EXIT
started_here=0
if [ -z "${MYSQL_URL:-}" ] || [ -z "${KAFKA_BROKERS:-}" ]; then
  sluice services up --topics sluice.orders:4,sluice.payments:2
  started_here=1
  eval "$(sluice services env)"
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
SLUICE_STREAMS=samples/streams.yaml PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn node dist/apps/gateway/src/main.js > .sluice/gateway.log 2>&1 &
gateway_pid=$!
node -e '
  const url = process.argv[1];
  const deadline = Date.now() + 60000;
  (async function poll() {
    try { if ((await fetch(url)).status === 200) return; } catch {}
    if (Date.now() > deadline) { console.error("gateway not ready after 60 s; see .sluice/gateway.log"); process.exit(1); }
    setTimeout(poll, 250);
  })();' "http://127.0.0.1:$port/health/ready"
echo "gateway ready on http://127.0.0.1:$port (OpenAPI at /docs)"
key=$(sluice keys create --scope ingest:orders --name demo)
sluice post samples/orders.ndjson --url "http://127.0.0.1:$port" --key "$key" --stream orders --batch 20
sluice demo-pipeline --consume-only --events samples/orders.ndjson --stream orders --topic sluice.orders --key customerId --time ts
