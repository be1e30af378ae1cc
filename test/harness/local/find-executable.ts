import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// Server binaries live in sbin on Debian, which is not on a normal user's PATH.
const EXTRA_DIRS = [
  '/usr/sbin',
  '/usr/local/sbin',
  '/sbin',
  '/usr/libexec',
  '/opt/homebrew/bin',
  '/usr/local/bin',
];

/** Full path of the first of `names` found on PATH or in the usual server directories. */
export function findExecutable(names: readonly string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}
