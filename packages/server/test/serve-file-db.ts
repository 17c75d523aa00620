/**
 * Child-process entry for the crash/restart test: a server on a database file, port 0. Prints
 * one JSON line `{ "url": … }` once it listens. Usage: serve-file-db.ts <db file> <payment delay ms>
 */
import { startServer } from '../src/server.js';

const [dbPath, delay] = process.argv.slice(2);
if (!dbPath || delay === undefined)
  throw new Error('usage: serve-file-db.ts <db file> <payment delay ms>');
const server = await startServer({ db: dbPath, port: 0, paymentDelayMs: Number(delay) });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
