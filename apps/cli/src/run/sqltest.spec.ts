import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSql } from './run-script';
import { parseSqlTestFile } from './sqltest-file';

// Every libs/engine/test/sql/**/*.sqltest case runs through the same path as `sluice run`.
const ROOT = join(__dirname, '../../../../libs/engine/test/sql');
const FIXED_NOW = Date.UTC(2024, 0, 15, 10, 30, 0);

function sqltestFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sqltestFiles(path);
    return name.endsWith('.sqltest') ? [path] : [];
  });
}

/** Key order and spacing are part of the contract; numbers are compared as printed. */
function normalize(line: string): string {
  try {
    return JSON.stringify(JSON.parse(line));
  } catch {
    return line; // non-JSON output (the print connector's +I[...] lines)
  }
}

const work = mkdtempSync(join(tmpdir(), 'sluice-sqltest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

for (const file of sqltestFiles(ROOT)) {
  const rel = relative(ROOT, file);
  describe(rel, () => {
    for (const c of parseSqlTestFile(readFileSync(file, 'utf8'), rel)) {
      it(`${c.name} (line ${c.line})`, async () => {
        const dir = mkdtempSync(join(work, 'case-'));
        for (const [name, content] of c.files) writeFileSync(join(dir, name), content);
        const stdout: string[] = [];
        const stderr: string[] = [];
        const outcome = await runSql(c.sql, { file: 'case.sql', dialect: c.dialect, baseDirectory: dir, nowMs: FIXED_NOW }, {
          stdout: (l) => stdout.push(l),
          stderr: (l) => stderr.push(l),
        });
        if (c.expected.kind === 'error') {
          expect(outcome.exitCode).not.toBe(0);
          expect(stderr.join('\n')).toContain(`case.sql:${c.expected.line}:${c.expected.column}: `);
          expect(stderr.join('\n')).toContain(c.expected.message);
          return;
        }
        expect(stderr, 'stderr').toEqual([]);
        const actual = stdout.map(normalize);
        const expected = c.expected.lines.map(normalize);
        if (c.ordered) expect(actual).toEqual(expected);
        else expect([...actual].sort()).toEqual([...expected].sort());
      });
    }
  });
}
