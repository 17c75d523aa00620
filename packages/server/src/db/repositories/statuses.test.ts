import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import type { OrderStatus } from './orders.js';
import type { PaymentStatus } from './payments.js';

// Complete by type: a status added to or removed from the contract fails the typecheck here.
const ORDER_STATUSES = Object.keys({
  PENDING: true,
  INVENTORY_RESERVED: true,
  PAID: true,
  PAYMENT_FAILED: true,
  FAILED: true,
  CANCELLED: true,
  REFUNDED: true,
} satisfies Record<OrderStatus, true>);
const PAYMENT_STATUSES = Object.keys({
  PENDING: true,
  SUCCESS: true,
  FAILED: true,
  UPDATED: true,
  REFUNDED: true,
} satisfies Record<PaymentStatus, true>);

/** The values a table's `status IN (…)` CHECK constraint admits. */
function checkedStatuses(table: string): string[] {
  const db = openDatabase(':memory:');
  try {
    const { sql } = db
      .prepare<[string], { sql: string }>(`SELECT sql FROM sqlite_master WHERE name = ?`)
      .get(table)!;
    const list = /status\s+TEXT NOT NULL CHECK \(status IN \(([^)]*)\)\)/.exec(sql)?.[1] ?? '';
    return [...list.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1] ?? '');
  } finally {
    db.close();
  }
}

describe("the database's status constraints", () => {
  it("admit exactly the contract's order statuses", () => {
    expect(checkedStatuses('orders').sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it("admit exactly the contract's payment statuses", () => {
    expect(checkedStatuses('payments').sort()).toEqual([...PAYMENT_STATUSES].sort());
  });
});
