import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '@sluice/contracts';
import { PROBLEM_CONTENT_TYPE } from './problem-document';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** OpenAPI schema of the problem documents every error answer carries. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'correlationId'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://sluice.dev/problems/event-invalid' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'the request path' },
    code: { type: 'string', enum: Object.keys(ERROR_CODES) },
    correlationId: {
      type: 'string',
      description: 'request id, also in the x-request-id header and the logs',
    },
    errors: {
      type: 'array',
      description: 'per-event or per-field problems',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer', description: 'position of the event in the request, from 0' },
          pointer: { type: 'string', description: 'JSON pointer into the event or body' },
          message: { type: 'string' },
        },
      },
    },
    line: { type: 'integer', description: 'SQL errors: 1-based line' },
    column: { type: 'integer', description: 'SQL errors: 1-based column' },
  },
} satisfies SchemaObject;

/** Documents the error answers of a route, one per code, titles taken from the code table. */
export function ApiProblemResponses(...codes: ErrorCode[]): MethodDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  return applyDecorators(
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({
        status,
        description:
          group.map((code) => `${code}: ${ERROR_CODES[code].title}`).join('; ') +
          (status === 429 || status === 503 ? ' (with a Retry-After header)' : ''),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_SCHEMA } },
      }),
    ),
  );
}
