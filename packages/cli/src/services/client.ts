import type { createShopClient } from '@shop/sdk';
import type { Context } from '../context.js';
import { VERSION } from '../version.js';
import { io } from '../io.js';

export type ShopClient = ReturnType<typeof createShopClient>;

const clients = new WeakMap<Context, Promise<ShopClient>>();
/** Agents to close when the run ends, so idle keep-alive sockets do not hold the process open. */
const dispatchers = new Set<{ close(): Promise<void> }>();

export async function closeClients(): Promise<void> {
  const open = [...dispatchers];
  dispatchers.clear();
  await Promise.all(open.map((dispatcher) => dispatcher.close()));
}

/** Proxy settings undici's EnvHttpProxyAgent reads (either case, as curl accepts). */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * The `fetch` the SDK uses. With a proxy configured: undici 7's fetch through an
 * EnvHttpProxyAgent (HTTPS_PROXY/HTTP_PROXY, NO_PROXY honoured). Without one: Node's own fetch —
 * undici too, keep-alive by default, but compiled into Node, where loading the undici package
 * costs more than half of a short command's run (bench/cli.mjs).
 */
async function httpFetch(): Promise<typeof fetch> {
  if (!PROXY_VARIABLES.some((name) => io().env[name])) return globalThis.fetch;
  // `default` is module.exports under Node's CJS interop and in the bundled chunk alike. The
  // package root, not its parts: it also wires up what the proxy agent needs (CONNECT).
  const { default: undici } = await import('undici');
  const { fetch: undiciFetch, EnvHttpProxyAgent } = undici;
  const dispatcher = new EnvHttpProxyAgent();
  dispatchers.add(dispatcher);
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>) as typeof fetch;
}

/**
 * One SDK client per run. The SDK (and undici, behind a proxy) are imported here, on first use,
 * so --version/--help never load them.
 */
export function client(ctx: Context): Promise<ShopClient> {
  let created = clients.get(ctx);
  if (!created) {
    created = (async () => {
      const [{ createShopClient }, fetchImpl] = await Promise.all([
        import('@shop/sdk'),
        httpFetch(),
      ]);
      return createShopClient({
        baseUrl: ctx.apiUrl,
        token: ctx.token,
        fetch: fetchImpl,
        userAgent: `shop-cli/${VERSION}`,
        onResponse: ctx.verbose
          ? ({ method, url, status, requestId, attempt, durationMs }) => {
              const retry = attempt > 1 ? ` attempt ${attempt}` : '';
              io().stderr.write(
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
