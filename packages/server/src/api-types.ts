import type { components } from '@shop/sdk/schema';

/**
 * The contract's schemas as TypeScript types (generated from openapi.yaml into the SDK; a
 * type-only import, erased at build). Domain functions return these shapes.
 */
export type Schemas = components['schemas'];

/** The contract's shared parameters (e.g. `ItemSortBy`, `SortDir`) as TypeScript types. */
export type ApiParameters = components['parameters'];
