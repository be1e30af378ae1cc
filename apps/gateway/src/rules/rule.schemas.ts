import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
/** Body of PUT /v1/rules/{id}: also its OpenAPI schema (see compileBodyValidator). */
export const RULE_BODY_SCHEMA = {
  type: 'object',
  required: ['sql'],
  additionalProperties: false,
  properties: {
    sql: {
      type: 'string',
      minLength: 1,
      maxLength: 1_000_000,
      description: 'Flink SQL script, statements separated by ;',
    },
    enabled: { type: 'boolean', default: true },
  },
  example: {
    sql: 'INSERT INTO big_orders SELECT orderId, customerId, amount FROM orders WHERE amount > 1000',
    enabled: true,
  },
} satisfies SchemaObject;

export interface RuleBody {
  readonly sql: string;
  readonly enabled?: boolean;
}

export const RULE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    sql: { type: 'string' },
    enabled: { type: 'boolean' },
    version: {
      type: 'integer',
      description: '1 on creation, +1 on every change; the CEP runner reloads on change',
    },
    status: { type: 'string', enum: ['pending', 'running', 'failed', 'stopped'] },
    statusDetail: { type: 'string', nullable: true },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} satisfies SchemaObject;

export const RULE_LIST_SCHEMA = {
  type: 'object',
  properties: { rules: { type: 'array', items: RULE_SCHEMA } },
} satisfies SchemaObject;
