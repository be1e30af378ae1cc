import { CollectingSink } from '../exec/row-sink';
import { compileStreamingQuery } from '../session/streaming-query';
import type { StreamingJob } from '../session/streaming-job';
import type { Row, RowKind } from '../types/values';

/**
 * For specs (Flink's harness idea): DDL + one streaming query -> fresh jobs on demand, so tests
 * push rows and watermarks and read the emitted changelog.
 */
export function streamingHarness(ddl: string, query: string, dialect: 'flink' | 'spark' = 'flink') {
  const compiled = compileStreamingQuery({ ddl, query, dialect });
  return {
    plan: compiled.plan,
    start(): { job: StreamingJob; out: CollectingSink } {
      const out = new CollectingSink();
      return { job: compiled.start(out), out };
    },
  };
}

/** Output rows as comparable strings `+I[a, 1]`. */
export function changelogOf(out: { rows: Row[]; kinds: RowKind[] }): string[] {
  return out.rows.map((r, i) => `${out.kinds[i]}${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
}
