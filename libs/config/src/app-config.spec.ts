import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('runs a fresh clone with no variables: embedded database, Kafka off, port 3000', () => {
    const sut = loadConfig({});
    expect(sut.PORT).toBe(3000);
    expect(sut.DATABASE_URL).toBeUndefined();
    expect(sut.KAFKA_BROKERS).toBeUndefined();
    expect(sut.EMBEDDED_POSTGRES_DIR).toBe('.frictionlens/postgres');
  });

  it('splits a broker list and trims it', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'a:9092, b:9093' }).KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
  });

  it('reports a partition stuck after 3 minutes without a commit unless told otherwise, never under a second', () => {
    expect(loadConfig({}).KAFKA_PARTITION_STUCK_AFTER_MS).toBe(180_000);
    expect(loadConfig({ KAFKA_PARTITION_STUCK_AFTER_MS: '5000' }).KAFKA_PARTITION_STUCK_AFTER_MS).toBe(5_000);
    expect(() => loadConfig({ KAFKA_PARTITION_STUCK_AFTER_MS: '10' })).toThrow(/KAFKA_PARTITION_STUCK_AFTER_MS/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ KAFKA_BROKERS: '', DATABASE_URL: '' }).KAFKA_BROKERS).toBeUndefined();
  });

  it('limits each API key to 1,200 requests a minute unless told otherwise, and 0 turns the limit off', () => {
    expect(loadConfig({}).API_RATE_LIMIT_PER_MINUTE).toBe(1_200);
    expect(loadConfig({ API_RATE_LIMIT_PER_MINUTE: '5' }).API_RATE_LIMIT_PER_MINUTE).toBe(5);
    expect(loadConfig({ API_RATE_LIMIT_PER_MINUTE: '0' }).API_RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(() => loadConfig({ API_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ API_RATE_LIMIT_PER_MINUTE: '2.5' })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
    expect(loadConfig({}).DASHBOARD_EMBEDDED_KEY).toBe(true);
    expect(loadConfig({ DASHBOARD_EMBEDDED_KEY: 'false' }).DASHBOARD_EMBEDDED_KEY).toBe(false);
    expect(() => loadConfig({ DASHBOARD_EMBEDDED_KEY: 'maybe' })).toThrow(/DASHBOARD_EMBEDDED_KEY/);
    expect(loadConfig({}).API_METRICS_CACHE_MB).toBe(64);
    expect(loadConfig({ API_METRICS_CACHE_MB: '0' }).API_METRICS_CACHE_MB).toBe(0);
    expect(() => loadConfig({ API_METRICS_CACHE_MAX_STALE_MS: '-5' })).toThrow(/API_METRICS_CACHE_MAX_STALE_MS/);
  });

  it('runs the ingest service as auto workers unless told a number from 1 to 64', () => {
    expect(loadConfig({}).INGEST_WORKERS).toBe('auto');
    expect(loadConfig({ INGEST_WORKERS: 'auto' }).INGEST_WORKERS).toBe('auto');
    expect(loadConfig({ INGEST_WORKERS: '3' }).INGEST_WORKERS).toBe(3);
    for (const bad of ['0', '65', '1.5', 'many']) {
      expect(() => loadConfig({ INGEST_WORKERS: bad })).toThrow('INGEST_WORKERS: must be auto or a whole number from 1 to 64');
    }
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', KAFKA_BROKERS: 'no-port', DATABASE_URL: 'mysql://x/y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/KAFKA_BROKERS/);
      expect(problems).toMatch(/DATABASE_URL/);
    }
  });
});
