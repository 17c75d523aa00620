import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers on every response (`X-Content-Type-Options: nosniff`, `X-Frame-Options`,
 * `Referrer-Policy` …). API answers are data, never a page: their CSP allows nothing and no
 * framing. HSTS stays off: the server speaks plain HTTP, and a proxy that adds TLS owns HSTS.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
  });
}

/**
 * The CSP of `/docs` (Swagger UI, served from this server: works offline). Its scripts are files
 * from /docs (no inline script); its stylesheet is too, but the UI sets inline `style` values
 * and draws icons from `data:` URLs. It fetches `/openapi.yaml` and "Try it out" calls the API
 * on this origin. Nothing may frame it.
 */
export function docsSecurityHeaders(): RequestHandler {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
}
