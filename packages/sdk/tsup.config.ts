import { defineConfig } from 'tsup';

export default defineConfig({
  // `problems` is an entry of its own (`@shop/sdk/problems`) so the main bundle stays its size.
  entry: { index: 'src/index.ts', problems: 'src/problems.ts' },
  format: ['esm', 'cjs'],
  // `schema` is a types-only entry (`@shop/sdk/schema`): declarations, no JavaScript.
  dts: {
    entry: { index: 'src/index.ts', problems: 'src/problems.ts', schema: 'src/schema.ts' },
  },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // openapi-fetch stays a dependency; the size script measures it bundled in.
  external: ['openapi-fetch'],
});
