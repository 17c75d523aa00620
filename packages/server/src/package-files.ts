import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where this module runs from: `src/` under vitest/tsx, `dist/` once bundled by tsup. Both sit
 * directly in the package folder, so package-relative paths work the same from either.
 */
const here = (): string => dirname(fileURLToPath(import.meta.url));

/**
 * The contract the validator loads and `/openapi.yaml` serves: the copy the build puts next to
 * the bundle (`dist/openapi.yaml`, what a published package has), else the repository root's.
 */
export function findSpecPath(): string {
  const candidates = [
    join(here(), 'openapi.yaml'),
    join(here(), '..', 'openapi.yaml'),
    join(here(), '..', '..', '..', 'openapi.yaml'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`openapi.yaml not found; looked at ${candidates.join(', ')}`);
  return found;
}

let version: string | undefined;

/** This package's version (read once, lazily). */
export function serverVersion(): string {
  version ??= (
    JSON.parse(readFileSync(join(here(), '..', 'package.json'), 'utf8')) as { version: string }
  ).version;
  return version;
}
