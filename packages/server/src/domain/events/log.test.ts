import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { findEventById } from '../../db/repositories/events.js';
import {
  appendEvent,
  matchesTypes,
  readEvents,
  toEvent,
  toEventJson,
  type NewEvent,
} from './log.js';

const accountId = '3f6c2a9e-8b1d-4c7a-9e2f-5a1b7c3d9e01';
const ping = (at = '2025-08-29T16:00:00.000Z'): NewEvent => ({
  type: 'ping',
  accountId,
  orderId: null,
  requestId: 'req-1',
  createdAt: at,
  data: { object: { hello: 'world' } },
});

describe('the event log', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('refuses to append outside a transaction', () => {
    expect(() => appendEvent(db, ping())).toThrow(/outside a transaction/);
  });

  it('keeps no event of a transaction that rolled back, and the committed one with its seq', () => {
    expect(() =>
      inTransaction(db, () => {
        appendEvent(db, ping());
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    const reader = { accountId, role: 'customer' as const };
    expect(readEvents(db, reader, { limit: 10 }).data).toEqual([]);

    const event = inTransaction(db, () => appendEvent(db, ping()));
    expect(event).toMatchObject({ type: 'ping', accountId, requestId: 'req-1' });
    expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
    const page = readEvents(db, reader, { limit: 10 });
    expect(page).toEqual({ data: [event], nextCursor: event.seq, hasMore: false });
    // Another customer sees nothing of it; an admin sees it.
    expect(readEvents(db, { accountId: 'other', role: 'customer' }, { limit: 10 }).data).toEqual(
      [],
    );
    expect(readEvents(db, { accountId: 'admin', role: 'admin' }, { limit: 10 }).data).toEqual([
      event,
    ]);
  });

  it('matches types, prefix patterns and *', () => {
    expect(matchesTypes(['order.*'], 'order.paid')).toBe(true);
    expect(matchesTypes(['order.*'], 'payment.failed')).toBe(false);
    expect(matchesTypes(['payment.failed'], 'payment.failed')).toBe(true);
    expect(matchesTypes(['*'], 'ping')).toBe(true);
  });

  it('writes an event as JSON text exactly as JSON.stringify of its envelope', () => {
    for (const requestId of ['req-"1"\n', null]) {
      const event = inTransaction(db, () =>
        appendEvent(db, {
          ...ping(),
          requestId,
          data: { object: { name: 'a "quoted" ü', n: 1.5 }, previous: { status: 'PENDING' } },
        }),
      );
      const record = findEventById(db, event.id);
      expect(record).toBeDefined();
      expect(toEventJson(record!)).toBe(JSON.stringify(toEvent(record!)));
    }
  });
});
