// workerd: a module worker that runs the flow when fetched (`/?api=<url>`), bundled with the SDK.
import * as sdk from '@shop/sdk';
import * as webhooks from '@shop/sdk/webhooks';
import { runFlow } from './flow.mjs';

async function fetch(request) {
  const baseUrl = new URL(request.url).searchParams.get('api');
  try {
    return Response.json({ ok: true, steps: await runFlow({ sdk, webhooks }, { baseUrl }) });
  } catch (error) {
    return Response.json({ ok: false, error: String(error?.stack ?? error) }, { status: 500 });
  }
}

// The module worker format: the handlers are the module's default export.
// eslint-disable-next-line no-restricted-syntax
export default { fetch };
