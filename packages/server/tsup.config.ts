import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  // The password worker is loaded by file name (a piscina pool), so it is an entry of its own.
  entry: {
    index: 'src/index.ts',
    main: 'src/main.ts',
    'password-worker': 'src/domain/auth/password-worker.js',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // The patched express-openapi-validator (patches/, docs/adr/0028) travels inside dist/: a pnpm
  // patch applies only to installs from this workspace's lockfile. Its own dependencies stay
  // runtime dependencies of this package, so they are imported, not bundled.
  noExternal: ['express-openapi-validator'],
  // The bundled validator is CommonJS and require()s those dependencies; ESM has no `require`.
  banner: {
    js: "import { createRequire as __shopCreateRequire } from 'node:module'; const require = __shopCreateRequire(import.meta.url);",
  },
  // The contract travels with the bundle: the published package has no repo root to find it
  // in (src/package-files.ts looks next to the bundle first).
  onSuccess: () => copyFile('../../openapi.yaml', 'dist/openapi.yaml'),
});
