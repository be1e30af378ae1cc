import { Module } from '@nestjs/common';
import { SqlValidator } from '../sql/sql-validator';
import { JobRunRepository } from './job-run.repository';
import { JobRunsService } from './job-runs.service';
import { JobRepository } from './job.repository';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({
  providers: [JobRepository, JobRunRepository, JobsService, JobRunsService, SqlValidator],
  controllers: [JobsController],
})
export class JobsModule {}
