import type { paths } from '@shop/sdk';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The methods the contract defines on a path (absent ones are `?: never` in the types). */
type MethodsOf<P extends keyof paths> = {
  [M in Method]: [paths[P][M]] extends [undefined] ? never : M;
}[Method];

/** The methods of a path whose operation declares an `Idempotency-Key` header. */
type KeyedMethodsOf<P extends keyof paths> = {
  [M in MethodsOf<P>]: paths[P][M] extends { parameters: { header?: infer H } }
    ? [NonNullable<H>] extends [never]
      ? never
      : 'Idempotency-Key' extends keyof NonNullable<H>
        ? M
        : never
    : never;
}[MethodsOf<P>];

/** The methods of a path whose 200 response is a page (`content` and `last`). */
type PagedMethodsOf<P extends keyof paths> = {
  [M in MethodsOf<P>]: paths[P][M] extends {
    responses: { 200: { content: { 'application/json': infer B } } };
  }
    ? B extends { content: unknown[]; last: boolean }
      ? M
      : never
    : never;
}[MethodsOf<P>];

interface PathOperations<P extends keyof paths> {
  methods: readonly MethodsOf<P>[];
  /** Methods that take an `Idempotency-Key` (the SDK sends one on every such call). */
  keyed: readonly KeyedMethodsOf<P>[];
  /** Methods that answer a page of a list (`shop api --paginate` follows them). */
  paged: readonly PagedMethodsOf<P>[];
}

/**
 * Every operation of the contract, for `shop api` and its completion. The `satisfies` clause and
 * the two checks below fail the build when openapi.yaml adds, drops or changes one.
 */
const OPERATIONS = {
  '/api/accounts': { methods: ['post'], keyed: [], paged: [] },
  '/api/accounts/{accountId}': { methods: ['get', 'put'], keyed: [], paged: [] },
  '/api/auth/login': { methods: ['post'], keyed: [], paged: [] },
  '/api/auth/validate': { methods: ['get'], keyed: [], paged: [] },
  '/api/items': { methods: ['get', 'post'], keyed: [], paged: ['get'] },
  '/api/items/{itemId}': { methods: ['get', 'put', 'delete'], keyed: [], paged: [] },
  '/api/items/upc/{upc}': { methods: ['get'], keyed: [], paged: [] },
  '/api/inventory/{itemId}': { methods: ['get', 'put'], keyed: [], paged: [] },
  '/api/inventory/{itemId}/available': { methods: ['get'], keyed: [], paged: [] },
  '/api/inventory/{itemId}/operations': { methods: ['post'], keyed: [], paged: [] },
  '/api/orders': { methods: ['get', 'post'], keyed: ['post'], paged: ['get'] },
  '/api/orders/{orderId}': { methods: ['get', 'delete'], keyed: [], paged: [] },
  '/api/payments': { methods: ['get'], keyed: [], paged: ['get'] },
  '/api/payments/{paymentId}': { methods: ['get'], keyed: [], paged: [] },
  '/api/payments/{paymentId}/refund': { methods: ['post'], keyed: ['post'], paged: [] },
  '/api/webhook-endpoints': { methods: ['get', 'post'], keyed: [], paged: [] },
  '/api/webhook-endpoints/{endpointId}': {
    methods: ['get', 'patch', 'delete'],
    keyed: [],
    paged: [],
  },
  '/api/webhook-endpoints/{endpointId}/rotate-secret': { methods: ['post'], keyed: [], paged: [] },
  '/api/webhook-endpoints/{endpointId}/test': { methods: ['post'], keyed: [], paged: [] },
  '/api/webhook-endpoints/{endpointId}/recover': { methods: ['post'], keyed: [], paged: [] },
  '/api/events': { methods: ['get'], keyed: [], paged: [] },
  '/api/events/stream': { methods: ['get'], keyed: [], paged: [] },
  '/api/events/{eventId}': { methods: ['get'], keyed: [], paged: [] },
  '/api/events/{eventId}/deliveries': { methods: ['get'], keyed: [], paged: [] },
  '/api/events/{eventId}/resend': { methods: ['post'], keyed: [], paged: [] },
  '/health': { methods: ['get'], keyed: [], paged: [] },
} as const satisfies { [P in keyof paths]: PathOperations<P> };

