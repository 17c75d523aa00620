// Chromium: the page (on another origin than the API) runs the flow and leaves the outcome in
// `globalThis.flowResult` for the driver to read.
import * as sdk from '@shop/sdk';
import * as webhooks from '@shop/sdk/webhooks';
import { runFlow } from './flow.mjs';

const params = new URLSearchParams(globalThis.location.search);
runFlow(
  { sdk, webhooks },
  {
    baseUrl: params.get('api'),
    blockedBaseUrl: params.get('blocked') ?? undefined,
  },
).then(
  (steps) => {
    globalThis.flowResult = { ok: true, steps };
  },
  (error) => {
    globalThis.flowResult = { ok: false, error: String(error?.stack ?? error) };
  },
);
