import { NotFoundException } from '@nestjs/common';
import { SluiceError, SqlSyntaxError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { BackoffError } from './backoff.error';
import { toProblem } from './problem-document';

describe(toProblem.name, () => {
  it('maps a SluiceError through the code table, with per-event errors', () => {
    const error = new SluiceError('EVENT_INVALID', '1 of 2 event(s) are invalid', {
      details: [{ index: 1, pointer: '/amount', message: 'must be number' }],
    });
    expect(toProblem(error, '/v1/streams/orders/events', 'req-1')).toEqual({
      document: {
        type: 'https://sluice.dev/problems/event-invalid',
        title: 'Invalid event',
        status: 400,
        detail: '1 of 2 event(s) are invalid',
        instance: '/v1/streams/orders/events',
        code: 'EVENT_INVALID',
        correlationId: 'req-1',
        errors: [{ index: 1, pointer: '/amount', message: 'must be number' }],
      },
      retryAfterSeconds: undefined,
      isUnexpected: false,
    });
  });

  it('adds line and column for SQL errors', () => {
    const problem = toProblem(
      new SqlSyntaxError("unexpected ')'", { line: 3, column: 27 }),
      '/v1/rules/r',
      'req-2',
    );
    expect(problem.document).toMatchObject({ status: 422, code: 'SQL_SYNTAX', line: 3, column: 27 });
  });

  it('asks for a retry after the time a backoff error carries, or after 1 s for other 429/503 codes', () => {
    expect(toProblem(new BackoffError('BROKER_UNAVAILABLE', 'down', 7), '/', 'r').retryAfterSeconds).toBe(7);
    expect(toProblem(new SluiceError('SINK_UNAVAILABLE', 'x'), '/', 'r').retryAfterSeconds).toBe(1);
  });

  it("maps framework errors by status and hides unexpected errors' messages behind the correlation id", () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'), '/x', 'r').document).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Cannot GET /x',
    });
    const fastifyError = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(toProblem(fastifyError, '/x', 'r').document).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    const unexpected = toProblem(
      new TypeError('cannot read properties of undefined (reading "secret")'),
      '/x',
      'req-9',
    );
    expect(unexpected.isUnexpected).toBe(true);
    expect(unexpected.document).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(unexpected.document.detail).not.toContain('secret');
    expect(unexpected.document.detail).toContain('req-9');
  });
});
