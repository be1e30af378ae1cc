import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonTextColumn } from './json-text-column';

/**
 * An API key of the gateway. Only the SHA-256 of the secret part is stored: keys are 256-bit
 * random tokens, so a fast hash is enough (there is nothing to brute-force, unlike passwords),
 * and it keeps per-request verification cheap. The key id is public: it only locates the row.
 */
@Entity({ name: 'sluice_api_keys' })
export class ApiKey {
  /** Public key id, the middle part of `sluice_<id>_<secret>`. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  /** Free text so operators know whose key it is; never used for authorization. */
  @Column({ type: 'varchar', length: 200, default: '' })
  name!: string;

  /** Lower-case hex SHA-256 of the secret part. */
  @Column({ name: 'secret_sha256', type: 'char', length: 64 })
  secretSha256!: string;

  /** `ingest:<stream>`, `ingest:*`, `admin` (see api-key-token.ts). */
  @Column({ type: 'text', transformer: jsonTextColumn<string[]>() })
  scopes!: string[];

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** Set instead of deleting the row, so audits can still name the key. */
  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
