import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';

/** `sluice post --url http://127.0.0.1:8080 --key KEY --stream orders events.ndjson` (NDJSON, in batches). */
export function registerPostCommand(program: Command): void {
  program
    .command('post')
    .description('POST an NDJSON events file to the gateway in batches; prints how many were accepted')
    .argument('<file>', 'NDJSON events file')
    .requiredOption('--url <url>', 'gateway base URL')
    .requiredOption('--key <key>', 'API key with ingest scope')
    .requiredOption('--stream <stream>', 'stream name')
    .option('--batch <n>', 'events per request', '100')
    .action(async (file: string, o: { url: string; key: string; stream: string; batch: string }) => {
      const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      const size = Math.max(1, Number(o.batch));
      let accepted = 0;
      for (let i = 0; i < lines.length; i += size) {
        const response = await fetch(`${o.url}/v1/streams/${encodeURIComponent(o.stream)}/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/x-ndjson' },
          body: lines.slice(i, i + size).join('\n'),
        });
        const body = await response.text();
        if (response.status !== 202) throw new Error(`gateway answered ${response.status}: ${body}`);
        accepted += (JSON.parse(body) as { accepted: number }).accepted;
      }
      process.stdout.write(`gateway accepted ${accepted} events into stream '${o.stream}' (202 = acknowledged by Kafka)\n`);
    });
}
