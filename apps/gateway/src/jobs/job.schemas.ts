import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
// propertyNames is JSON Schema (checked by Ajv), not OpenAPI 3.0 (Swagger UI ignores it): hence the cast.
const PARAMETERS_SCHEMA = {
  type: 'object',
  description:
    'values of ${name} placeholders in the SQL (run_date, window_start, window_end are set per run)',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  additionalProperties: { type: 'string', maxLength: 1000, pattern: '^[^\\r\\n]*$' },
} as SchemaObject;

/** Body of PUT /v1/jobs/{id}: also its OpenAPI schema. */
export const JOB_BODY_SCHEMA = {
  type: 'object',
  required: ['sql'],
  additionalProperties: false,
  properties: {
    sql: {
      type: 'string',
      minLength: 1,
      maxLength: 1_000_000,
      description: 'Spark SQL script, statements separated by ;',
    },
    cron: {
      type: 'string',
      nullable: true,
      maxLength: 120,
      description: '5 or 6 fields; null or absent: runs only when triggered',
    },
    timezone: {
      type: 'string',
      maxLength: 64,
      default: 'UTC',
      description: 'IANA time zone the cron is read in',
    },
    parameters: PARAMETERS_SCHEMA,
    enabled: { type: 'boolean', default: true },
  },
  example: {
    sql: "INSERT INTO daily_revenue SELECT to_date(ts) AS day, sum(amount) AS revenue FROM orders WHERE to_date(ts) = DATE '${run_date}' GROUP BY to_date(ts)",
    cron: '0 2 * * *',
    timezone: 'Europe/Paris',
    parameters: { min_amount: '0' },
  },
} satisfies SchemaObject;

export interface JobBody {
  readonly sql: string;
  readonly cron?: string | null;
  readonly timezone?: string;
  readonly parameters?: Record<string, string>;
  readonly enabled?: boolean;
}

export const JOB_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    sql: { type: 'string' },
    cron: { type: 'string', nullable: true },
    timezone: { type: 'string' },
    parameters: { type: 'object', additionalProperties: { type: 'string' } },
    enabled: { type: 'boolean' },
    version: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} satisfies SchemaObject;

export const JOB_LIST_SCHEMA = {
  type: 'object',
  properties: { jobs: { type: 'array', items: JOB_SCHEMA } },
} satisfies SchemaObject;

/** Body of POST /v1/jobs/{id}/runs. */
export const RUN_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description:
    'empty: run now; scheduledFor: run for that logical time; backfill: one run per cron fire time in [from, to)',
  properties: {
    scheduledFor: { type: 'string', format: 'date-time' },
    backfill: {
      type: 'object',
      required: ['from', 'to'],
      additionalProperties: false,
      properties: {
        from: { type: 'string', format: 'date-time' },
        to: { type: 'string', format: 'date-time' },
      },
    },
    parameters: PARAMETERS_SCHEMA,
  },
  example: { backfill: { from: '2024-03-01T00:00:00Z', to: '2024-03-08T00:00:00Z' } },
} satisfies SchemaObject;

export interface RunRequest {
  readonly scheduledFor?: string;
  readonly backfill?: { readonly from: string; readonly to: string };
  readonly parameters?: Record<string, string>;
}

export const JOB_RUN_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'BIGINT as a string' },
    jobId: { type: 'string' },
    scheduledFor: { type: 'string', format: 'date-time' },
    trigger: { type: 'string', enum: ['schedule', 'manual', 'backfill'] },
    windowStart: { type: 'string', format: 'date-time', nullable: true },
    windowEnd: { type: 'string', format: 'date-time', nullable: true },
    parameters: { type: 'object', additionalProperties: { type: 'string' } },
    jobVersion: { type: 'integer' },
    status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
    attempts: { type: 'integer' },
    requestedBy: { type: 'string', nullable: true },
    requestedAt: { type: 'string', format: 'date-time' },
    startedAt: { type: 'string', format: 'date-time', nullable: true },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    error: { type: 'string', nullable: true },
    rowsWritten: { type: 'integer', nullable: true },
  },
} satisfies SchemaObject;

export const JOB_RUN_LIST_SCHEMA = {
  type: 'object',
  properties: { runs: { type: 'array', items: JOB_RUN_SCHEMA } },
} satisfies SchemaObject;
