import { createApiKey } from '@sluice/contracts/db';
import { DATA_SOURCE } from './apps/gateway/src/app-tokens';
import { loadConfig } from './apps/gateway/src/config';
import { createGatewayApp } from './apps/gateway/src/gateway-app';
import { readStreamCatalog } from './apps/gateway/src/streams/read-stream-catalog';
async function main() {
  const config = loadConfig({ ...process.env, SLUICE_STREAMS: 'samples/streams.yaml', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' });
  const app = await createGatewayApp(config, await readStreamCatalog('samples/streams.yaml'));
  await app.init(); await app.getHttpAdapter().getInstance().ready();
  const { token } = await createApiKey(app.get(DATA_SOURCE), { scopes: ['ingest:orders'] });
  const n = Number(process.argv[2] ?? 1);
  const mk = (i: number) => ({ orderId: `o-${i}`, customerId: `c-${i % 97}`, product: 'gadget', unitPrice: '7.25', quantity: 2, ts: '2024-03-01T08:00:00Z' });
  const body = JSON.stringify(n === 1 ? mk(1) : Array.from({ length: n }, (_, i) => mk(i)));
  const fastify = app.getHttpAdapter().getInstance();
  const send = () => fastify.inject({ method: 'POST', url: '/v1/streams/orders/events', payload: body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  const run = async (requests: number) => { let done = 0; await Promise.all(Array.from({ length: 32 }, async () => { while (done < requests) { done++; const r = await send(); if (r.statusCode !== 202) throw new Error(r.body); } })); };
  await run(n === 1 ? 3000 : 60);
  const c0 = process.cpuUsage(); const R = n === 1 ? 10000 : 200;
  await run(R);
  const c = process.cpuUsage(c0);
  console.log(`${n} event(s)/request: ${((c.user + c.system) / R).toFixed(0)} µs CPU per request, ${((c.user + c.system) / R / n).toFixed(1)} µs per event`);
  await app.close();
}
main();
