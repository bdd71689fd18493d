import { loadConfig } from '@frictionlens/config';
import { demoWanted } from './demo-switch.js';

describe('whether the demo loads', () => {
  it('loads by default only on the embedded database', () => {
    expect(demoWanted(loadConfig({}).FRICTIONLENS_DEMO, true)).toBe(true);
    expect(demoWanted(loadConfig({}).FRICTIONLENS_DEMO, false)).toBe(false);
  });

  it('FRICTIONLENS_DEMO=false skips it, FRICTIONLENS_DEMO=true asks for it on any database', () => {
    expect(demoWanted(loadConfig({ FRICTIONLENS_DEMO: 'false' }).FRICTIONLENS_DEMO, true)).toBe(false);
    expect(demoWanted(loadConfig({ FRICTIONLENS_DEMO: 'true' }).FRICTIONLENS_DEMO, false)).toBe(true);
  });

  it('sizes the demo with FRICTIONLENS_DEMO_CONTACTS (25,000 by default) and refuses nonsense', () => {
    expect(loadConfig({}).FRICTIONLENS_DEMO_CONTACTS).toBe(25_000);
    expect(loadConfig({ FRICTIONLENS_DEMO_CONTACTS: '400' }).FRICTIONLENS_DEMO_CONTACTS).toBe(400);
    expect(() => loadConfig({ FRICTIONLENS_DEMO_CONTACTS: 'lots' })).toThrow(/FRICTIONLENS_DEMO_CONTACTS/);
    expect(() => loadConfig({ FRICTIONLENS_DEMO: 'maybe' })).toThrow(/FRICTIONLENS_DEMO/);
  });
});
