import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    // One reference server for the whole run (started and stopped in global-setup.mjs) …
    globalSetup: ['./global-setup.mjs'],
    // … back to its seed data before each test file (reset.mjs) …
    setupFiles: ['./reset.mjs'],
    // … so test files take turns: two files at once would reset each other's data.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});
