/** The setup every webhook and event suite opens with: a server, its admin, a customer, receivers. */
import type { RunningServer, StartServerOptions } from '@shop/server';
import { loginAs, registerCustomer, type RegisteredCustomer } from './accounts.js';
import { client, type Client } from './http.js';
import { startReceiver, type Receiver } from './receiver.js';
import { startInProcess } from './server.js';

type Answer = Parameters<typeof startReceiver>[0];

export interface ReceiverPool {
  /** A receiver (`answer` as in startReceiver) that `closeAll` closes. */
  start(answer?: Answer): Promise<Receiver>;
  closeAll(): Promise<void>;
}

/** Receivers started during a test and closed together after it. */
export function receiverPool(): ReceiverPool {
  const open: Receiver[] = [];
  return {
    async start(answer) {
      const receiver = await startReceiver(answer);
      open.push(receiver);
      return receiver;
    },
    closeAll: () => Promise.all(open.splice(0).map((r) => r.close())).then(() => undefined),
  };
}

export interface WebhookFixture {
  server: RunningServer;
  admin: Client;
  /** A freshly registered customer's client; `account` has its token and credentials. */
  customer: Client;
  account: RegisteredCustomer;
  /** A receiver on 127.0.0.1, closed with the fixture. */
  receiver: ReceiverPool['start'];
  /** Closes the server and every receiver. */
  close(): Promise<void>;
}

/**
 * An in-process server (see startInProcess) with `dev` on, so endpoints may point at the
 * receivers on 127.0.0.1, plus a logged-in admin and a fresh customer.
 */
export async function startWebhookFixture(
  options: StartServerOptions = {},
): Promise<WebhookFixture> {
  const server = await startInProcess({ dev: true, ...options });
  const receivers = receiverPool();
  try {
    const admin = client(server.url, await loginAs(server.url, 'admin'));
    const account = await registerCustomer(server.url);
    return {
      server,
      admin,
      customer: client(server.url, account.token),
      account,
      receiver: receivers.start,
      async close() {
        await server.close();
        await receivers.closeAll();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
