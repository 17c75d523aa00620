import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { RunningServer } from '@shop/server';
import { startInProcess } from '@shop/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, shopBinFor, tempDir } from './helpers.js';

let server: RunningServer;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  server = await startInProcess();
  dir = tempDir('shop-cli-proxy-');
  // A minimal forward proxy: undici's ProxyAgent tunnels every request through CONNECT.
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, clientSocket, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  proxyUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await server?.close();
  dir?.remove();
});

describe('proxies', () => {
  it('sends requests through HTTP_PROXY, and around it for hosts in NO_PROXY', async () => {
    // The binary: undici's proxy agent reads HTTPS_PROXY from the process's own environment.
    const shop = shopBinFor(server.url, dir.path);
    const target = new URL(server.url).host;

    const proxied = await shop(['items', 'list', '--json', '--size', '1'], {
      env: { HTTP_PROXY: proxyUrl },
    });
    expect(proxied.code, proxied.stderr).toBe(0);
    expect(parseJson(proxied.stdout)).toMatchObject({ size: 1 });
    expect(tunnels).toEqual([target]);

    const direct = await shop(['items', 'list', '--json', '--size', '1'], {
      env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' },
    });
    expect(direct.code, direct.stderr).toBe(0);
    expect(tunnels).toEqual([target]);
  });
});
