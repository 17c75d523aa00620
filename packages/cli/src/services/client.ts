import type { createShopClient } from '@shop/sdk';
import type { Context } from '../context.js';
import { VERSION } from '../version.js';

export type ShopClient = ReturnType<typeof createShopClient>;

const clients = new WeakMap<Context, Promise<ShopClient>>();
/** Agents to close when the run ends, so idle keep-alive sockets do not hold the process open. */
const dispatchers = new Set<{ close(): Promise<void> }>();

export async function closeClients(): Promise<void> {
  const open = [...dispatchers];
  dispatchers.clear();
  await Promise.all(open.map((dispatcher) => dispatcher.close()));
}

/**
 * One SDK client per run, over undici with a keep-alive agent that honours HTTPS_PROXY/NO_PROXY.
 * The SDK and undici are imported here, on first use, so --version/--help never load them.
 */
export function client(ctx: Context): Promise<ShopClient> {
  let created = clients.get(ctx);
  if (!created) {
    created = (async () => {
      // `default` is module.exports under Node's CJS interop and in the bundled chunk alike. The
      // package root, not its parts: it also wires up what the proxy agent needs (CONNECT).
      const [{ createShopClient }, { default: undici }] = await Promise.all([
        import('@shop/sdk'),
        import('undici'),
      ]);
      const { fetch: undiciFetch, EnvHttpProxyAgent } = undici;
      const dispatcher = new EnvHttpProxyAgent();
      dispatchers.add(dispatcher);
      const fetchViaUndici = (input: RequestInfo | URL, init?: RequestInit) =>
        undiciFetch(input as Parameters<typeof undiciFetch>[0], {
          ...(init as Parameters<typeof undiciFetch>[1]),
          dispatcher,
        }) as unknown as Promise<Response>;
      return createShopClient({
        baseUrl: ctx.apiUrl,
        token: ctx.token,
        fetch: fetchViaUndici as typeof fetch,
        userAgent: `shop-cli/${VERSION}`,
        onResponse: ctx.verbose
          ? ({ method, url, status, requestId, attempt, durationMs }) => {
              const retry = attempt > 1 ? ` attempt ${attempt}` : '';
              process.stderr.write(
                `${method} ${url} → ${status} (${Math.round(durationMs)} ms${retry}) request-id ${requestId ?? '-'}\n`,
              );
            }
          : undefined,
      });
    })();
    clients.set(ctx, created);
  }
  return created;
}
