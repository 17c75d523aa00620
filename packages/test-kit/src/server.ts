/**
 * The two ways tests get a server: in this process, or the built binary in a child process
 * (child-server.js, plain JavaScript so that loader-less scripts share it).
 */
import {
  ONE_CLIENT_TEST_LIMITS,
  startServer,
  type RunningServer,
  type StartServerOptions,
} from '@shop/server';

export {
  REPO_ROOT,
  killAll,
  spawnServer,
  type ChildServer,
  type SpawnOptions,
} from './child-server.js';

/**
 * A fresh server in this process: port 0, ':memory:', seeded, validating its own responses
 * against the contract, logs silent. Every test client is 127.0.0.1, so the per-client
 * registration and spray limits are lifted unless `options.authLimits` sets them; the per-email
 * login limit keeps its default.
 */
export const startInProcess = (options: StartServerOptions = {}): Promise<RunningServer> =>
  startServer({
    port: 0,
    db: ':memory:',
    validateResponses: true,
    ...options,
    authLimits: { ...ONE_CLIENT_TEST_LIMITS, ...options.authLimits },
  });
