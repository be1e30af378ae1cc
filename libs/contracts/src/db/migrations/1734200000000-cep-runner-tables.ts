import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Checkpoint tables of the CEP runner (head, offsets, rule state) and the standard alerts table. */
export class CepRunnerTables1734200000000 implements MigrationInterface {
  name = 'CepRunnerTables1734200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE sluice_cep_checkpoints (
         group_id VARCHAR(200) NOT NULL,
         epoch BIGINT NOT NULL,
         owner VARCHAR(200) NOT NULL,
         checkpoint_id BIGINT NOT NULL DEFAULT 0,
         claimed_at DATETIME(3) NOT NULL,
         committed_at DATETIME(3) NULL,
         PRIMARY KEY (group_id)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    await runner.query(
      `CREATE TABLE sluice_cep_offsets (
         group_id VARCHAR(200) NOT NULL,
         topic VARCHAR(249) NOT NULL,
         partition_id INT NOT NULL,
         next_offset BIGINT NOT NULL,
         dedup_from_offset BIGINT NOT NULL,
         dedup_clock_ms BIGINT NOT NULL,
         PRIMARY KEY (group_id, topic, partition_id)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    await runner.query(
      `CREATE TABLE sluice_cep_rule_states (
         group_id VARCHAR(200) NOT NULL,
         rule_id VARCHAR(128) NOT NULL,
         rule_version INT NOT NULL,
         state LONGBLOB NOT NULL,
         checkpoint_id BIGINT NOT NULL,
         PRIMARY KEY (group_id, rule_id)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    await runner.query(
      `CREATE TABLE sluice_alerts (
         id CHAR(40) NOT NULL,
         rule_id VARCHAR(128) NOT NULL,
         alert_type VARCHAR(128) NOT NULL,
         alert_key VARCHAR(255) NULL,
         event_time DATETIME(3) NULL,
         window_start DATETIME(3) NULL,
         window_end DATETIME(3) NULL,
         payload MEDIUMTEXT NOT NULL,
         created_at DATETIME(3) NOT NULL,
         PRIMARY KEY (id),
         KEY ix_alerts_rule_time (rule_id, event_time),
         KEY ix_alerts_time (event_time)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sluice_alerts');
    await runner.query('DROP TABLE sluice_cep_rule_states');
    await runner.query('DROP TABLE sluice_cep_offsets');
    await runner.query('DROP TABLE sluice_cep_checkpoints');
  }
}
