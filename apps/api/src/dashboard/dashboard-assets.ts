import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `vite build` put the dashboard (web/dashboard → dist/dashboard). This file runs from
 * dist/apps/api/src/dashboard/ (npm start) or from apps/api/src/dashboard/ (tests), so both
 * places are tried; undefined when the dashboard has not been built.
 */
export function dashboardAssetsDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '../../../../dashboard'), join(here, '../../../../dist/dashboard')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}
