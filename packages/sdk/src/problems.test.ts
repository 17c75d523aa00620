import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemCodeInfo, problemCodes } from './problems.js';

const contract = readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8');

/** Each problem example of the contract: its code with the title and status beside it. */
function contractExamples(): { code: string; title?: string; status?: number }[] {
  const lines = contract.split('\n');
  const examples: { code: string; title?: string; status?: number }[] = [];
  lines.forEach((line, index) => {
    const match = /^(\s+)code: (\S+)$/.exec(line);
    if (!match?.[1] || !match[2]) return;
    const indent = match[1];
    const example: { code: string; title?: string; status?: number } = { code: match[2] };
    // Walk up the same mapping (same indentation) to its title and status.
    for (let i = index - 1; i >= 0; i -= 1) {
      const above = lines[i] ?? '';
      if (!above.startsWith(indent) || /^\s/.test(above.slice(indent.length))) {
        if (above.startsWith(indent)) continue; // a folded continuation line
        break;
      }
      const field = /^(title|status): (.+)$/.exec(above.slice(indent.length));
      if (field?.[1] === 'title') example.title = field[2];
      if (field?.[1] === 'status') example.status = Number(field[2]);
    }
    examples.push(example);
  });
  return examples;
}

/** The contract's event types (the `EventType` enum): dotted names too, but not problem codes. */
const eventTypes = new Set(
  [
    ...(
      /\n {4}EventType:\n(?: {6}.*\n)*?(?: {6}enum:\n)((?: {8}- .*\n)+)/.exec(contract)?.[1] ?? ''
    ).matchAll(/- (\S+)/g),
  ].map((match) => match[1] ?? ''),
);

/** Every code named in backticks in the contract's descriptions, e.g. `inventory.insufficient`. */
const describedCodes = new Set(
  [...contract.matchAll(/`([a-z_]+\.[a-z_]+)`/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => !eventTypes.has(name)),
);

describe('problemCodes', () => {
  it('has an entry for every code the contract describes or shows in an example', () => {
    const named = new Set([...describedCodes, ...contractExamples().map((e) => e.code)]);
    expect(named.size).toBeGreaterThan(25);
    expect(eventTypes.has('order.paid')).toBe(true);
    expect([...named].filter((code) => problemCodeInfo(code) === undefined)).toEqual([]);
  });

  it('holds no code the contract does not name', () => {
    const named = new Set([...describedCodes, ...contractExamples().map((e) => e.code)]);
    expect(Object.keys(problemCodes).filter((code) => !named.has(code))).toEqual([]);
  });

  it("agrees with the title and status of each of the contract's examples", () => {
    const examples = contractExamples();
    expect(examples.filter((e) => e.title && e.status).length).toBeGreaterThan(20);
    for (const { code, title, status } of examples) {
      const info = problemCodeInfo(code);
      if (title !== undefined) expect({ code, title: info?.title }).toEqual({ code, title });
      if (status !== undefined && info?.status !== undefined) {
        expect({ code, status: info.status }).toEqual({ code, status });
      }
    }
  });

  it('answers undefined for unknown codes, including inherited property names', () => {
    expect(problemCodeInfo('nope.unknown')).toBeUndefined();
    expect(problemCodeInfo('toString')).toBeUndefined();
    expect(problemCodeInfo('order.not_found')?.status).toBe(404);
  });
});
