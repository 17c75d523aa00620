// The processes under test for bench/server.mjs and bench/peer-prism.mjs: the shop server (on a
// SQLite file, as `shop-server` runs by default; request logging at LOG_LEVEL, default off), a
// bare Express hello-world, and the "stack floor" — Express with the server's JSON parser and
// contract validator in front of constant answers — started in one child process so all share
// the runtime, the machine and the moment. Talks to the runner over the IPC channel (see
// target.mjs), so stdout stays free for the server's own log lines.
import express from 'express';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractMiddleware, startServer } from '@shop/server';

const shop = await startServer({
  port: 0,
  db: process.env.BENCH_DB ?? ':memory:',
  logLevel: process.env.LOG_LEVEL ?? 'silent',
  seed: true,
  dev: process.env.BENCH_DEV === '1',
});

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

const stop = async () => {
  bareServer.close();
  floorServer.close();
  await shop.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
// The IPC channel closes when the runner is gone, however it went (even if it crashed).
process.on('disconnect', stop);
// "cpu" asks for this process's CPU time so far (µs), which stays meaningful on a busy machine.
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ cpuMicros: user + system });
  }
});

// Last: the runner may stop this process as soon as it hears the URLs.
process.send({
  shopUrl: shop.url,
  bareUrl: urlOf(bareServer),
  floorUrl: urlOf(floorServer),
});
