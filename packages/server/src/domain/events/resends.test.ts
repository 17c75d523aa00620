import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { resendEvent } from '../webhooks/endpoints.js';
import { appendEvent, type Event, type EventReader } from './log.js';
import { onResend } from './resends.js';

const reader: EventReader = { accountId: '3f6c2a9e-8b1d-4c7a-9e2f-5a1b7c3d9e01', role: 'customer' };

/** Lets every callback queued with setImmediate (the listeners' turn) run. */
const nextTurns = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('announcing a resend to the live streams', () => {
  let db: Db;
  let event: Event;
  let heard: Event[];
  beforeEach(() => {
    db = openDatabase(':memory:');
    event = inTransaction(db, () =>
      appendEvent(db, {
        type: 'ping',
        accountId: reader.accountId,
        orderId: null,
        requestId: null,
        createdAt: '2025-08-29T16:00:00.000Z',
        data: { object: { hello: 'world' } },
      }),
    );
    heard = [];
    onResend(db, reader, {}, (resent) => heard.push(resent));
  });
  afterEach(() => db.close());

  it('announces a committed resend', async () => {
    resendEvent(db, reader, event.id, undefined, new Date());
    await nextTurns();
    expect(heard).toEqual([event]);
  });

  it('says nothing of a resend whose transaction rolled back', async () => {
    // The resend joins the caller's transaction, which then fails.
    expect(() =>
      inTransaction(db, () => {
        resendEvent(db, reader, event.id, undefined, new Date());
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    await nextTurns();
    expect(heard).toEqual([]);
  });

  it('says nothing of a resend in a savepoint that rolled back, though the outer one commits', async () => {
    inTransaction(db, () => {
      expect(() =>
        inTransaction(db, () => {
          resendEvent(db, reader, event.id, undefined, new Date());
          throw new Error('this part failed');
        }),
      ).toThrow('this part failed');
    });
    await nextTurns();
    expect(heard).toEqual([]);
  });
});
