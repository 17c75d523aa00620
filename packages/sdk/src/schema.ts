// Types only: the generated OpenAPI types, published as `@shop/sdk/schema` (no runtime code).
export type { $defs, components, operations, paths, webhooks } from './generated/schema.js';
