import { spawn } from 'node:child_process';
import { atExit, cancelAtExit } from './exit-cleanup';
import type { ServiceProcess } from './service-process';

// POSIX sh, so it costs a few hundred KiB rather than another Node process.
const SCRIPT = `
parent=$1; shift
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
for target in "$@"; do
  case "$target" in
    pid:*) kill -9 "\${target#pid:}" 2>/dev/null ;;
    dir:*) rm -rf "\${target#dir:}" ;;
  esac
done
`;

export interface OrphanWatchdog {
  stop(): void;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Exit hooks cannot run when this process is SIGKILLed (OOM killer, a CI timeout). A small
 * shell in its own process group then kills the services and removes their directories
 * within about a second of this process disappearing. stop() ends the watchdog itself.
 */
export function startOrphanWatchdog(services: readonly ServiceProcess[]): OrphanWatchdog {
  const targets = services.flatMap((service) => [`pid:${service.pid}`, `dir:${service.dir}`]);
  const child = spawn('sh', ['-c', SCRIPT, 'sluice-watchdog', String(process.pid), ...targets], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => undefined); // no sh: the exit hooks still cover the usual cases
  child.unref();
  const key = `watchdog:${child.pid}`;
  atExit(key, 'kill', () => killGroup(child.pid));
  return {
    stop: () => {
      cancelAtExit(key);
      killGroup(child.pid);
    },
  };
}
