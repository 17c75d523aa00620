// The public surface of @shop/server: start it (tests of every package do), or build the app.
export { createApp, type AppOptions } from './app.js';
export type { AppContext } from './context.js';
export { DatabaseInUseError } from './db/database.js';
export { DEFAULT_ADMIN, DEMO_CUSTOMER } from './seed.js';
export {
  DEFAULT_AUTH_LIMITS,
  ONE_CLIENT_TEST_LIMITS,
  type AuthLimits,
} from './domain/auth/limits.js';
export { parseFaultSpec, type FaultConfig } from './http/faults.js';
export type { LogLevel } from './http/logging.js';
export { contractMiddleware } from './http/validator.js';
export { startServer, type RunningServer, type StartServerOptions } from './server.js';
