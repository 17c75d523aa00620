import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResolvedSpec, loadSpec } from './spec.js';

const dir = mkdtempSync(join(tmpdir(), 'test-kit-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Keys holding `/` and `~` are reached through `~1` and `~0`; `~01` is a literal `~1`, so the
// escapes must be decoded `~1` first, then `~0` (RFC 6901).
const fixture = join(dir, 'escapes.yaml');
writeFileSync(
  fixture,
  `components:
  schemas:
    a/b: { type: string }
    c~d: { type: integer }
    e~1f: { type: boolean }
    e/f: { type: number }
use:
  slash: { $ref: '#/components/schemas/a~1b' }
  tilde: { $ref: '#/components/schemas/c~0d' }
  literal: { $ref: '#/components/schemas/e~01f' }
  sibling: { $ref: '#/components/schemas/a~1b', maxLength: 1 }
`,
);

describe('loadResolvedSpec', () => {
  it('decodes ~1 as / and ~0 as ~ in JSON pointers', async () => {
    const spec = (await loadResolvedSpec(fixture)) as { use: Record<string, unknown> };
    expect(spec.use.slash).toEqual({ type: 'string' });
    expect(spec.use.tilde).toEqual({ type: 'integer' });
    expect(spec.use.literal).toEqual({ type: 'boolean' });
  });

  it('lets keywords beside a $ref win over its target', async () => {
    const spec = (await loadResolvedSpec(fixture)) as { use: Record<string, unknown> };
    expect(spec.use.sibling).toEqual({ type: 'string', maxLength: 1 });
  });

  it('leaves no $ref in the contract', async () => {
    const spec = await loadResolvedSpec();
    expect(Object.keys(spec.paths as object)).toContain('/api/orders');
    expect(JSON.stringify(spec)).not.toContain('"$ref"');
  });
});

describe('loadSpec', () => {
  it('keeps refs as written', async () => {
    const spec = (await loadSpec(fixture)) as { use: Record<string, unknown> };
    expect(spec.use.tilde).toEqual({ $ref: '#/components/schemas/c~0d' });
  });
});
