import { defineConfig } from 'tsup';
import bundled from './bundled-dependencies.json' with { type: 'json' };

export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // Keep Ink/React in their own chunks so --version, --help and --json never load them.
  splitting: true,
  // Start-up time is mostly module loading: bundle the libraries every command needs into a few
  // chunks (resolving and reading hundreds of files costs more than parsing them). Ink, React and
  // @inkjs/ui stay external: they load only when a screen is drawn. What is bundled is a
  // devDependency of the package, what stays external a dependency (never both). The same list
  // tells the dependency rules which devDependencies src/ may import (.dependency-cruiser.mjs).
  noExternal: bundled,
  // Bundled CommonJS (commander, undici) calls require(): give the ESM chunks one.
  banner: {
    js: "import { createRequire as __shopCreateRequire } from 'node:module'; const require = __shopCreateRequire(import.meta.url);",
  },
});
