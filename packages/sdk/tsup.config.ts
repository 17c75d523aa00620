import { defineConfig } from 'tsup';

export default defineConfig({
  // `problems` and `webhooks` are entries of their own (`@shop/sdk/problems`,
  // `@shop/sdk/webhooks`) so the main bundle stays its size and a receiver loads no client.
  entry: { index: 'src/index.ts', problems: 'src/problems.ts', webhooks: 'src/webhooks/index.ts' },
  format: ['esm', 'cjs'],
  // `schema` is a types-only entry (`@shop/sdk/schema`): declarations, no JavaScript.
  dts: {
    entry: {
      index: 'src/index.ts',
      problems: 'src/problems.ts',
      schema: 'src/schema.ts',
      webhooks: 'src/webhooks/index.ts',
    },
  },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // openapi-fetch stays a dependency; the size script measures it bundled in.
  external: ['openapi-fetch'],
});
