import { readFileSync } from 'node:fs';

// The layer rules of docs/architecture.md, checked by `pnpm lint:deps` (docs/adr/0025).
// Paths are relative to the repository root. Tests (and test fixtures outside src/) may import
// anything: every rule leaves them out through TESTS.

const TESTS = [
  '[.]test[.]tsx?$',
  '[.]test-d[.]ts$',
  '^packages/[^/]+/test/',
  '^tests/',
  '^examples/',
  '^bench/',
];

/**
 * What the CLI's build bundles into dist (packages/cli/bundled-dependencies.json, tsup's
 * `noExternal`): such libraries are devDependencies on purpose, so its src/ may import them.
 */
export const CLI_BUNDLED = JSON.parse(
  readFileSync(new URL('./packages/cli/bundled-dependencies.json', import.meta.url), 'utf8'),
);

// Matches a flat install and pnpm's store path (node_modules/.pnpm/x@1/node_modules/x/) alike.
const npmPath = (name) => `node_modules/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'server-http-not-db',
      comment:
        'Routes and middleware reach the database through the domain; wiring (app.ts, server.ts, seed.ts) may use both.',
      severity: 'error',
      from: { path: '^packages/server/src/http/', pathNot: TESTS },
      to: { path: '^packages/server/src/db/' },
    },
    {
      name: 'server-domain-not-http',
      comment:
        'The domain knows nothing of HTTP: it throws domain errors, the HTTP layer maps them.',
      severity: 'error',
      from: { path: '^packages/server/src/domain/', pathNot: TESTS },
      to: { path: '^packages/server/src/http/' },
    },
    {
      name: 'cli-ui-not-services',
      comment: 'Ink components are props in, screen out: they never call a service (or the API).',
      severity: 'error',
      from: { path: '^packages/cli/src/ui/', pathNot: TESTS },
      to: { path: '^packages/cli/src/services/' },
    },
    {
      name: 'cli-commands-sdk-types-only',
      comment:
        'A command parses flags, calls a service and hands the result to a view: it may name SDK types, never call the SDK.',
      severity: 'error',
      from: { path: '^packages/cli/src/commands/', pathNot: TESTS },
      // tsconfig.depcruise.json resolves @shop/sdk to its sources (a type-only import needs a resolved module to be seen as one).
      to: { path: '^packages/sdk/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sdk-resources-not-transport',
      comment:
        'Resources are thin typed verbs over the raw client: retries, timeouts, idempotency keys and path serialisation belong to the transport (fetch/, path-serializer.ts).',
      severity: 'error',
      from: { path: '^packages/sdk/src/resources/', pathNot: TESTS },
      to: { path: ['^packages/sdk/src/fetch/', '^packages/sdk/src/path-serializer[.]ts$'] },
    },
    {
      name: 'sdk-resources-client-types-only',
      comment:
        'client.ts assembles the transport; resources see only its contract with them (ResourceContext, RequestOptions), as types.',
      severity: 'error',
      from: { path: '^packages/sdk/src/resources/', pathNot: TESTS },
      to: { path: '^packages/sdk/src/client[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment:
        'Modules load in one order. Cycles made only of type imports are erased by the compiler and allowed.',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'A published package installs without its devDependencies: src/ may not need them at run time.',
      severity: 'error',
      from: { path: '^packages/(sdk|server)/src/', pathNot: TESTS },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-not-to-unbundled-dev-dep',
      comment:
        'The CLI bundles some devDependencies into dist (CLI_BUNDLED); any other devDependency would be missing when installed.',
      severity: 'error',
      from: { path: '^packages/cli/src/', pathNot: TESTS },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: CLI_BUNDLED.map(npmPath),
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', 'packages/sdk/src/generated/'] },
    // `import type` is kept as a (type-only) dependency, so the rules above can tell it apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs'],
    },
  },
};
