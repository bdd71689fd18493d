import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * The dashboard's own setting. `DASHBOARD_EMBEDDED_KEY` (default true): on the embedded database
 * (no DATABASE_URL), keep an API key for the dashboard and hand it to pages opened from this
 * machine, so `npm start` shows a populated dashboard with nothing to paste. It never applies with
 * DATABASE_URL set: there the page asks for a key.
 */
export const DashboardSettingsSchema = z.object({ DASHBOARD_EMBEDDED_KEY: booleanFromEnv.default(true) });

export interface DashboardSettings {
  embeddedKey: boolean;
}

export const DASHBOARD_SETTINGS = Symbol('DASHBOARD_SETTINGS');

export function dashboardSettings(env: NodeJS.ProcessEnv): DashboardSettings {
  const present = env.DASHBOARD_EMBEDDED_KEY === '' ? {} : { DASHBOARD_EMBEDDED_KEY: env.DASHBOARD_EMBEDDED_KEY };
  const parsed = DashboardSettingsSchema.safeParse(present);
  if (!parsed.success) throw new Error(`Invalid configuration:\n  - DASHBOARD_EMBEDDED_KEY: ${parsed.error.issues[0]?.message ?? 'must be true or false'}`);
  return { embeddedKey: parsed.data.DASHBOARD_EMBEDDED_KEY };
}
