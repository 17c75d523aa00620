// Node CommonJS: the SDK by `require` (its CJS build); the flow is ESM, so it comes by import().
// eslint-disable-next-line @typescript-eslint/no-require-imports -- require() is what is tested here
const sdk = require('@shop/sdk');

const resolved = require.resolve('@shop/sdk');
if (!resolved.endsWith('.cjs')) throw new Error(`require('@shop/sdk') loaded ${resolved}`);

import('./flow.mjs')
  .then(({ runFlow }) => runFlow(sdk, { baseUrl: process.argv[2] }))
  .then((steps) => console.log(`FLOW-OK ${JSON.stringify(steps)}`))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
