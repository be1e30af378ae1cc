import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { BackoffError } from '../problem/backoff.error';
import { DatabaseUnavailableInterceptor } from './database-unavailable.interceptor';

function failWith(error: unknown): Promise<unknown> {
  const next: CallHandler = { handle: () => throwError(() => error) };
  return firstValueFrom(new DatabaseUnavailableInterceptor().intercept({} as ExecutionContext, next));
}

describe(DatabaseUnavailableInterceptor.name, () => {
  it('answers a MySQL outage with 503 DATABASE_UNAVAILABLE and Retry-After', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    await expect(failWith(refused)).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
    const typeormWrapped = Object.assign(new Error('query failed'), {
      driverError: { code: 'PROTOCOL_CONNECTION_LOST' },
    });
    await expect(failWith(typeormWrapped)).rejects.toBeInstanceOf(BackoffError);
  });

  it('lets every other error through unchanged', async () => {
    const syntax = Object.assign(new Error('You have an error in your SQL syntax'), {
      code: 'ER_PARSE_ERROR',
    });
    await expect(failWith(syntax)).rejects.toBe(syntax);
  });
});
