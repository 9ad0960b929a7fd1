import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 1_800_000,
    // Integration tests share one Docker engine, cgroup tree and two CPU cores: run files one at a time.
    fileParallelism: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
