import { dashboardSettings } from './dashboard-settings.js';

describe('dashboardSettings', () => {
  it('hands the embedded-mode key out unless DASHBOARD_EMBEDDED_KEY turns it off', () => {
    expect(dashboardSettings({})).toEqual({ embeddedKey: true });
    expect(dashboardSettings({ DASHBOARD_EMBEDDED_KEY: '' })).toEqual({ embeddedKey: true });
    expect(dashboardSettings({ DASHBOARD_EMBEDDED_KEY: 'false' })).toEqual({ embeddedKey: false });
    expect(dashboardSettings({ DASHBOARD_EMBEDDED_KEY: '0' })).toEqual({ embeddedKey: false });
    expect(dashboardSettings({ DASHBOARD_EMBEDDED_KEY: 'yes' })).toEqual({ embeddedKey: true });
  });

  it('names the variable when its value is neither true nor false', () => {
    expect(() => dashboardSettings({ DASHBOARD_EMBEDDED_KEY: 'maybe' })).toThrow('DASHBOARD_EMBEDDED_KEY: must be true or false');
  });
});
