// The processes under test for bench/server.mjs: the shop server (logging off) and a bare
// Express hello-world, started the same way in one child process so the baseline shares the
// runtime, the machine and the moment. Prints one JSON line with what the runner needs.
import express from 'express';
import { createInterface } from 'node:readline';
import { startServer } from '@shop/server';

const shop = await startServer({ port: 0, db: ':memory:', logLevel: 'silent', seed: true });

const bare = express();
bare.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});
const bareServer = await new Promise((resolve) => {
  const s = bare.listen(0, '127.0.0.1', () => resolve(s));
});

process.stdout.write(
  `${JSON.stringify({ shopUrl: shop.url, bareUrl: `http://127.0.0.1:${bareServer.address().port}` })}\n`,
);

const stop = async () => {
  bareServer.close();
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
