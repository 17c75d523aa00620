import { describe, expect, it } from 'vitest';
import { loadResolvedSpec, type Json } from '@shop/test-kit';
import { makeAjv } from './spec-ajv.js';

// Every example in openapi.yaml must be valid against the schema it illustrates, so the docs,
// the SDK's types and the server's validator never disagree with what we show users.

// Every $ref replaced (parameters, responses, examples and schemas alike).
const spec = await loadResolvedSpec();

interface Case {
  where: string;
  schema: unknown;
  value: unknown;
}

/** Walks one media-type/parameter/header object and yields (schema, example) pairs. */
function examplesOf(where: string, holder: Json | undefined): Case[] {
  if (!holder?.schema) return [];
  const cases: Case[] = [];
  if ('example' in holder)
    cases.push({ where: `${where} example`, schema: holder.schema, value: holder.example });
  const examples = (holder.examples ?? {}) as Record<string, unknown>;
  for (const [name, ex] of Object.entries(examples)) {
    const value = (ex as Json).value;
    if (value !== undefined)
      cases.push({ where: `${where} examples.${name}`, schema: holder.schema, value });
  }
  return cases;
}

function collect(): Case[] {
  const cases: Case[] = [];
  const operations: [string, Json][] = [];
  for (const [section, entries] of [
    ['paths', spec.paths],
    ['webhooks', spec.webhooks],
  ] as const) {
    for (const [path, item] of Object.entries((entries ?? {}) as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if (['get', 'put', 'post', 'delete', 'patch'].includes(method))
          operations.push([`${section} ${method.toUpperCase()} ${path}`, op as Json]);
      }
    }
  }
  for (const [where, op] of operations) {
    for (const p of (op.parameters ?? []) as unknown[]) {
      const param = p as Json;
      cases.push(...examplesOf(`${where} param ${String(param.name)}`, param));
    }
    const body = op.requestBody as Json | undefined;
    for (const [type, media] of Object.entries((body?.content ?? {}) as Json))
      cases.push(...examplesOf(`${where} request ${type}`, media as Json));
    for (const [status, r] of Object.entries((op.responses ?? {}) as Json)) {
      const response = r as Json;
      for (const [type, media] of Object.entries((response.content ?? {}) as Json))
        cases.push(...examplesOf(`${where} ${status} ${type}`, media as Json));
    }
  }
  for (const [name, schema] of Object.entries(((spec.components as Json)?.schemas ?? {}) as Json)) {
    const s = schema as Json;
    for (const [i, value] of ((s.examples ?? []) as unknown[]).entries())
      cases.push({
        where: `components.schemas.${name} examples[${i}]`,
        schema: s,
        value,
      });
  }
  return cases;
}

const cases = collect();

describe('openapi.yaml examples', () => {
  const ajv = makeAjv();

  it('has examples to check', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases.map((c) => [c.where, c] as const))('%s is valid', (_where, c) => {
    const validate = ajv.compile(c.schema as Json);
    const ok = validate(c.value);
    expect(validate.errors ?? [], JSON.stringify(c.value)).toEqual([]);
    expect(ok).toBe(true);
  });
});
