// Node ESM, Bun and Deno: the SDK by `import`, the API URL as the first argument.
import * as sdk from '@shop/sdk';
import { runFlow } from './flow.mjs';

const [baseUrl] = globalThis.Deno?.args ?? process.argv.slice(2);
const steps = await runFlow(sdk, { baseUrl });
console.log(`FLOW-OK ${JSON.stringify(steps)}`);
