// Size budget: what a browser app pays for the SDK — the built ESM entry with openapi-fetch
// bundled in, minified and gzipped. Run after `pnpm build`; exits 1 over budget.
// `--json` prints the numbers for the benchmark instead of the sentence. The `webhooks` entry
// (`@shop/sdk/webhooks`) is measured and reported too; the budget is the main entry's.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const BUDGET_BYTES = 9_000;

export async function measureBundle(entry = 'index.js') {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../dist/${entry}`, import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minifiedBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minifiedBytes, gzipBytes } = await measureBundle();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ minifiedBytes, gzipBytes, budgetBytes: BUDGET_BYTES }));
  } else {
    const verdict = gzipBytes <= BUDGET_BYTES ? 'within' : 'OVER';
    console.log(
      `@shop/sdk ESM bundle with openapi-fetch: ${minifiedBytes} B minified, ${gzipBytes} B gzipped — ${verdict} the ${BUDGET_BYTES} B budget`,
    );
    const webhooks = await measureBundle('webhooks.js');
    console.log(
      `@shop/sdk/webhooks ESM bundle: ${webhooks.minifiedBytes} B minified, ${webhooks.gzipBytes} B gzipped`,
    );
  }
  if (gzipBytes > BUDGET_BYTES) process.exitCode = 1;
}