type Listed = typeof OPERATIONS;
interface Derived<P extends keyof paths> {
  methods: MethodsOf<P>;
  keyed: KeyedMethodsOf<P>;
  paged: PagedMethodsOf<P>;
}
type Unlisted<K extends keyof Derived<keyof paths>> = {
  [P in keyof paths]: Exclude<Derived<P>[K], Listed[P][K][number]>;
}[keyof paths];
// Each is `true` only when no method of the contract is missing from the table.
const allMethodsListed: [Unlisted<'methods'>] extends [never] ? true : Unlisted<'methods'> = true;
const allKeyedListed: [Unlisted<'keyed'>] extends [never] ? true : Unlisted<'keyed'> = true;
const allPagedListed: [Unlisted<'paged'>] extends [never] ? true : Unlisted<'paged'> = true;
void [allMethodsListed, allKeyedListed, allPagedListed];

export type OperationPath = keyof Listed;

export interface Operation {
  method: string;
  /** The contract's path template, e.g. `/api/orders/{orderId}`. */
  template: OperationPath;
  /** Path parameters read from the concrete path, e.g. `{ orderId: '8d2e…' }`. */
  params: Record<string, string>;
  keyed: boolean;
  paged: boolean;
}

const TEMPLATES = Object.keys(OPERATIONS) as OperationPath[];

/** `METHOD /path/{param}` for every operation, in contract order: what completion offers. */
export function operationList(): { method: string; template: OperationPath; paged: boolean }[] {
  return TEMPLATES.flatMap((template) => {
    const { methods, paged } = OPERATIONS[template];
    return methods.map((method) => ({
      method: method.toUpperCase(),
      template,
      paged: (paged as readonly string[]).includes(method),
    }));
  });
}

/** Matches a concrete path (`/api/orders/8d2e…`, no query) against a template, segment by segment. */
function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = got[i] ?? '';
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (name) {
      if (value === '') return undefined;
      params[name] = decodeURIComponent(value);
    } else if (segment !== value) return undefined;
  }
  return params;
}

export type Lookup =
  | { found: Operation }
  | { wrongMethod: { template: OperationPath; methods: string[] } }
  | { unknownPath: true };

/** Finds the contract operation for a method and a concrete path. */
export function findOperation(method: string, path: string): Lookup {
  const upper = method.toUpperCase();
  for (const template of TEMPLATES) {
    const params = matchTemplate(template, path);
    if (!params) continue;
    const operations = OPERATIONS[template];
    const methods = operations.methods.map((m) => m.toUpperCase());
    if (!methods.includes(upper)) return { wrongMethod: { template, methods } };
    const has = (list: readonly string[]): boolean => list.includes(upper.toLowerCase());
    return {
      found: {
        method: upper,
        template,
        params,
        keyed: has(operations.keyed),
        paged: has(operations.paged),
      },
    };
  }
  return { unknownPath: true };
}

/** `path` with each segment where `template` has a `{param}` replaced by that `{param}`. */
function shapedLike(template: string, path: string): string {
  const want = template.split('/');
  // A concrete id in place of `{orderId}` is not a typo.
  return path
    .split('/')
    .map((segment, i) => (/^\{\w+\}$/.test(want[i] ?? '') ? (want[i] as string) : segment))
    .join('/');
}

/** The templates closest to what was typed (edit distance on the path), best first. */
export async function closestTemplates(path: string, count = 1): Promise<OperationPath[]> {
  // Loaded on this error path only, not on every start.
  const { distance } = await import('fastest-levenshtein');
  return [...TEMPLATES]
    .map((template) => ({ template, distance: distance(template, shapedLike(template, path)) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count)
    .map(({ template }) => template);
}
