import express, { Router, type Request } from 'express';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';
import { dirname } from 'node:path';
import { docsSecurityHeaders } from './security-headers.js';
import { isSeq, parseDocument, stringify } from 'yaml';

const swaggerUiDir = (): string =>
  dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>shop API — docs</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// A separate file, not inline script, so a strict Content-Security-Policy could be added.
const init = `window.ui = SwaggerUIBundle({
  url: '/openapi.yaml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

interface ServerEntry {
  url?: unknown;
  [key: string]: unknown;
}

/**
 * Renders the contract with `servers` led by a given base URL, so Swagger UI's "Try it out" and
 * tools that fetch the contract call this server; the file's own entries follow (minus a
 * duplicate). The file is parsed once; each rendering only splices a new `servers` list into
 * the original text (parsing the whole contract takes a noticeable fraction of a second), so
 * the rest of the file, comments included, is served as written.
 */
export function contractRenderer(source: string): (baseUrl: string) => string {
  const doc = parseDocument(source);
  const node = doc.get('servers', true);
  const listed = ((doc.toJS() as { servers?: ServerEntry[] }).servers ?? []).filter(
    (entry) => typeof entry === 'object' && entry !== null,
  );
  const entries = (baseUrl: string): ServerEntry[] => [
    { url: baseUrl, description: 'This server (the one that served this file).' },
    ...listed.filter((entry) => entry.url !== baseUrl),
  ];
  if (!isSeq(node) || !node.range) {
    return (baseUrl) => {
      const copy = doc.clone();
      copy.set('servers', entries(baseUrl));
      return copy.toString({ lineWidth: 0 });
    };
  }
  const [start, , end] = node.range;
  if (node.flow) {
    // `servers: [...]`: JSON is YAML's flow style.
    return (baseUrl) =>
      source.slice(0, start) + JSON.stringify(entries(baseUrl)) + source.slice(node.range![1]);
  }
  const lineStart = source.lastIndexOf('\n', start) + 1;
  const indent = ' '.repeat(start - lineStart);
  return (baseUrl) => {
    const block = stringify(entries(baseUrl), { lineWidth: 0 })
      .split('\n')
      .map((line) => (line === '' ? line : indent + line))
      .join('\n');
    return source.slice(0, lineStart) + block + source.slice(end);
  };
}

/**
 * The base URL the client reached this server at: the Host header when it is a plain
 * host[:port] (right behind a port mapping or a LAN address, where the listening address would
 * not be), else the address and port of the connection itself.
 */
function baseUrlOf(req: Request): string {
  const hostHeader = req.headers.host;
  if (hostHeader !== undefined && /^(?:[\w.-]+|\[[\da-fA-F:.]+\])(?::\d{1,5})?$/.test(hostHeader)) {
    return `http://${hostHeader}`;
  }
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `http://${isIPv6(address) ? `[${address}]` : address}:${req.socket.localPort}`;
}

/**
 * `GET /openapi.yaml` (the contract, advertising the URL it was fetched from first), `GET /docs`
 * (Swagger UI from the swagger-ui-dist package, served from node_modules: works offline, no
 * CDN), and `GET /` → `/docs`.
 */
export function docsRouter(specPath: string): Router {
  const router = Router();
  let render: ((baseUrl: string) => string) | undefined;
  router.get('/', (_req, res) => {
    res.redirect(302, '/docs');
  });
  router.get('/openapi.yaml', (req, res) => {
    render ??= contractRenderer(readFileSync(specPath, 'utf8'));
    res
      .type('application/yaml')
      .set('Vary', 'Host')
      .send(render(baseUrlOf(req)));
  });
  router.use('/docs', docsSecurityHeaders());
  router.get(['/docs', '/docs/'], (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(init);
  });
  router.use('/docs', express.static(swaggerUiDir(), { index: false, maxAge: '1h' }));
  return router;
}
