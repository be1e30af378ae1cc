import { createHash, randomBytes } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { SluiceError } from '../../errors';
import { ApiKey } from './api-key.entity';

/**
 * The API key format, shared by whoever issues keys (`sluice keys create`) and the gateway that
 * verifies them: `sluice_<id>_<secret>`, where id is 16 hex digits (public, locates the row) and
 * secret is 32 random bytes in base64url. Only SHA-256(secret) is stored.
 */
export const API_KEY_PREFIX = 'sluice_';
const TOKEN = /^sluice_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** `admin`, `ingest:*` or `ingest:<stream>` (stream names as in the stream definitions file). */
const SCOPE = /^(admin|ingest:\*|ingest:[a-z][a-z0-9_]*)$/;

export interface ParsedApiKey {
  readonly id: string;
  readonly secret: string;
}

export function parseApiKeyToken(token: string): ParsedApiKey | undefined {
  const match = TOKEN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function isValidScope(scope: string): boolean {
  return SCOPE.test(scope);
}

export interface IssuedApiKey {
  /** The whole key; shown once, never stored. */
  readonly token: string;
  readonly row: ApiKey;
}

/** Generates a key in memory; nothing is stored. Throws CONFIG_INVALID naming bad scopes. */
export function issueApiKey(scopes: readonly string[], name = '', now = new Date()): IssuedApiKey {
  const bad = scopes.filter((s) => !isValidScope(s));
  if (scopes.length === 0 || bad.length > 0) {
    const what =
      scopes.length === 0 ? 'no scope given' : `invalid scope(s) ${bad.map((s) => `'${s}'`).join(', ')}`;
    throw new SluiceError('CONFIG_INVALID', `${what}; expected admin, ingest:* or ingest:<stream>`);
  }
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const row = Object.assign(new ApiKey(), {
    id,
    name,
    secretSha256: hashApiKeySecret(secret),
    scopes: [...new Set(scopes)],
    createdAt: now,
    revokedAt: null,
  });
  return { token: `${API_KEY_PREFIX}${id}_${secret}`, row };
}

/**
 * Creates and stores a key (`sluice keys create --scope ...`). The data source must be
 * initialized and migrated. Returns the token, which exists nowhere else afterwards.
 */
export async function createApiKey(
  dataSource: DataSource,
  options: { readonly scopes: readonly string[]; readonly name?: string },
): Promise<IssuedApiKey> {
  const issued = issueApiKey(options.scopes, options.name ?? '');
  await dataSource.getRepository(ApiKey).insert(issued.row);
  return issued;
}

/** Marks a key revoked; the gateway stops accepting it once its auth cache entry expires. */
export async function revokeApiKey(dataSource: DataSource, id: string, now = new Date()): Promise<boolean> {
  const result = await dataSource
    .getRepository(ApiKey)
    .update({ id, revokedAt: IsNull() }, { revokedAt: now });
  return (result.affected ?? 0) > 0;
}
