// Runs in a worker thread of the password pool (passwords.ts): bcrypt is CPU-bound for tens of
// milliseconds per call, which on the main thread would stall every other request. Plain
// JavaScript, so the same file runs from the sources (tests) and from the package, without a
// TypeScript loader in the worker. The task's type is `PasswordTask` in passwords.ts.
import { setPriority } from 'node:os';
import bcrypt from 'bcryptjs';

// On Linux a thread has its own nice value and this call (pid 0) sets only this thread's: the
// event loop then wins the core whenever it has work, and hashing takes what is left.
try {
  setPriority(10);
} catch {
  // Not permitted or not supported here: hashing still works, at normal priority.
}

/** @param {{ op: 'hash', password: string, cost: number } | { op: 'compare', password: string, hash: string }} task */
export function run(task) {
  return task.op === 'hash'
    ? bcrypt.hash(task.password, task.cost)
    : bcrypt.compare(task.password, task.hash);
}
