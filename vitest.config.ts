import { defineConfig } from 'vitest/config';

// Two projects: fast Node tests next to the code, and browser tests that drive headless Chromium
// against a real server (slow under SwiftShader, so they run one file at a time).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          // Vitest's default is one worker less than the cores: one on this 2-core machine, where the
          // unit files (most of them waiting on sockets, databases and child processes) then ran one
          // at a time. Two workers: 305 s -> 201 s for the unit project here, all green.
          maxWorkers: 2,
          include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
