// After tsc: make the `sluice` bin executable (npm links it from package.json "bin").
import { chmodSync, existsSync } from 'node:fs';

const bin = 'dist/apps/cli/src/main.js';
if (!existsSync(bin)) {
  console.error(`build: ${bin} is missing; did tsc fail?`);
  process.exit(1);
}
chmodSync(bin, 0o755);
