import { Router, type Request } from 'express';
import { DomainError } from '../../domain/errors.js';

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * A web page can POST a form or plain text to any site without asking (a "simple" request), but
 * not a JSON content type: that needs a CORS preflight. Reset demands it, and refuses any request
 * a browser marked as coming from another origin, so no page can empty a developer's database.
 */
function assertNotCrossSite(req: Request): void {
  if (!JSON_TYPE.test(req.get('content-type') ?? '')) {
    throw new DomainError(
      'request.unsupported_media_type',
      'POST /_dev/reset needs the header "Content-Type: application/json" (the body may be empty).',
    );
  }
  const origin = req.get('origin');
  if (origin !== undefined && hostOf(origin) !== req.get('host')) {
    throw new DomainError(
      'auth.forbidden',
      `POST /_dev/reset is refused from another origin (${origin}).`,
    );
  }
}

const hostOf = (origin: string): string | undefined => {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" and other opaque origins never match
  }
};

/**
 * `POST /_dev/reset` (only with --dev): empties every table but the migration log and settings
 * (so the JWT secret and issued tokens' signatures stay valid), then seeds again if the server
 * seeds. Outside the contract and the validator. The reset itself is the application's
 * (`resetAndSeed`): routes never reach the database directly.
 */
export function createDevRouter(options: { reset: () => Promise<void> }): Router {
  const router = Router();
  router.post('/_dev/reset', async (req, res) => {
    assertNotCrossSite(req);
    await options.reset();
    res.status(204).end();
  });
  return router;
}
