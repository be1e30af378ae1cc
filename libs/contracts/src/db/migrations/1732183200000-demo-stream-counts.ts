import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DemoStreamCounts1732183200000 implements MigrationInterface {
  name = 'DemoStreamCounts1732183200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE demo_stream_counts (
         stream VARCHAR(128) NOT NULL,
         event_key VARCHAR(255) NOT NULL,
         event_count BIGINT NOT NULL,
         PRIMARY KEY (stream, event_key)
       ) ENGINE=InnoDB`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE demo_stream_counts');
  }
}
