/** Backend (api) and browser end-to-end (e2e) suites; both talk to the real PostgreSQL and Redis. */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { displayName: 'api', testMatch: ['<rootDir>/test/api/**/*.test.ts'], testEnvironment: 'node', transform },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
    },
  ],
};
