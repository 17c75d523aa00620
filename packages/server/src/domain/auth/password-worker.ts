// Runs in a worker thread of the password pool (passwords.ts): bcrypt is CPU-bound for tens of
// milliseconds per call, which on the main thread would stall every other request.
import bcrypt from 'bcryptjs';

export type PasswordTask =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'compare'; password: string; hash: string };

export function run(task: PasswordTask): Promise<string | boolean> {
  return task.op === 'hash'
    ? bcrypt.hash(task.password, task.cost)
    : bcrypt.compare(task.password, task.hash);
}
