import { killServiceProcessSync, type ServiceProcess } from './service-process';

const tracked = new Map<number, ServiceProcess>();
let hooksInstalled = false;

function cleanupAll(): void {
  for (const service of tracked.values()) killServiceProcessSync(service);
  tracked.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupAll();
  // Our listener replaced Node's default "terminate"; restore it unless someone else (vitest) handles the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', cleanupAll);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
}

/**
 * Kills `service` and removes its directory if this process exits, or gets SIGINT, SIGTERM or
 * SIGHUP, before stop() ran: a test run must never leave a database behind.
 */
export function killOnExit(service: ServiceProcess): void {
  installHooks();
  tracked.set(service.pid, service);
}

export function forgetOnExit(service: ServiceProcess): void {
  tracked.delete(service.pid);
}
