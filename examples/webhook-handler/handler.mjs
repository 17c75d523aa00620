// A webhook receiver for The-Mall events: Express, the raw body, verifyWebhook. The secret is
// the endpoint's `whsec_…` (from `shop webhooks create` or `shop listen --print-secret`).
import express from 'express';
import { verifyWebhook, WebhookVerificationError } from '@shop/sdk/webhooks';

export const app = express();
// The signature covers the exact bytes sent: keep this route's body raw (no express.json()).
app.post('/webhooks', express.raw({ type: 'application/json' }), async (req, res) => {
  let event;
  try {
    event = await verifyWebhook(req.body, req.headers, process.env.SHOP_WEBHOOK_SECRET);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return res.status(400).send(error.reason); // forged, altered or stale: never handled
  }
  if (event.type === 'order.paid') {
    console.log(`order ${event.data.object.orderId} paid (${event.data.object.paymentId})`);
  }
  res.sendStatus(204); // any 2xx ends the retries
});
