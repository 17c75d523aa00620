/** The contract's operations, with every $ref resolved, for generating requests from it. */
import { loadResolvedSpec, SPEC_PATH } from '@shop/test-kit';

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

export async function loadOperations(specPath = SPEC_PATH): Promise<Operation[]> {
  const spec = (await loadResolvedSpec(specPath)) as {
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
