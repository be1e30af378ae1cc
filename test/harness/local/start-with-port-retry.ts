import { freePort } from './free-port';

const ADDRESS_IN_USE = /address already in use|EADDRINUSE|Can't start server: Bind/i;

/**
 * Runs `start` on a free port, trying a new port when the service lost the race for it to
 * another process (the port is only known free at the moment freePort() checked).
 */
export async function startWithPortRetry<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= attempts || !ADDRESS_IN_USE.test(String(error))) throw error;
    }
  }
}
