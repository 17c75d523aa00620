// Types for the two undici modules the CLI imports directly (see services/client.ts): the
// package root would load all of undici (mocks, WebSocket, caches…) at start-up.
declare module 'undici/lib/web/fetch/index.js' {
  import type { fetch as undiciFetch } from 'undici';

  export const fetch: typeof undiciFetch;
}

declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
  import type { EnvHttpProxyAgent as Agent } from 'undici';

  const EnvHttpProxyAgent: typeof Agent;
  export = EnvHttpProxyAgent;
}
