/**
 * One Jest run for the whole repository: unit tests beside the code in
 * `src/__tests__`, end-to-end tests in `test/`, TypeScript compiled by esbuild
 * as at run time (see test/support/esbuild-transform.js).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/common',
    '<rootDir>/subgraphs',
    '<rootDir>/gateway',
    '<rootDir>/test',
    '<rootDir>/schema',
    '<rootDir>/scripts',
  ],
  testMatch: ['**/__tests__/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js',
  },
  setupFiles: ['<rootDir>/test/support/setup.ts'],
  // Starting embedded databases and five subgraphs takes seconds, not milliseconds.
  testTimeout: 60_000,
  slowTestThreshold: 30,
};
