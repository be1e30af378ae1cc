import { issueApiKey, type ApiKey } from '@sluice/contracts/db';
import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import type { ApiKeyRepository } from './api-key.repository';

/** In-memory keys; `isDown` makes every lookup fail as if MySQL were unreachable. */
class MemoryKeys {
  readonly rows = new Map<string, ApiKey>();
  lookups = 0;
  isDown = false;

  findById(id: string): Promise<ApiKey | null> {
    this.lookups++;
    if (this.isDown) return Promise.reject(new Error('connect ECONNREFUSED'));
    return Promise.resolve(this.rows.get(id) ?? null);
  }
}

function setup(cacheTtlMs: number) {
  const keys = new MemoryKeys();
  const config = { auth: { cacheTtlMs } } as GatewayConfig;
  const authenticator = new ApiKeyAuthenticator(config, keys as unknown as ApiKeyRepository);
  const issue = (...scopes: string[]) => {
    const issued = issueApiKey(scopes);
    keys.rows.set(issued.row.id, issued.row);
    return issued;
  };
  return { keys, authenticator, issue };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'accepted';
}

describe(ApiKeyAuthenticator.name, () => {
  it('accepts a stored key and returns its id and scopes', async () => {
    const { authenticator, issue } = setup(10_000);
    const { token, row } = issue('ingest:orders', 'admin');
    await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toEqual({
      keyId: row.id,
      scopes: ['ingest:orders', 'admin'],
    });
  });

  it('refuses missing, malformed, unknown, wrong and revoked keys with UNAUTHENTICATED', async () => {
    const { authenticator, issue } = setup(0);
    const { token, row } = issue('admin');
    const revoked = issue('admin');
    revoked.row.revokedAt = new Date();
    const wrongSecret = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const codes = await Promise.all(
      [
        undefined,
        'Basic abc',
        'Bearer',
        'Bearer sluice_short',
        `Bearer ${wrongSecret}`,
        `Bearer sluice_${'0'.repeat(16)}_${token.slice(-43)}`,
        `Bearer ${revoked.token}`,
      ].map((header) => codeOf(authenticator.authenticate(header))),
    );
    expect(codes).toEqual(Array(7).fill('UNAUTHENTICATED'));
    expect(row.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('asks MySQL once per key within the cache time, unknown keys included', async () => {
    const { keys, authenticator, issue } = setup(60_000);
    const { token } = issue('admin');
    await Promise.all([1, 2, 3].map(() => authenticator.authenticate(`Bearer ${token}`)));
    await codeOf(authenticator.authenticate(`Bearer sluice_${'1'.repeat(16)}_${token.slice(-43)}`));
    await codeOf(authenticator.authenticate(`Bearer sluice_${'1'.repeat(16)}_${token.slice(-43)}`));
    expect(keys.lookups).toBe(2);
  });

  it('keeps known keys working through a MySQL outage and refuses unknown ones with 503', async () => {
    const { keys, authenticator, issue } = setup(0);
    const { token } = issue('admin');
    await authenticator.authenticate(`Bearer ${token}`);
    keys.isDown = true;
    await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ scopes: ['admin'] });
    expect(await codeOf(authenticator.authenticate(`Bearer ${issue('admin').token}`))).toBe(
      'DATABASE_UNAVAILABLE',
    );
  });
});
