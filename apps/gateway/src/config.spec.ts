import { ConfigError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactedConfig } from './config';

const REQUIRED = {
  MYSQL_URL: 'mysql://sluice:secret@db:3306/sluice',
  KAFKA_BROKERS: 'k1:9092,k2:9092',
  SLUICE_STREAMS: '/etc/sluice/streams.yaml',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).details.map((d) => `${d.pointer}: ${d.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe(loadConfig.name, () => {
  it('fills in defaults around the required variables', () => {
    const config = loadConfig(REQUIRED);
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080, maxBodyBytes: 5 * 1024 * 1024 });
    expect(config.ingest.maxEventsPerRequest).toBe(10_000);
    expect(config.kafka.compression).toBe('gzip');
    expect(Object.isFrozen(config.produce)).toBe(true);
  });

  it('reads limits and switches from their variables', () => {
    const config = loadConfig({
      ...REQUIRED,
      PORT: '9000',
      GATEWAY_MAX_EVENTS_PER_REQUEST: '500',
      GATEWAY_RUN_MIGRATIONS: 'false',
      KAFKA_COMPRESSION: 'none',
    });
    expect([
      config.http.port,
      config.ingest.maxEventsPerRequest,
      config.mysql.runMigrations,
      config.kafka.compression,
    ]).toEqual([9000, 500, false, 'none']);
  });

  it('names every bad or missing variable at once', () => {
    expect(problemsOf({ KAFKA_BROKERS: 'nohost', PORT: 'eighty', GATEWAY_LINGER_MS: '-1' }).sort()).toEqual([
      'GATEWAY_LINGER_MS: expected a whole number',
      'KAFKA_BROKERS: expected host:port[,host:port...]',
      'MYSQL_URL: required, e.g. mysql://user:pass@host:3306/sluice',
      'PORT: expected a whole number',
      'SLUICE_STREAMS: required: path of the stream definitions file',
    ]);
  });

  it('refuses a produce buffer smaller than one request', () => {
    expect(
      problemsOf({ ...REQUIRED, GATEWAY_MAX_BODY_BYTES: '10000000', GATEWAY_MAX_BUFFERED_BYTES: '1000000' }),
    ).toEqual([
      'GATEWAY_MAX_BUFFERED_BYTES: must be at least GATEWAY_MAX_BODY_BYTES (10000000) or large requests could never be accepted',
    ]);
  });

  it('masks the MySQL password in the loggable view', () => {
    expect(redactedConfig(loadConfig(REQUIRED)).mysql.url).toBe('mysql://sluice:***@db:3306/sluice');
  });
});
