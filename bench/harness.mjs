// What the server and peer benchmarks share: fixtures made through the API, the order request,
// one autocannon run, and waiting for a server to go idle.
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

export async function call(method, url, body, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
export const auth = (token) => ({ authorization: `Bearer ${token}` });

/** An item with (practically) endless stock and the demo customer's token, on one target. */
export async function fixtures(shopUrl) {
  const admin = await call('POST', `${shopUrl}/api/auth/login`, {
    email: 'admin@shop.local',
    password: 'admin-password',
  });
  const item = await call(
    'POST',
    `${shopUrl}/api/items`,
    { upc: '99000000000017', itemName: 'Bench Widget', unitPrice: 9.99 },
    auth(admin.token),
  );
  await call(
    'PUT',
    `${shopUrl}/api/inventory/${item.itemId}`,
    { availableUnits: 1_000_000_000 },
    auth(admin.token),
  );
  const customer = await call('POST', `${shopUrl}/api/auth/login`, {
    email: 'customer@shop.local',
    password: 'customer-password',
  });
  return { item, token: customer.token };
}

/** A newly registered customer's token: an account of its own, with no webhook endpoints. */
export async function registeredCustomer(shopUrl) {
  const email = `bench-${randomUUID()}@example.com`;
  const password = `pw-${randomUUID()}`;
  await call('POST', `${shopUrl}/api/accounts`, { username: 'Bench Customer', email, password });
  return (await call('POST', `${shopUrl}/api/auth/login`, { email, password })).token;
}

export const orderScenario = (url, { item, token }) => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'application/json', ...auth(token) },
  body: JSON.stringify({ items: [{ itemId: item.itemId, quantity: 1 }] }),
  // Every request is a new logical order: a replay would measure the idempotency cache.
  setupRequest: (request) => ({
    ...request,
    headers: { ...request.headers, 'idempotency-key': randomUUID() },
  }),
});

export function run(scenario, options) {
  return autocannon({
    url: scenario.url,
    connections: CONNECTIONS,
    ...options,
    // autocannon trips over keys that are present but undefined.
    requests: [
      Object.fromEntries(
        Object.entries({
          method: scenario.method,
          headers: scenario.headers,
          body: scenario.body,
          setupRequest: scenario.setupRequest,
        }).filter(([, value]) => value !== undefined),
      ),
    ],
  });
}

export const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const percentile = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const QUIET_WINDOW_MS = 200;
const QUIET_CPU_SHARE = 0.1;
const QUIET_MAX_MS = 60_000;

/**
 * Waits until a server process is idle (under 10 % of a core for 200 ms), so no slice runs on
 * top of work the previous one left behind. Returns how long it waited, in ms.
 */
export async function quiet(cpuMicros) {
  const started = Date.now();
  for (;;) {
    const before = await cpuMicros();
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    const busyMs = ((await cpuMicros()) - before) / 1000;
    if (busyMs < QUIET_WINDOW_MS * QUIET_CPU_SHARE || Date.now() - started > QUIET_MAX_MS) {
      return Date.now() - started - QUIET_WINDOW_MS;
    }
  }
}
