import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  // `schema` is a types-only entry (`@shop/sdk/schema`): declarations, no JavaScript.
  dts: { entry: { index: 'src/index.ts', schema: 'src/schema.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // openapi-fetch stays a dependency; the size script measures it bundled in.
  external: ['openapi-fetch'],
});
