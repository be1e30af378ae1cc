import { ConfigError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe(loadConfig.name, () => {
  it('builds the config from the environment with defaults', () => {
    const config = loadConfig({
      MYSQL_URL: 'mysql://u:p@db:3306/sluice',
      REDIS_URL: 'redis://cache:6379/2',
      KAFKA_BROKERS: 'k1:9092,k2:9092',
    });
    expect(config).toMatchObject({
      http: { port: 8082 },
      redis: { url: 'redis://cache:6379/2' },
      kafka: { brokers: ['k1:9092', 'k2:9092'] },
      queues: { prefix: 'sluice-batch', taskConcurrency: 1 },
      runs: { attempts: 3, maxConcurrentPerJob: 1 },
      board: { path: '/board' },
      logLevel: 'log',
    });
    expect(Object.isFrozen(config.runs)).toBe(true);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ REDIS_URL: 'localhost:6379', BATCH_QUEUE_PREFIX: 'a:b', BATCH_TASK_CONCURRENCY: 'two' });
      expect.fail('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).details.map((d) => d.pointer)).toEqual([
        'MYSQL_URL',
        'REDIS_URL',
        'BATCH_QUEUE_PREFIX',
        'BATCH_TASK_CONCURRENCY',
      ]);
    }
  });
});
