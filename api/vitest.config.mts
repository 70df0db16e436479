import swc from 'unplugin-swc';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// graphql ships ESM and CJS builds; type-graphql and Apollo load the CJS one, so tests must too
// (two copies refuse each other's types).
const graphqlDir = path.dirname(createRequire(import.meta.url).resolve('graphql'));

// vitest's default esbuild transform drops decorator metadata, which type-graphql and MikroORM read.
export default defineConfig({
  plugins: [swc.vite({ jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: 'es2022' } })],
  resolve: {
    alias: [
      { find: /^graphql$/, replacement: path.join(graphqlDir, 'index.js') },
      { find: /^graphql\/(.*)$/, replacement: `${graphqlDir}/$1.js` },
    ],
  },
  test: {
    env: { MIKRO_ORM_NO_COLOR: '1' },
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file gets its own database cloned from a migrated template; two cores, so two workers.
    maxWorkers: 2,
  },
});
