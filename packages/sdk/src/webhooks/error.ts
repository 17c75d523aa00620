/** Why a delivery was refused; stable, so a handler can branch on it (and log it). */
export type WebhookVerificationReason =
  'missing_header' | 'bad_signature' | 'timestamp_too_old' | 'timestamp_in_future' | 'bad_payload';

/**
 * The one error `verifyWebhook` throws for a delivery it refuses. Answer it with a 4xx (400 is
 * usual): the sender retries, and a genuine delivery then verifies once the cause is fixed.
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The most common cause of a signature that "should" match, named where it bites. */
export const RAW_BODY_HINT =
  "verify the raw request body: a re-serialised JSON body does not match its signature (in Express use express.raw({ type: 'application/json' }))";
