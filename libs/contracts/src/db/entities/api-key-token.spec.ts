import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../errors';
import { hashApiKeySecret, isValidScope, issueApiKey, parseApiKeyToken } from './api-key-token';

describe(issueApiKey.name, () => {
  it('issues a token whose secret only the stored hash can confirm', () => {
    const { token, row } = issueApiKey(['ingest:orders', 'ingest:orders', 'admin'], 'billing');
    const parsed = parseApiKeyToken(token)!;
    expect(parsed.id).toBe(row.id);
    expect(row.secretSha256).toBe(hashApiKeySecret(parsed.secret));
    expect(row.secretSha256).not.toContain(parsed.secret);
    expect(row).toMatchObject({ name: 'billing', scopes: ['ingest:orders', 'admin'], revokedAt: null });
  });

  it('refuses unknown scopes, naming them', () => {
    expect(() => issueApiKey(['ingest:Orders', 'root'])).toThrow(/'ingest:Orders', 'root'/);
    expect(() => issueApiKey([])).toThrow(SluiceError);
    expect(['admin', 'ingest:*', 'ingest:orders_eu'].every(isValidScope)).toBe(true);
  });

  it('parses only well-formed tokens', () => {
    expect(parseApiKeyToken('sluice_0123456789abcdef_' + 'A'.repeat(43))).toEqual({
      id: '0123456789abcdef',
      secret: 'A'.repeat(43),
    });
    for (const bad of [
      '',
      'sluice_xyz_abc',
      'sluice_0123456789abcdef_' + 'A'.repeat(42),
      'Bearer sluice_0123456789abcdef_' + 'A'.repeat(43),
    ]) {
      expect(parseApiKeyToken(bad)).toBeUndefined();
    }
  });
});
