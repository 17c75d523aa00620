/** The contract's operations, with every $ref resolved, for generating requests from it. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { REPO_ROOT } from './server.js';

/** The JSON Schema subset openapi.yaml uses. */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
  oneOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The template, e.g. /api/items/{itemId}. */
  path: string;
  parameters: Parameter[];
  body?: Schema;
  secured: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Replaces every `$ref` by its target; sibling keywords (e.g. `maximum` next to a ref) win. */
function resolveRefs(node: unknown, root: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(n, root));
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  const own = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, resolveRefs(v, root)]));
  if (typeof $ref !== 'string') return own;
  const target = $ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], root);
  return { ...(resolveRefs(target, root) as object), ...own };
}

export function loadOperations(specPath = `${REPO_ROOT}openapi.yaml`): Operation[] {
  const raw = parse(readFileSync(specPath, 'utf8')) as Record<string, unknown>;
  const spec = resolveRefs(raw, raw) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters ?? []) as Parameter[];
    for (const method of HTTP_METHODS) {
      const op = item[method] as
        | {
            operationId: string;
            parameters?: Parameter[];
            security?: unknown[];
            requestBody?: { content?: Record<string, { schema?: Schema }> };
          }
        | undefined;
      if (!op) continue;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters: [...shared, ...(op.parameters ?? [])],
        body: op.requestBody?.content?.['application/json']?.schema,
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return operations;
}
