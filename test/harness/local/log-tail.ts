import { readFileSync } from 'node:fs';

/** The last lines of a service's log, to put in an error when the service fails to start. */
export function logTail(file: string, lines = 20): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
