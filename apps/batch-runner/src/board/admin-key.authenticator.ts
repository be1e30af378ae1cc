import { Inject, Injectable } from '@nestjs/common';
import { ApiKey, hashApiKeySecret, parseApiKeyToken } from '@sluice/contracts/db';
import { timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, DATA_SOURCE } from '../app-tokens';
import type { BatchRunnerConfig } from '../config';

interface CachedKey {
  readonly digest: Buffer | null;
  readonly isAdmin: boolean;
  readonly loadedAtMs: number;
}

const DUMMY_DIGEST = Buffer.alloc(32);
const MAX_CACHED_KEYS = 1_000;

/**
 * Checks an admin API key (the gateway's keys: `sluice_<id>_<secret>`, SHA-256 of the secret in
 * sluice_api_keys, scope `admin`) for Bull Board. Browsers cannot send a bearer token to a page,
 * so HTTP Basic with the key as password is accepted too. Keys are cached briefly; the digest
 * comparison is constant-time and an unknown id costs the same comparison.
 */
@Injectable()
export class AdminKeyAuthenticator {
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: BatchRunnerConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async isAdmin(authorization: string | undefined): Promise<boolean> {
    const token = tokenOf(authorization);
    const parsed = token ? parseApiKeyToken(token) : undefined;
    if (!parsed) return false;
    const key = await this.lookup(parsed.id);
    const presented = Buffer.from(hashApiKeySecret(parsed.secret), 'hex');
    const isMatch = timingSafeEqual(presented, key.digest ?? DUMMY_DIGEST);
    return isMatch && key.digest !== null && key.isAdmin;
  }

  private async lookup(id: string): Promise<CachedKey> {
    const cached = this.cache.get(id);
    if (cached && Date.now() - cached.loadedAtMs < this.config.board.authCacheTtlMs) return cached;
    const row = await this.dataSource.getRepository(ApiKey).findOneBy({ id });
    const entry: CachedKey = {
      digest: row && row.revokedAt === null ? Buffer.from(row.secretSha256, 'hex') : null,
      isAdmin: row?.scopes.includes('admin') ?? false,
      loadedAtMs: Date.now(),
    };
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
    this.cache.set(id, entry);
    return entry;
  }
}

/** `Bearer <key>`, or `Basic base64(<anything>:<key>)`. */
function tokenOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}
