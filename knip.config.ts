import type { KnipConfig } from 'knip';

// Entries beyond what knip's plugins find (package bins, tsup entries, vitest test files and
// package scripts). Every ignore says why the usage is invisible to static analysis.
const config: KnipConfig = {
  workspaces: {
    '.': {
      entry: ['scripts/*.mjs'],
      // Loaded by name from .spectral.yaml.
      ignoreDependencies: ['@stoplight/spectral-owasp-ruleset'],
    },
    'packages/sdk': {
      // Type tests run by vitest's typecheck mode; the strict consumer, compiled by its test.
      entry: ['scripts/*.mjs', 'src/**/*.test-d.ts', 'test/strict-consumer/*.ts'],
    },
    'packages/cli': {
      // The completion test runs the script in each shell it finds on the machine.
      ignoreBinaries: ['fish'],
    },
    'packages/server': {
      // Measurement scripts run by hand (each says how).
      entry: ['scripts/*.ts'],
      ignoreDependencies: [
        // Its files are served from its resolved directory, never imported.
        'swagger-ui-dist',
        // Types only, through a tsconfig path: a package dependency would make a cycle (the SDK's
        // tests run the server).
        '@shop/sdk',
        // Required by the express-openapi-validator copy that tsup bundles into dist/ (ADR 0028).
        '@apidevtools/json-schema-ref-parser',
        'ajv-draft-04',
        'content-type',
        'json-schema-traverse',
        'lodash.clonedeep',
        'lodash.get',
        'media-typer',
        'multer',
        'ono',
        'path-to-regexp',
        'qs',
      ],
    },
    'packages/test-kit': {
      // ensureBuilt runs the tsup of the package it builds, from that package's directory.
      ignoreBinaries: ['tsup'],
    },
    bench: {
      entry: ['*.mjs'],
      // Spawned from node_modules/.bin by peer-prism.mjs.
      ignoreDependencies: ['@stoplight/prism-cli'],
    },
    'examples/*': {
      entry: ['*.{mjs,cjs}', 'test/**/*.{mjs,js}'],
    },
    'tests/*': {
      entry: ['**/*.test.ts'],
    },
    'tests/e2e': {
      ignoreDependencies: [
        // Spawned from node_modules/.bin by prism-proxy.ts.
        '@stoplight/prism-cli',
        // Its built bin is found through its resolved package.json and run as a process.
        '@shop/cli',
      ],
    },
    'tests/runtimes': {
      // Copied into a scratch project and run there by run.mjs, one per runtime.
      entry: ['src/flow.ts', 'entries/*'],
      // run.mjs builds src/flow.ts into flow.mjs beside the entries.
      ignoreUnresolved: ['./flow.mjs'],
      // Binaries located through their packages and run by run.mjs.
      ignoreDependencies: ['bun', 'deno'],
    },
  },
};

export default config;
