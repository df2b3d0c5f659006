import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'data/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['server/src/test/pg-global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // a cheap password hash for the suite (modules/auth/password.ts); the production cost is tested explicitly
    env: { LIANXIN_TEST_FAST_HASH: '1' },
  },
});
