/** Jest runs the TypeScript sources as ES modules through ts-jest. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // A test's time limit, not a speed check (speed is measured in bench/): generous, since a CI machine may be busy.
  testTimeout: 60000,
  // agenda 6 leaves a lock-liveness timer (half the lock lifetime, 5 minutes) running after each job, even after
  // agenda.stop(); the app exits explicitly, and a single test file run in band would otherwise wait for it.
  forceExit: true,
};
