import { loadConfig } from './app-config.js';

describe('DISCOVERY_EMERGING_EVERY', () => {
  it('looks for emerging themes hourly unless told otherwise', () => {
    expect(loadConfig({}).DISCOVERY_EMERGING_EVERY).toBe(3_600_000);
  });

  it('reads seconds, minutes, hours and days, and off as null', () => {
    expect(loadConfig({ DISCOVERY_EMERGING_EVERY: '30m' }).DISCOVERY_EMERGING_EVERY).toBe(1_800_000);
    expect(loadConfig({ DISCOVERY_EMERGING_EVERY: '90s' }).DISCOVERY_EMERGING_EVERY).toBe(90_000);
    expect(loadConfig({ DISCOVERY_EMERGING_EVERY: '2d' }).DISCOVERY_EMERGING_EVERY).toBe(172_800_000);
    expect(loadConfig({ DISCOVERY_EMERGING_EVERY: 'off' }).DISCOVERY_EMERGING_EVERY).toBeNull();
  });

  it('refuses a bare number, an unknown unit and less than a minute, naming the variable', () => {
    for (const value of ['60', '1w', '-1h', '0m', '30s', 'hourly']) {
      expect(() => loadConfig({ DISCOVERY_EMERGING_EVERY: value })).toThrow(/DISCOVERY_EMERGING_EVERY/);
    }
  });
});
