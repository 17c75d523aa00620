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
export {
  cleanEnv,
  runInProcess,
  runSpawned,
  type CliMain,
  type CliOptions,
  type RunResult,
  type SpawnCliOptions,
} from './cli.js';
export { client, send, type Client, type Reply, type SendOptions } from './http.js';
export {
  REPO_ROOT,
  killAll,
  spawnServer,
  startInProcess,
  type ChildServer,
  type SpawnOptions,
} from './server.js';
export { SPEC_PATH, loadResolvedSpec, loadSpec, type Json } from './spec.js';
