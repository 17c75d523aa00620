import { randomUUID } from 'node:crypto';
import type { Schemas } from '../../api-types.js';
import type { Db } from '../../db/database.js';
import { insertOutboxMessage, type Topic } from '../../db/repositories/outbox.js';

/** The spec's `PaymentRequestEvent` (topic payment-request-events). */
export type PaymentRequestEvent = Schemas['PaymentRequestEvent'];

/** The spec's `PaymentResultEvent` (topic payment-result-events). */
export type PaymentResultEvent = Schemas['PaymentResultEvent'];

export const REQUEST_TOPIC: Topic = 'payment-request-events';
const RESULT_TOPIC: Topic = 'payment-result-events';

type WithoutEnvelope<T> = Omit<T, 'messageId' | 'timestamp'>;

/** Writes a message to the outbox inside the caller's transaction; the worker delivers it. */
function enqueue(db: Db, topic: Topic, body: { orderId: string }, now: Date): string {
  const messageId = randomUUID();
  // Key order follows the schema, so stored payloads read naturally.
  const payload = { messageId, ...body, timestamp: now.getTime() };
  insertOutboxMessage(db, {
    messageId,
    topic,
    orderId: body.orderId,
    payload: JSON.stringify(payload),
    availableAt: now.getTime(),
    createdAt: now.toISOString(),
  });
  return messageId;
}

export const enqueuePaymentRequest = (
  db: Db,
  event: WithoutEnvelope<PaymentRequestEvent>,
  now: Date,
) => enqueue(db, REQUEST_TOPIC, event, now);

export const enqueuePaymentResult = (
  db: Db,
  event: WithoutEnvelope<PaymentResultEvent>,
  now: Date,
) => enqueue(db, RESULT_TOPIC, event, now);
