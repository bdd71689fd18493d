import { ConfigError, loadConfig } from './app-config.js';

describe('INGEST_MAX_ATTRIBUTE_BYTES', () => {
  it('defaults to 64 KiB', () => {
    expect(loadConfig({}).INGEST_MAX_ATTRIBUTE_BYTES).toBe(65_536);
  });

  it('takes a number of bytes', () => {
    expect(loadConfig({ INGEST_MAX_ATTRIBUTE_BYTES: '262144' }).INGEST_MAX_ATTRIBUTE_BYTES).toBe(262_144);
  });

  it.each([['0'], ['lots'], ['999999999']])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ INGEST_MAX_ATTRIBUTE_BYTES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ INGEST_MAX_ATTRIBUTE_BYTES: value })).toThrow(/INGEST_MAX_ATTRIBUTE_BYTES/);
  });
});
