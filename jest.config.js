/**
 * The repository's tests in three tiers, each a Jest project, so that one run
 * of `npm test` spreads them all over the workers and `--selectProjects`
 * runs one tier:
 * - unit: tests beside the code in `src/__tests__` (and the schema's and
 *   scripts' `__tests__`) that need no database server and no other service;
 * - integration: one subgraph, the importer or a spawned process on a real
 *   database (`*.integration.test.ts`, the tests directly in `test/`);
 * - e2e: the five subgraphs and the gateway as real HTTP servers (`test/e2e`);
 * - browser: the playground and the dashboard in Chromium over such a system (`test/browser`), run apart by
 *   `npm run test:browser`, since it needs a browser installed.
 * TypeScript is compiled by esbuild as at run time (see test/support/esbuild-transform.js).
 * @type {import('jest').Config}
 */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js',
  },
  setupFiles: ['<rootDir>/test/support/setup.ts'],
  slowTestThreshold: 30,
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/common', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/schema', '<rootDir>/scripts'],
      testMatch: ['**/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.integration\\.test\\.ts$'],
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/common', '<rootDir>/subgraphs', '<rootDir>/test'],
      testMatch: ['**/__tests__/**/*.integration.test.ts', '<rootDir>/test/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
    },
  ],
  // Starting embedded databases and five subgraphs takes seconds, not milliseconds.
  testTimeout: 60_000,
};
