import { ConfigError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactedConfig } from './config';

const BASE = { MYSQL_URL: 'mysql://sluice:secret@db:3306/sluice', KAFKA_BROKERS: 'k1:9092,k2:9092', SLUICE_STREAMS: 'streams.yaml' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).details.map((d) => `${d.pointer}: ${d.message}`);
  }
  throw new Error('expected the environment to be rejected');
}

describe('loadConfig', () => {
  it('applies defaults for everything but the three required variables', () => {
    const config = loadConfig(BASE);
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.kafka.groupId).toBe('sluice-cep-runner');
    expect(config.checkpoint.intervalMs).toBe(1_000);
    expect(config.dedupHorizonMs).toBe(600_000);
    expect(config.idleTimeoutMs).toBe(5_000);
    expect(config.http.port).toBe(8081);
    expect(Object.isFrozen(config.kafka)).toBe(true);
  });

  it('names every missing or malformed variable at once', () => {
    expect(problems({ KAFKA_BROKERS: 'no-port', CEP_CHECKPOINT_INTERVAL_MS: '10', CEP_DEDUP_HORIZON: 'soon' })).toEqual([
      'MYSQL_URL: required, e.g. mysql://user:pass@host:3306/sluice',
      'KAFKA_BROKERS: expected host:port[,host:port...]',
      'SLUICE_STREAMS: required: path of the stream definitions file',
      'CEP_CHECKPOINT_INTERVAL_MS: must be at least 50',
      "CEP_DEDUP_HORIZON: expected a duration such as '10m', '30s', '250ms' or a number of ms",
    ]);
  });

  it('reads durations and checks variables against each other', () => {
    expect(loadConfig({ ...BASE, CEP_DEDUP_HORIZON: '90s' }).dedupHorizonMs).toBe(90_000);
    expect(problems({ ...BASE, KAFKA_SESSION_TIMEOUT_MS: '3000', KAFKA_HEARTBEAT_INTERVAL_MS: '2000' })).toEqual(['KAFKA_HEARTBEAT_INTERVAL_MS: must be at most a third of KAFKA_SESSION_TIMEOUT_MS (3000)']);
  });

  it('masks the MySQL password for logs', () => {
    expect(redactedConfig(loadConfig(BASE)).mysql.url).toBe('mysql://sluice:***@db:3306/sluice');
  });
});
