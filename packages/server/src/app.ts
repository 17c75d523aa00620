import express, { Router, type Express } from 'express';
import type { AppContext } from './context.js';
import { corsMiddleware, type CorsOrigin } from './http/cors.js';
import { docsRouter } from './http/docs.js';
import { errorHandler, notFound } from './http/error-handler.js';
import { faults, type FaultConfig } from './http/faults.js';
import { answerHeadAsGet } from './http/head.js';
import { requestLogger } from './http/logging.js';
import { requestId } from './http/request-id.js';
import { securityHeaders } from './http/security-headers.js';
import { createAccountsRouter } from './http/routes/accounts.js';
import { createAuthRouter } from './http/routes/auth.js';
import { createDevRouter } from './http/routes/dev.js';
import { createEventsRouter } from './http/routes/events.js';
import { createHealthRouter } from './http/routes/health.js';
import { createInventoryRouter } from './http/routes/inventory.js';
import { createItemsRouter } from './http/routes/items.js';
import { createOrdersRouter } from './http/routes/orders.js';
import { createPaymentsRouter } from './http/routes/payments.js';
import { createWebhookEndpointsRouter } from './http/routes/webhook-endpoints.js';
import { contractMiddleware } from './http/validator.js';
import { resetAndSeed, type SeedAccounts } from './seed.js';

/** Paths served before the JSON parser and the validator (not in the contract, or probes). */
const OUTSIDE_CONTRACT = /^\/(?:(?:health|docs|openapi\.yaml|_dev)(?:\/|$)|$)/;

export interface AppOptions {
  /** The contract file: validated against and served at /openapi.yaml. */
  specPath: string;
  /** Validate every JSON response against the contract (tests, SHOP_VALIDATE_RESPONSES=1). */
  validateResponses: boolean;
  /** Fault injection settings; undefined = off (the Prefer header is ignored too). */
  faults?: FaultConfig;
  /** Mounts POST /_dev/reset. */
  dev: boolean;
  /** Seed again after a /_dev/reset (mirrors how the server started); false = don't. */
  seed: SeedAccounts | false;
  /** Browser origins allowed to call the API; default any http://localhost:* or 127.0.0.1:*. */
  corsOrigin?: CorsOrigin;
}

/**
 * The HTTP app: request id → access log → CORS (answers preflights) → faults → routes outside the
 * contract → JSON parser → contract validator → API routers → 404 → problem+json error handler.
 */
export function createApp(ctx: AppContext, options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Inventory sets its own strong ETag; Express's automatic weak ETags would fight it.
  app.set('etag', false);

  app.use(requestId());
  app.use(securityHeaders());
  // With logging off the access line would be built and thrown away on every request.
  if (ctx.logger.level !== 'silent') app.use(requestLogger(ctx.logger));
  app.use(corsMiddleware(options.corsOrigin));
  if (options.faults && options.faults.target === 'requests') app.use(faults(options.faults));

  // Routes outside the contract, behind one cheap prefix test so API requests skip them fast.
  const outside = Router();
  outside.use(createHealthRouter());
  outside.use(docsRouter(options.specPath));
  if (options.dev) {
    const reset = (): Promise<void> => {
      // Every open cursor belongs to the old log: ended, the streams and long polls come back
      // and are told so (410), instead of waiting unawares for seqs the new log reaches later.
      for (const end of [...ctx.events.openReaders]) end();
      return resetAndSeed(ctx, options.seed);
    };
    outside.use(createDevRouter({ reset }));
  }
  app.use((req, res, next) => {
    if (OUTSIDE_CONTRACT.test(req.path)) {
      outside(req, res, next);
      return;
    }
    // Node already knows this response has no body.
    answerHeadAsGet(req, res);
    next();
  });

  app.use(contractMiddleware(options.specPath, options.validateResponses));

  // Each router is mounted at its prefix, so a request skips the other routers with one prefix
  // test each instead of trying every route inside them.
  app.use('/api/accounts', createAccountsRouter(ctx));
  app.use('/api/auth', createAuthRouter(ctx));
  app.use('/api/items', createItemsRouter(ctx));
  app.use('/api/inventory', createInventoryRouter(ctx));
  app.use('/api/orders', createOrdersRouter(ctx));
  app.use('/api/payments', createPaymentsRouter(ctx));
  app.use('/api/events', createEventsRouter(ctx));
  app.use('/api/webhook-endpoints', createWebhookEndpointsRouter(ctx));

  app.use(notFound());
  app.use(errorHandler(ctx.logger));
  return app;
}
