// Runs once before all test files, in the main vitest process: starts the reference server in
// this process on a free port, hands its URL to the tests, and stops it after the last file.
import { startServer } from '@shop/server';

/** @param {import('vitest/node').TestProject} project */
export async function setup(project) {
  const server = await startServer({
    port: 0, // any free port: parallel CI jobs never collide
    db: ':memory:', // a fresh database each run, gone when it stops
    dev: true, // enables POST /_dev/reset, used by reset.mjs
    paymentDelayMs: 20, // payments settle quickly
  });
  project.provide('shopApiUrl', server.url);
  return async () => {
    await server.close();
  };
}
