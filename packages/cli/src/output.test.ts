import { describe, expect, it } from 'vitest';
import { money } from './format.js';
import { formatTable, type Column } from './output.js';

interface Row {
  id: string;
  name: string;
  price: number;
  created: string;
}

const rows: Row[] = [
  {
    id: '65f1c2d3e4f5a6b7c8d9e0f1',
    name: 'Noise-Cancelling Headphones',
    price: 1299,
    created: '2026-12-06 10:00:00 UTC',
  },
  {
    id: '65f1c2d3e4f5a6b7c8d9e0f2',
    name: 'Yoga Mat',
    price: 29.9,
    created: '2026-12-06 10:00:00 UTC',
  },
];
const columns: Column<Row>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'NAME', value: (r) => r.name, shrink: true },
  { header: 'PRICE', value: (r) => money(r.price), align: 'right' },
  { header: 'CREATED', value: (r) => r.created, optional: true },
];

describe('formatTable', () => {
  it('prints every character when there is room', () => {
    const table = formatTable(rows, columns);
    expect(table).toContain('Noise-Cancelling Headphones');
    expect(table).toContain('$1,299.00');
  });

  it('fits a width by cutting the name, then leaving out optional columns; ids and money stay whole', () => {
    const wide = formatTable(rows, columns, false, 80);
    for (const line of wide.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(wide).toContain('CREATED');
    expect(wide).toContain('Noise-Cancelling …');

    const narrow = formatTable(rows, columns, false, 48);
    const lines = narrow.split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(48);
    expect(narrow).not.toContain('CREATED');
    expect(lines[1]).toMatch(/^65f1c2d3e4f5a6b7c8d9e0f1 {2}Noise-Canc… {2}\$1,299\.00$/);
    expect(lines[2]).toMatch(/^65f1c2d3e4f5a6b7c8d9e0f2 {2}Yoga Mat {3}\s+\$29\.90$/);
  });
});
