/**
 * The .sqltest format (DataFusion's .slt idea): SQL in, rows out.
 *
 *   === case name
 *   --- dialect: spark            (optional; default flink)
 *   --- ordered                   (optional; compare rows in order, else as a multiset)
 *   --- file: orders.json         (optional, repeatable: the lines up to the next --- are the file)
 *   {"id": 1}
 *   --- sql
 *   CREATE TABLE ...; SELECT ...;
 *   ----
 *   {"expected": "ndjson line"}   or   error <line>:<col> <message substring>
 */
export interface SqlTestCase {
  readonly name: string;
  readonly line: number;
  readonly dialect: 'flink' | 'spark';
  readonly ordered: boolean;
  readonly files: ReadonlyMap<string, string>;
  readonly sql: string;
  readonly expected: { kind: 'rows'; lines: string[] } | { kind: 'error'; line: number; column: number; message: string };
}

export function parseSqlTestFile(text: string, fileName: string): SqlTestCase[] {
  const cases: SqlTestCase[] = [];
  const lines = text.split('\n');
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${fileName}:${i + 1}: ${msg}`);
  };
  while (i < lines.length) {
    if (!lines[i].startsWith('=== ')) {
      if (lines[i].trim() !== '' && !lines[i].startsWith('#')) fail(`expected '=== case name', got '${lines[i]}'`);
      i++;
      continue;
    }
    const name = lines[i].slice(4).trim();
    const start = i + 1;
    i++;
    let dialect: 'flink' | 'spark' = 'flink';
    let ordered = false;
    const files = new Map<string, string>();
    let sql: string | undefined;
    while (i < lines.length && lines[i].startsWith('--- ')) {
      const header = lines[i].slice(4).trim();
      i++;
      const body: string[] = [];
      while (i < lines.length && !lines[i].startsWith('--- ') && lines[i] !== '----' && !lines[i].startsWith('=== ')) body.push(lines[i++]);
      if (header.startsWith('dialect:')) dialect = header.slice(8).trim() as 'flink' | 'spark';
      else if (header === 'ordered') ordered = true;
      else if (header.startsWith('file:')) files.set(header.slice(5).trim(), body.join('\n') + '\n');
      else if (header === 'sql') sql = body.join('\n');
      else fail(`unknown section '--- ${header}'`);
    }
    if (sql === undefined) fail(`case '${name}' has no '--- sql' section`);
    if (lines[i] !== '----') fail(`case '${name}': expected '----' before the expected output`);
    i++;
    const out: string[] = [];
    while (i < lines.length && !lines[i].startsWith('=== ')) out.push(lines[i++]);
    while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
    const err = out.length === 1 ? /^error (\d+):(\d+) (.*)$/.exec(out[0]) : null;
    const expected = err
      ? ({ kind: 'error', line: Number(err[1]), column: Number(err[2]), message: err[3] } as const)
      : ({ kind: 'rows', lines: out.filter((l) => l.trim() !== '') } as const);
    cases.push({ name, line: start, dialect, ordered, files, sql: sql!, expected });
  }
  return cases;
}
