import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// One alias table shared by both projects; mirrors tsconfig.base.json "paths".
const alias = {
  '@sluice/contracts/db': resolve(__dirname, 'libs/contracts/src/db/index.ts'),
  '@sluice/contracts': resolve(__dirname, 'libs/contracts/src/index.ts'),
  '@sluice/engine': resolve(__dirname, 'libs/engine/src/index.ts'),
  '@sluice/connectors': resolve(__dirname, 'libs/connectors/src/index.ts'),
};

// SWC instead of esbuild so Nest's decorator metadata is emitted in tests.
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    // Never retry: a flaky test must be fixed, not hidden.
    retry: 0,
    projects: [
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/harness/global-setup.ts'],
          // Integration files share one set of services; run them one at a time like BullMQ's suite.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
