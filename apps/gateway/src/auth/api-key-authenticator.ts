import { Inject, Injectable, Logger } from '@nestjs/common';
import { SluiceError } from '@sluice/contracts';
import { parseApiKeyToken, type ApiKey } from '@sluice/contracts/db';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../app-tokens';
import type { GatewayConfig } from '../config';
import { BackoffError } from '../problem/backoff.error';
import { ApiKeyRepository } from './api-key.repository';
import type { Principal } from './principal';

interface CachedKey {
  /** null: no such key (cached too, so unknown ids do not hit MySQL on every request). */
  readonly key: {
    readonly digest: Buffer;
    readonly scopes: readonly string[];
    readonly isRevoked: boolean;
  } | null;
  readonly loadedAtMs: number;
}

/** A stale entry may stand in while MySQL is down, for this long, so ingestion rides out blips. */
const MAX_STALE_MS = 5 * 60_000;
const MAX_CACHED_KEYS = 10_000;
const DUMMY_DIGEST = Buffer.alloc(32);

/**
 * Checks `Authorization: Bearer sluice_<id>_<secret>`. Keys are cached for GATEWAY_AUTH_CACHE_TTL_MS
 * so ingestion does not query MySQL per request (a revoked key stops working within that time).
 * The secret is compared as SHA-256 digests with timingSafeEqual, and an unknown id costs the
 * same comparison, so response time says nothing about how close a guess was.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly cache = new Map<string, CachedKey>();
  private readonly loading = new Map<string, Promise<CachedKey>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly repository: ApiKeyRepository,
  ) {}

  /** Throws UNAUTHENTICATED (401) for a missing, malformed, unknown, wrong or revoked key. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticated('missing Authorization: Bearer <api key> header');
    const parsed = parseApiKeyToken(token);
    if (!parsed) throw unauthenticated('malformed API key');
    const cached = await this.lookup(parsed.id);
    // Same digest as hashApiKeySecret, kept binary: this runs on every request.
    const presented = createHash('sha256').update(parsed.secret, 'utf8').digest();
    const isMatch = timingSafeEqual(presented, cached.key?.digest ?? DUMMY_DIGEST);
    if (!cached.key || !isMatch) throw unauthenticated('unknown or wrong API key');
    if (cached.key.isRevoked) throw unauthenticated('this API key was revoked');
    return { keyId: parsed.id, scopes: cached.key.scopes };
  }

  private async lookup(id: string): Promise<CachedKey> {
    const cached = this.cache.get(id);
    if (cached && Date.now() - cached.loadedAtMs < this.config.auth.cacheTtlMs) return cached;
    let loading = this.loading.get(id);
    if (!loading) {
      loading = this.load(id, cached).finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  private async load(id: string, stale: CachedKey | undefined): Promise<CachedKey> {
    let row: ApiKey | null;
    try {
      row = await this.repository.findById(id);
    } catch (error) {
      if (stale && Date.now() - stale.loadedAtMs < MAX_STALE_MS) {
        this.logger.warn({
          keyId: id,
          msg: `MySQL unavailable, using the cached API key: ${(error as Error).message}`,
        });
        return stale;
      }
      throw new BackoffError('DATABASE_UNAVAILABLE', 'cannot check the API key: MySQL is unavailable', 5, {
        cause: error,
      });
    }
    const entry: CachedKey = {
      key: row && {
        digest: Buffer.from(row.secretSha256, 'hex'),
        scopes: row.scopes,
        isRevoked: row.revokedAt !== null,
      },
      loadedAtMs: Date.now(),
    };
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear(); // bounded: random ids cannot grow it forever
    this.cache.set(id, entry);
    return entry;
  }
}

function unauthenticated(message: string): SluiceError {
  return new SluiceError('UNAUTHENTICATED', message);
}
