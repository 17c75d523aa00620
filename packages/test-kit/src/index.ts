// @shop/test-kit: how this repository's tests start servers, call HTTP, run the CLI and load
// the contract. Private; examples never use it (they show @shop/server's public API instead).
export {
  SEEDED,
  login,
  loginAs,
  newUpc,
  registerCustomer,
  stockedItem,
  type RegisteredCustomer,
} from './accounts.js';
export { ensureBuilt } from './build.js';
export {
  cleanEnv,
  runInProcess,
  runSpawned,
  type CliMain,
  type CliOptions,
  type RunResult,
  type SpawnCliOptions,
} from './cli.js';
export {
  client,
  rawRequest,
  send,
  type Client,
  type RawReply,
  type Reply,
  type SendOptions,
} from './http.js';
export { startReceiver, type Receiver } from './receiver.js';
export {
  REPO_ROOT,
  killAll,
  spawnServer,
  startInProcess,
  type ChildServer,
  type SpawnOptions,
} from './server.js';
export type { RunningServer } from '@shop/server';
export { watchStatements, type StatementWatch } from './statements.js';
export { SPEC_PATH, loadResolvedSpec, loadSpec, type Json } from './spec.js';
export {
  receiverPool,
  startWebhookFixture,
  type ReceiverPool,
  type WebhookFixture,
} from './webhooks.js';
