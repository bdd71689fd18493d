import pg from 'pg';
import type { Browser, Page, Response as PageResponse } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { addDays, dayTime, isoDay, periodStart } from '@frictionlens/domain';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';
import { launchChromium, pageErrors, screenshot } from './chromium.js';

export interface DashboardSessionOptions {
  /** The page's size; screenshots in test-artifacts/ are taken at it. */
  viewport?: { width: number; height: number };
}

/** A category of the taxonomy, with the step of the value-stream map it belongs to (if any). */
export interface CategoryOnStep {
  key: string;
  name: string;
  demandType: 'failure' | 'value';
  failureType?: string;
  step?: string;
}

/** What an operator sets up through the API before any contact is counted. */
export interface DemandModel {
  categories: CategoryOnStep[];
  valueStreams: Array<{ key: string; name: string; steps: Array<Record<string, unknown>> }>;
  handlingCosts?: Array<{ channel: string; costPerContact: number; currency: string }>;
}

/**
 * Everything one browser spec works with: the API app on a database of its own, an admin key,
 * Debian's Chromium with one page open on nothing yet, and the page's console errors.
 */
export interface DashboardSession {
  database: TestDatabase;
  /** For seeding with SQL and reading back what the page stored. */
  db: pg.Pool;
  /** For seeding through the repositories, as the classifier and ingest services do. */
  dataSource: DataSource;
  api: RunningService;
  /** The API's (and the dashboard's) base URL. */
  url: string;
  browser: Browser;
  page: Page;
  adminKey: string;
  /** Console errors and uncaught exceptions of `page` since it opened (a CSP violation is one). */
  errors: string[];
  /** A JSON request to the API with the admin key; fails with the API's answer unless it is a 2xx. */
  call<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  /** Imports the taxonomy, then the value-stream map with each category on its step; returns the taxonomy version. */
  setUpModel(model: DemandModel): Promise<number>;
  /** Goes to a screen through the navigation bar, as a user would (e.g. 'alerts' for #/alerts). */
  openScreen(screen: string): Promise<void>;
  /** Opens the dashboard and waits for the form that asks for an API key; returns the page's response. */
  openKeyForm(): Promise<PageResponse | null>;
  /** Types the admin key into the key form and submits it. */
  enterKey(): Promise<void>;
  /** openKeyForm, then enterKey: signed in as an operator would be. */
  signIn(): Promise<PageResponse | null>;
  /** Stores the admin key where the dashboard keeps it, so every later load is signed in. */
  rememberKey(): Promise<void>;
  /** The period the dashboard shows, as it writes it on #period-range. */
  shownPeriod(): Promise<{ from: string; to: string }>;
  /** Classifications of a (fake) model of the given taxonomy version, stored as the classifier stores them. */
  storeClassifications(taxonomyVersion: number, classifications: NewClassification[]): Promise<void>;
  /** PUT the same units handled on each of the 28 days before this week's Monday for one step. */
  putDailyVolumes(step: string, units: number): Promise<void>;
  screenshot(name: string): Promise<void>;
  expectNoPageErrors(): void;
  close(): Promise<void>;
}

/** This week's Monday, 00:00 UTC, in milliseconds: the dashboard's default period ends there. */
export function mondayThisWeek(): number {
  return dayTime(periodStart(isoDay(new Date()), 'week'));
}

/**
 * Starts the API app on a fresh database and Chromium beside it (in parallel: both take seconds),
 * creates an admin key and opens one page. Whatever was started is closed again if a later step fails.
 */
export async function openDashboard(options: DashboardSessionOptions = {}): Promise<DashboardSession> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    const database = await freshDatabase();
    closers.push(() => database.drop());
    const db = new pg.Pool({ connectionString: database.url, max: 2 });
    closers.push(() => db.end());
    const dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    closers.push(() => dataSource.destroy());
    const [api, browser] = await Promise.all([
      startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'browser-test-key-0123456789' }).then((started) => {
        closers.push(() => started.close());
        return started;
      }),
      launchChromium().then((launched) => {
        closers.push(() => launched.close());
        return launched;
      }),
    ]);
    const adminKey = await anApiKey(database.url, ['admin']);
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1300, height: 1000 } });
    page.setDefaultTimeout(10_000);
    const errors = pageErrors(page);

    const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
      const response = await fetch(`${api.url}${path}`, { ...init, headers: { 'x-api-key': adminKey, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const openKeyForm = async () => {
      const response = await page.goto(api.url);
      await page.waitForSelector('#api-key');
      return response;
    };
    const enterKey = async () => {
      await page.fill('#api-key', adminKey);
      await page.click('.key-form button[type=submit]');
    };
    return {
      database, db, dataSource, api, url: api.url, browser, page, adminKey, errors,
      call,
      post: (path, body) => call(path, { method: 'POST', body: JSON.stringify(body) }),
      setUpModel: async ({ categories, valueStreams, handlingCosts }) => {
        const taxonomy = await call<{ version: number }>('/v1/taxonomy/import', {
          method: 'POST',
          body: JSON.stringify({ categories: categories.map(({ step, ...category }) => category) }),
        });
        const placed = categories.flatMap(({ key, step }) => (step ? [{ key, step }] : []));
        await call('/v1/value-streams/import', { method: 'POST', body: JSON.stringify({ valueStreams, categories: placed, handlingCosts }) });
        return taxonomy.version;
      },
      openScreen: async (screen) => {
        await page.waitForSelector(`#nav a[href="#/${screen}"]`);
        await page.click(`#nav a[href="#/${screen}"]`);
      },
      openKeyForm,
      enterKey,
      signIn: async () => {
        const response = await openKeyForm();
        await enterKey();
        return response;
      },
      rememberKey: async () => {
        await page.addInitScript(`localStorage.setItem('frictionlens.apiKey', ${JSON.stringify(adminKey)})`);
      },
      shownPeriod: async () => ({
        from: (await page.getAttribute('#period-range', 'data-from'))!,
        to: (await page.getAttribute('#period-range', 'data-to'))!,
      }),
      storeClassifications: async (taxonomyVersion, classifications) => {
        const model = { modelVersionId: await aModelVersion(db, taxonomyVersion), taxonomyVersionId: taxonomyVersion };
        await new ClassificationRepository(dataSource).storeBatch(model, classifications);
      },
      putDailyVolumes: async (step, units) => {
        const monday = periodStart(isoDay(new Date()), 'week');
        const days = Array.from({ length: 28 }, (_, i) => addDays(monday, i - 28));
        await call(`/v1/value-streams/steps/${step}/volumes`, { method: 'PUT', body: JSON.stringify({ volumes: days.map((day) => ({ day, units })) }) });
      },
      screenshot: (name) => screenshot(page, name),
      expectNoPageErrors: () => expect(errors).toEqual([]),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
