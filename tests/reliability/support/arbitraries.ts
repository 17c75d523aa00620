/**
 * A compact JSON Schema → fast-check mapper for the subset openapi.yaml uses: `valid` gives
 * values the schema accepts (mostly: it is a fuzzer, not a proof), `invalid` gives values it
 * should reject (wrong types, bounds ±1, broken patterns, odd Unicode, injection strings, missing
 * and extra fields). Pools of real ids, keyed by property/parameter name, steer values into the
 * business paths (existing items, orders, accounts) as well as the validator.
 */
import fc from 'fast-check';
import type { Schema } from './spec.js';

export type Pools = Record<string, readonly string[]>;

/** Strings that have broken servers before: injections, traversal, odd Unicode, control chars. */
export const NASTY_STRINGS = [
  "' OR 1=1 --",
  '"; DROP TABLE items; --',
  "1'; DELETE FROM accounts WHERE '1'='1",
  '../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f',
  'a\u0000b',
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Egnp.exe',
  '\uFEFF',
  'e\u0301\u0301\u0301',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  '𝕋𝕙𝕖 𝕄𝕒𝕝𝕝',
  '١٢٣٤٥٦',
  '１２３４５６',
  ' ',
  '',
  'null',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '%s%s%s%n',
  'x'.repeat(10_000),
  '😀'.repeat(3_000),
];

const types = (schema: Schema): string[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** A value of a JSON type the schema does not allow. */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const allowed = new Set(types(schema));
  if (allowed.has('integer')) allowed.add('number');
  const kinds: Record<string, fc.Arbitrary<unknown>> = {
    null: fc.constant(null),
    boolean: fc.boolean(),
    number: fc.oneof(fc.integer(), fc.constant(1.5)),
    string: fc.oneof(fc.constant('1'), fc.string({ maxLength: 10 })),
    array: fc.array(fc.nat(9), { maxLength: 2 }),
    object: fc.constant({ nested: true }),
  };
  const options = Object.entries(kinds)
    .filter(([kind]) => !allowed.has(kind))
    .map(([, arb]) => arb);
  return options.length > 0 ? fc.oneof(...options) : anyJson;
}

/** A string that fits the schema's length/pattern/format (or comes from a pool of real ones). */
function validString(schema: Schema, pool: readonly string[] | undefined): fc.Arbitrary<string> {
  let base: fc.Arbitrary<string>;
  if (schema.enum) base = fc.constantFrom(...(schema.enum as string[]));
  else if (schema.const !== undefined) base = fc.constant(schema.const as string);
  else if (schema.pattern) base = fc.stringMatching(new RegExp(schema.pattern));
  else if (schema.format === 'uuid') base = fc.uuid({ version: 4 });
  else if (schema.format === 'email')
    base = fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9]{1,16}@example\.com$/) },
      { weight: 1, arbitrary: fc.emailAddress() },
    );
  else if (schema.format === 'uri')
    base = fc.webUrl({ withQueryParameters: true }).filter((u) => u.length <= 2048);
  else {
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.min(schema.maxLength ?? 40, minLength + 40);
    base = fc.oneof(
      fc.string({ minLength, maxLength }),
      fc.string({ minLength, maxLength, unit: 'grapheme' }),
    );
  }
  return pool && pool.length > 0
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: base })
    : base;
}

/** Money-like and integer values inside the bounds, biased to small ones. */
function validNumber(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? 0.01 : -1_000_000);
  const max = schema.maximum ?? 1_000_000_000;
  if (types(schema).includes('integer')) {
    return fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min, max: Math.min(max, min + 10) }) },
      { weight: 1, arbitrary: fc.integer({ min, max }) },
    );
  }
  const cents = fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) });
  return cents.map((c) => c / 100);
}

export function valid(schema: Schema, pools: Pools = {}, name?: string): fc.Arbitrary<unknown> {
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => valid(s, pools, name)));
  const kinds = types(schema);
  const options: fc.Arbitrary<unknown>[] = [];
  for (const kind of kinds) {
    if (kind === 'null') options.push(fc.constant(null));
    else if (kind === 'string') options.push(validString(schema, name ? pools[name] : undefined));
    else if (kind === 'integer' || kind === 'number') options.push(validNumber(schema));
    else if (kind === 'boolean') options.push(fc.boolean());
    else if (kind === 'array') {
      const itemArb = schema.items ? valid(schema.items, pools) : anyJson;
      options.push(
        fc.array(itemArb, {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 5, (schema.minItems ?? 0) + 2),
        }),
      );
    } else if (kind === 'object') options.push(validObject(schema, pools));
  }
  if (options.length === 0) return anyJson;
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

