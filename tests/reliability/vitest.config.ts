import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.test.ts', 'support/*.test.ts'],
    // The suites load the machine (storms, a child server, thousands of requests): one file at a
    // time keeps them from starving each other on 2 cores.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
