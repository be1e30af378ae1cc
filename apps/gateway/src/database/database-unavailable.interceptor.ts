import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { BackoffError } from '../problem/backoff.error';

/** mysql2 / Node error codes that mean "MySQL cannot be reached right now", not "bad query". */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'POOL_CLOSED',
]);

/**
 * On admin routes, turns a MySQL outage into 503 DATABASE_UNAVAILABLE with Retry-After, so
 * clients and alerts can tell it from a bug (which stays a 500 with a correlation id).
 */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const code =
          (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
          (error as { code?: unknown }).code;
        if (typeof code === 'string' && UNREACHABLE.has(code)) {
          throw new BackoffError('DATABASE_UNAVAILABLE', `MySQL is unavailable (${code}); retry later`, 5, {
            cause: error,
          });
        }
        throw error;
      }),
    );
  }
}
