import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of the gateway: API keys, rules, batch jobs and requested/executed job runs. */
export class GatewayAdminTables1733500000000 implements MigrationInterface {
  name = 'GatewayAdminTables1733500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE sluice_api_keys (
         id VARCHAR(32) NOT NULL,
         name VARCHAR(200) NOT NULL DEFAULT '',
         secret_sha256 CHAR(64) NOT NULL,
         scopes TEXT NOT NULL,
         created_at DATETIME(3) NOT NULL,
         revoked_at DATETIME(3) NULL,
         PRIMARY KEY (id)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    await runner.query(
      `CREATE TABLE sluice_rules (
         id VARCHAR(128) NOT NULL,
         sql_text MEDIUMTEXT NOT NULL,
         enabled TINYINT(1) NOT NULL DEFAULT 1,
         version INT NOT NULL,
         status VARCHAR(16) NOT NULL DEFAULT 'pending',
         status_detail TEXT NULL,
         created_at DATETIME(3) NOT NULL,
         updated_at DATETIME(3) NOT NULL,
         PRIMARY KEY (id)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    await runner.query(
      `CREATE TABLE sluice_jobs (
         id VARCHAR(128) NOT NULL,
         sql_text MEDIUMTEXT NOT NULL,
         cron VARCHAR(120) NULL,
         timezone VARCHAR(64) NOT NULL,
         parameters TEXT NOT NULL,
         enabled TINYINT(1) NOT NULL DEFAULT 1,
         version INT NOT NULL,
         created_at DATETIME(3) NOT NULL,
         updated_at DATETIME(3) NOT NULL,
         PRIMARY KEY (id)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    // Deleting a job deletes its run history with it: runs have no meaning without the job.
    await runner.query(
      `CREATE TABLE sluice_job_runs (
         id BIGINT NOT NULL AUTO_INCREMENT,
         job_id VARCHAR(128) NOT NULL,
         scheduled_for DATETIME(3) NOT NULL,
         trigger_kind VARCHAR(16) NOT NULL,
         window_start DATETIME(3) NULL,
         window_end DATETIME(3) NULL,
         parameters TEXT NOT NULL,
         job_version INT NOT NULL,
         status VARCHAR(16) NOT NULL DEFAULT 'queued',
         attempts INT NOT NULL DEFAULT 0,
         requested_by VARCHAR(64) NULL,
         requested_at DATETIME(3) NOT NULL,
         started_at DATETIME(3) NULL,
         finished_at DATETIME(3) NULL,
         error TEXT NULL,
         input_ranges TEXT NULL,
         rows_written BIGINT NULL,
         PRIMARY KEY (id),
         UNIQUE KEY uq_job_runs_job_time (job_id, scheduled_for),
         KEY ix_job_runs_status (status, requested_at),
         CONSTRAINT fk_job_runs_job FOREIGN KEY (job_id) REFERENCES sluice_jobs (id) ON DELETE CASCADE
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sluice_job_runs');
    await runner.query('DROP TABLE sluice_jobs');
    await runner.query('DROP TABLE sluice_rules');
    await runner.query('DROP TABLE sluice_api_keys');
  }
}