function validObject(schema: Schema, pools: Pools): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0) {
    // Free-form (metadata): a small dictionary of JSON values.
    return fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: 4 });
  }
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, sub]) => [key, valid(sub, pools, key)]),
  );
  const record = fc.record(model, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<
    Record<string, unknown>
  >;
  const minProperties = schema.minProperties ?? 0;
  return minProperties > 0
    ? record.filter((value) => Object.keys(value).length >= minProperties)
    : record;
}

/** A value the schema rejects (or, for unconstrained strings, one that stresses the server). */
export function invalid(schema: Schema, pools: Pools = {}): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [wrongType(schema), fc.constantFrom(...NASTY_STRINGS)];
  const kinds = types(schema);
  if (kinds.includes('string')) {
    if (schema.maxLength !== undefined) {
      options.push(fc.string({ minLength: schema.maxLength + 1, maxLength: schema.maxLength + 3 }));
    }
    if ((schema.minLength ?? 0) > 0) {
      options.push(fc.string({ maxLength: schema.minLength! - 1 }));
    }
    if (schema.enum)
      options.push(fc.constantFrom(...(schema.enum as string[]).map((e) => e.toLowerCase() + '_')));
    if (schema.pattern || schema.format) {
      options.push(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.constantFrom(
          '65F1C0A2B3D4E5F60718293A',
          '65f1c0a2b3d4e5f60718293',
          'not-a-uuid',
          '3F6C2A9E-8B1D-4C7A-9E2F-5A1B7C3D9E01x',
          '0',
          '12345',
        ),
      );
    }
  }
  if (kinds.includes('integer') || kinds.includes('number')) {
    const min = schema.minimum ?? schema.exclusiveMinimum ?? 0;
    const max = schema.maximum ?? 1_000_000_000;
    options.push(
      fc.constantFrom(min - 1, max + 1, -1, 0, 1.005, 0.001, 1e21, -1e21, 1e308, 2 ** 53 + 2, -0),
      // Out of range, or a fraction where an integer is due.
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter((d) => d < min || d > max || (kinds.includes('integer') && !Number.isInteger(d))),
    );
    if (kinds.includes('integer')) options.push(fc.constantFrom(1.5, '1', '0x10'));
  }
  if (kinds.includes('array')) {
    const itemArb = schema.items ? valid(schema.items, pools) : anyJson;
    if (schema.maxItems !== undefined) {
      options.push(
        fc.array(itemArb, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 2 }),
      );
    }
    if ((schema.minItems ?? 0) > 0) options.push(fc.constant([]));
    if (schema.items)
      options.push(fc.array(invalid(schema.items, pools), { minLength: 1, maxLength: 3 }));
  }
  if (kinds.includes('object') && schema.properties) options.push(invalidObject(schema, pools));
  return fc.oneof(...options);
}

/** An object with one defect: a required key missing, an extra key, or one bad value. */
function invalidObject(schema: Schema, pools: Pools): fc.Arbitrary<unknown> {
  const base = validObject(schema, pools);
  const keys = Object.keys(schema.properties ?? {});
  const options: fc.Arbitrary<unknown>[] = [
    fc
      .tuple(base, fc.string({ minLength: 1, maxLength: 12 }), anyJson)
      .map(([value, key, extra]) => ({ ...value, [key in value ? `${key}_x` : key]: extra })),
    fc.constant({ role: 'admin' }).chain((extra) => base.map((value) => ({ ...value, ...extra }))),
    fc.constantFrom(...keys).chain((key) =>
      fc.tuple(base, invalid(schema.properties![key]!, pools)).map(([value, bad]) => ({
        ...value,
        [key]: bad,
      })),
    ),
  ];
  const required = schema.required ?? [];
  if (required.length > 0) {
    options.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([value, key]) => {
        const copy = { ...value };
        delete copy[key];
        return copy;
      }),
    );
  }
  if ((schema.minProperties ?? 0) > 0) options.push(fc.constant({}));
  return fc.oneof(...options);
}
