// @ts-check
// `npm run lint`: typescript-eslint's type-aware rules and the import boundaries of
// docs/architecture.md ("Boundaries"). Every rule that is switched off says why; a single line
// that breaks a rule on purpose carries its own `eslint-disable-next-line rule -- reason`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LIBRARY_BY_ALIAS = {
  regex: '(^|/)libs/',
  message: 'Import a library by its alias (@frictionlens/<library>, see tsconfig.json paths), never by a path into libs/.',
};
const NO_APPS_FROM_LIBRARIES = {
  regex: '(^|/)apps/',
  message: 'A library never imports an app: move what both need into a library.',
};
// A relative path that climbs out of its own package and into another one's src/
// (../../api/src/..., ../../../ingest/src/...).
const INTO_ANOTHER_PACKAGE = '^(\\.\\./)+(apps/|libs/)?[\\w-]+/src(/|$)';
const NO_REACH_INTO_ANOTHER_APP = {
  regex: INTO_ANOTHER_PACKAGE,
  message: 'One app does not reach into another app\'s files: share it through a library, or (all-in-one only) through the app\'s src/index.ts.',
};
const NO_REACH_INTO_ANOTHER_LIBRARY = {
  regex: INTO_ANOTHER_PACKAGE,
  message: 'Import another library by its alias (@frictionlens/<library>), not by a relative path.',
};
// Rules and maths stay testable without a server: no framework, database or broker client.
const FRAMEWORK_FREE = [
  { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'kafkajs', 'pg', 'pg-*'], message: 'libs/domain and libs/nlp are plain TypeScript: no Nest, TypeORM, pg or kafkajs (docs/architecture.md).' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.embeddings-cache/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // Each file is checked with the tsconfig.json nearest to it: the root one for apps/, libs/,
      // test/ and tools/, web/dashboard's own (DOM, bundler resolution) for the dashboard.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A Kafka handler that forgets an await commits an offset for work that has not happened.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // The code writes `xs[i]!` as a reader's note that an index is in range. Without
      // noUncheckedIndexedAccess in tsconfig.json this rule calls every one of them redundant (≈1,100),
      // and its autofix would strip the notes the day that flag is switched on.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `async` on a method that happens not to await is how an implementation of a Promise-returning
      // interface turns a throw into a rejection, which its callers expect; it is not a bug here.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a parameter kept for its position or its decorator (e.g. a
      // @Query() that only documents the route); `...rest` siblings are how a field is left out.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests and measuring scripts read answers they were sent as JSON (`any`, or spelt out as
    // Record<string, any>) and check them with expect(), which fails loudly on a wrong shape; the
    // e2e specs check shapes against libs/contracts with parsedAnswer(). jest's expect(mock.method)
    // reads a method without calling it. The promise rules stay on: an un-awaited
    // expect(...).rejects passes silently.
    files: ['test/**/*.ts', 'tools/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['apps/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [LIBRARY_BY_ALIAS, NO_REACH_INTO_ANOTHER_APP] }] },
  },
  {
    // The one composition root of the other apps: it may use each app's public src/index.ts, nothing deeper.
    files: ['apps/all-in-one/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [LIBRARY_BY_ALIAS, { ...NO_REACH_INTO_ANOTHER_APP, regex: '^(\\.\\./)+(apps/)?[\\w-]+/src(?!/index\\.js$)(/|$)' }] }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APPS_FROM_LIBRARIES, NO_REACH_INTO_ANOTHER_LIBRARY] }] },
  },
  // The layers point one way: contracts ← domain ← nlp (and everything else above them).
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_APPS_FROM_LIBRARIES, NO_REACH_INTO_ANOTHER_LIBRARY, { regex: '^@frictionlens/', message: 'libs/contracts is the bottom layer: it imports no other library.' }] }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [NO_APPS_FROM_LIBRARIES, NO_REACH_INTO_ANOTHER_LIBRARY, ...FRAMEWORK_FREE, { regex: '^@frictionlens/(?!contracts$)', message: 'libs/domain builds on libs/contracts only.' }],
      }],
    },
  },
  {
    files: ['libs/nlp/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [NO_APPS_FROM_LIBRARIES, NO_REACH_INTO_ANOTHER_LIBRARY, ...FRAMEWORK_FREE, { regex: '^@frictionlens/(?!contracts$|domain$)', message: 'libs/nlp builds on libs/contracts and libs/domain only.' }],
      }],
    },
  },
  {
    // The dashboard runs in a browser: of the server's code it may use only the shapes (contracts)
    // and the plain rules (domain), file by file, so no server-only module lands in the bundle.
    files: ['web/dashboard/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)libs/(?!contracts/|domain/)', message: 'web/ imports only libs/contracts and libs/domain.' },
          // Only the contracts have an alias here (web/dashboard/tsconfig.json, vite.config.ts); libs/domain's
          // index also exports server-only rules (node:crypto, node:net), so its files are imported one by one.
          { regex: '^@frictionlens/(?!contracts$)', message: 'web/ uses @frictionlens/contracts by alias and libs/domain file by file (../../../libs/domain/src/...), nothing else.' },
          { regex: '(^|/)apps/', message: 'web/ never imports an app: the dashboard talks to the API over HTTP.' },
          { regex: '^node:', message: 'The dashboard runs in a browser: no Node built-ins.' },
        ],
      }],
    },
  },
);
