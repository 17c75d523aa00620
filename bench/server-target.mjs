// The processes under test for bench/server.mjs: the shop server (logging off), a bare Express
// hello-world, and the "stack floor" — Express with the server's JSON parser and contract
// validator in front of constant answers — started in one child process so all share the
// runtime, the machine and the moment. Prints one JSON line with what the runner needs.
import express from 'express';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { contractMiddleware, startServer } from '@shop/server';

const shop = await startServer({ port: 0, db: ':memory:', logLevel: 'silent', seed: true });

const bare = express();
bare.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});

// What the libraries the server is built on cost before it does any work of its own: the shop
// app's own JSON parser and contract validator, then a fixed answer of the right shape.
const floor = express();
floor.disable('x-powered-by');
floor.set('etag', false);
floor.use(
  contractMiddleware(join(dirname(fileURLToPath(import.meta.url)), '..', 'openapi.yaml'), false),
);
floor.get('/api/inventory/:itemId', (req, res) => {
  res.json({ itemId: req.params.itemId, availableUnits: 5, inStock: true });
});
const at = new Date().toISOString();
floor.post('/api/orders', (req, res) => {
  res.status(201).json({
    orderId: randomUUID(),
    userId: randomUUID(),
    status: 'PENDING',
    totalAmount: 9.99,
    items: req.body.items.map(({ itemId, quantity }) => ({
      itemId,
      itemName: 'Bench Widget',
      unitPrice: 9.99,
      quantity,
      lineTotal: 9.99 * quantity,
    })),
    paymentId: null,
    failureReason: null,
    createdAt: at,
    updatedAt: at,
  });
});
// Four parameters: how Express tells an error handler (a failed validation answers its status).
floor.use((error, _req, res, _next) => {
  res.status(error.status ?? 500).json({ title: error.message });
});

const listen = (app) =>
  new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
const bareServer = await listen(bare);
const floorServer = await listen(floor);
const urlOf = (server) => `http://127.0.0.1:${server.address().port}`;

process.stdout.write(
  `${JSON.stringify({ shopUrl: shop.url, bareUrl: urlOf(bareServer), floorUrl: urlOf(floorServer) })}\n`,
);

const stop = async () => {
  bareServer.close();
  floorServer.close();
  await shop.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
// The runner holds our stdin open; EOF means it is gone (even if it crashed). A line "cpu" asks
// for this process's CPU time so far (µs), which stays meaningful on a busy machine.
process.stdin.on('end', stop);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuMicros: user + system })}\n`);
  }
});
