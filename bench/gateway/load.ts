import autocannon from 'autocannon';

/** One load shape: how many events each request carries and how many clients send at once. */
export interface Scenario {
  readonly name: string;
  readonly eventsPerRequest: number;
  readonly connections: number;
}

export interface Measurement {
  readonly requestsPerSecond: number;
  readonly eventsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  /** Answers other than 202, and transport errors: a run with any is not a clean measurement. */
  readonly non2xx: number;
  readonly errors: number;
}

/** Distinct request bodies (so keys spread over partitions), cycled through by the load generator. */
export function bodiesFor(scenario: Scenario): string[] {
  const count = Math.max(16, Math.ceil(1024 / scenario.eventsPerRequest));
  let n = 0;
  return Array.from({ length: count }, () => {
    const events = Array.from({ length: scenario.eventsPerRequest }, () => {
      n++;
      return {
        orderId: `o-${n}`,
        customerId: `c-${n % 997}`,
        amount: (n % 1000) / 4,
        ts: new Date(1_709_280_000_000 + n * 1000).toISOString(),
      };
    });
    return JSON.stringify(scenario.eventsPerRequest === 1 ? events[0] : events);
  });
}

/** Sends `scenario` load at `url` for `durationS` seconds and summarises what came back. */
export async function measure(
  url: string,
  scenario: Scenario,
  durationS: number,
  authorization?: string,
): Promise<Measurement> {
  const bodies = bodiesFor(scenario);
  let next = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: scenario.connections,
    duration: durationS,
    timeout: 30,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
  });
  const accepted = result.statusCodeStats['202']?.count ?? 0;
  return {
    requestsPerSecond: Math.round(accepted / result.duration),
    eventsPerSecond: Math.round((accepted * scenario.eventsPerRequest) / result.duration),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
