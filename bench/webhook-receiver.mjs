// A webhook receiver on 127.0.0.1 for the events rows of bench/server.mjs: a plain node:http
// server that answers at once and counts only deliveries whose Standard Webhooks signature
// verifies, so the deliveries/s figure counts real, correct arrivals.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { Webhook } from 'standardwebhooks';

/**
 * `answer` is 'ok' (204) or 'abort' (500 with `webhook-delivery: abort-message`, which fails the
 * delivery at once without retries, so a recover can requeue it). Set `secret` once the endpoint
 * exists; until then nothing verifies.
 */
export async function startReceiver() {
  let verifier;
  const receiver = {
    answer: 'ok',
    verified: 0,
    rejected: 0,
    ids: new Set(),
    set secret(value) {
      verifier = new Webhook(value);
    },
    reset() {
      receiver.verified = 0;
      receiver.rejected = 0;
      receiver.ids.clear();
    },
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        verifier.verify(Buffer.concat(chunks).toString('utf8'), req.headers);
        receiver.verified += 1;
        receiver.ids.add(req.headers['webhook-id']);
      } catch {
        receiver.rejected += 1;
      }
      if (receiver.answer === 'abort') {
        res.writeHead(500, { 'webhook-delivery': 'abort-message' }).end();
      } else {
        res.writeHead(204).end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  receiver.url = `http://127.0.0.1:${server.address().port}/hooks`;
  receiver.close = () => new Promise((resolve) => server.close(resolve));
  /** Resolves once `count` verified deliveries have arrived; rejects after `timeoutMs`. */
  receiver.until = async (count, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (receiver.verified < count) {
      if (Date.now() > deadline) {
        throw new Error(`webhook receiver: ${receiver.verified} of ${count} deliveries arrived`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return receiver;
}
