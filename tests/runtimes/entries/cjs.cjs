// Node CommonJS: the SDK and its webhooks entry by `require` (their CJS builds); the flow is
// ESM, so it comes by import().
// eslint-disable-next-line @typescript-eslint/no-require-imports -- require() is what is tested here
const sdk = require('@shop/sdk');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const webhooks = require('@shop/sdk/webhooks');

for (const entry of ['@shop/sdk', '@shop/sdk/webhooks']) {
  const resolved = require.resolve(entry);
  if (!resolved.endsWith('.cjs')) throw new Error(`require('${entry}') loaded ${resolved}`);
}

import('./flow.mjs')
  .then(({ runFlow }) => runFlow({ sdk, webhooks }, { baseUrl: process.argv[2] }))
  .then((steps) => console.log(`FLOW-OK ${JSON.stringify(steps)}`))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
