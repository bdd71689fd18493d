import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

// Debian's Chromium driven by playwright-core (which downloads no browser of its own).
// .ci/run installs it when /usr/bin/chromium is missing.
export const CHROMIUM = '/usr/bin/chromium';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(repoRoot, 'test-artifacts');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`browser tests need Chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (.ci/run does it)`);
  if (!existsSync(join(repoRoot, 'dist/dashboard/index.html'))) throw new Error('the dashboard is not built: run npm run build (npm test does it) before the browser tests');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** A full-page screenshot in test-artifacts/ (git-ignored), kept for whoever looks at a failed run. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Console errors and uncaught exceptions of the page, to fail on. Failed requests the test provokes are not errors of the page. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(message.text());
  });
  return errors;
}
