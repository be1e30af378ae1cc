import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The batch runner's incremental read positions (sluice_job_offsets). */
export class BatchRunnerOffsets1734300000000 implements MigrationInterface {
  name = 'BatchRunnerOffsets1734300000000';

  async up(runner: QueryRunner): Promise<void> {
    // Deleting a job deletes its positions: a job created again under the same id starts afresh.
    await runner.query(
      `CREATE TABLE sluice_job_offsets (
         job_id VARCHAR(128) NOT NULL,
         range_key VARCHAR(255) NOT NULL,
         next_position VARCHAR(64) NOT NULL,
         run_id BIGINT NOT NULL,
         updated_at DATETIME(3) NOT NULL,
         PRIMARY KEY (job_id, range_key),
         CONSTRAINT fk_job_offsets_job FOREIGN KEY (job_id) REFERENCES sluice_jobs (id) ON DELETE CASCADE
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sluice_job_offsets');
  }
}
