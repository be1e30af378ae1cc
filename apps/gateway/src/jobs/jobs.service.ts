import { Injectable } from '@nestjs/common';
import { SluiceError } from '@sluice/contracts';
import type { Job } from '@sluice/contracts/db';
import { checkDefinitionId, compileBodyValidator } from '../common/body-validator';
import { RESERVED_PARAMETERS } from '../sql/script-parameters';
import { SqlValidator } from '../sql/sql-validator';
import { checkSchedule } from './cron-schedule';
import { JobRepository, type SavedJob } from './job.repository';
import { JOB_BODY_SCHEMA, type JobBody } from './job.schemas';

const parseJobBody = compileBodyValidator<JobBody>(JOB_BODY_SCHEMA);

/** Deploys batch jobs: validate body, schedule and Spark SQL, then store for the batch runner. */
@Injectable()
export class JobsService {
  constructor(
    private readonly repository: JobRepository,
    private readonly sql: SqlValidator,
  ) {}

  list(): Promise<Job[]> {
    return this.repository.list();
  }

  async get(id: string): Promise<Job> {
    checkDefinitionId('job', id);
    const job = await this.repository.find(id);
    if (!job) throw new SluiceError('NOT_FOUND', `no job '${id}'`);
    return job;
  }

  deploy(id: string, body: unknown): Promise<SavedJob> {
    checkDefinitionId('job', id);
    const { sql, cron = null, timezone = 'UTC', parameters = {}, enabled = true } = parseJobBody(body);
    checkParameterNames(parameters);
    checkSchedule(cron, timezone);
    this.sql.validateJob(sql, parameters);
    return this.repository.save(id, { sql, cron, timezone, parameters, enabled });
  }

  async delete(id: string): Promise<void> {
    checkDefinitionId('job', id);
    if (!(await this.repository.delete(id))) throw new SluiceError('NOT_FOUND', `no job '${id}'`);
  }
}

/** run_date, window_start and window_end belong to each run; a default for them would be ignored. */
export function checkParameterNames(parameters: Readonly<Record<string, string>>): void {
  const reserved = Object.keys(parameters).filter((name) => name in RESERVED_PARAMETERS);
  if (reserved.length === 0) return;
  const details = reserved.map((name) => ({
    pointer: `/parameters/${name}`,
    message: `'${name}' is set by every run and cannot be given here`,
  }));
  throw new SluiceError('REQUEST_MALFORMED', details.map((d) => d.message).join('; '), { details });
}
