// Node ESM, Bun and Deno: the SDK and its webhooks entry by `import`, the API URL as the first
// argument.
import * as sdk from '@shop/sdk';
import * as webhooks from '@shop/sdk/webhooks';
import { runFlow } from './flow.mjs';

const [baseUrl] = globalThis.Deno?.args ?? process.argv.slice(2);
const steps = await runFlow({ sdk, webhooks }, { baseUrl });
console.log(`FLOW-OK ${JSON.stringify(steps)}`);
