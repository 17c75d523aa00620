/** The one loader of openapi.yaml: parsed as written, or with every `$ref` replaced. */
import { dereference, parse, type ParserOptions } from '@apidevtools/json-schema-ref-parser';
import { REPO_ROOT } from './server.js';

export type Json = Record<string, unknown>;

export const SPEC_PATH = `${REPO_ROOT}openapi.yaml`;

// The contract refers only within itself: never fetch a URL from a test.
const OPTIONS: ParserOptions = { resolve: { http: false } };

/** The contract as written (refs kept), e.g. to register the whole document with ajv. */
export async function loadSpec(path = SPEC_PATH): Promise<Json> {
  return (await parse(path, OPTIONS)) as Json;
}

/**
 * The contract with every `$ref` replaced by its target (JSON-pointer escapes `~0`/`~1`
 * decoded); keywords beside a `$ref` win over the target's. Targets reached twice are the same
 * object: read it, do not mutate it.
 */
export async function loadResolvedSpec(path = SPEC_PATH): Promise<Json> {
  return (await dereference(path, OPTIONS)) as Json;
}
