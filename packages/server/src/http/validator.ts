import * as OpenApiValidator from 'express-openapi-validator';
import type { RequestHandler } from 'express';

/**
 * Request validation against the contract (always), response validation when asked (tests and
 * SHOP_VALIDATE_RESPONSES=1). Security is our own middleware (`requireAuth`), so the validator
 * does not check it. Its errors are HttpErrors mapped to problems in `error-handler.ts`.
 */
export function openApiValidator(specPath: string, validateResponses: boolean): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: specPath,
    validateApiSpec: true,
    validateRequests: { allErrors: true, removeAdditional: false },
    validateResponses: validateResponses ? { allErrors: true, removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    ignoreUndocumented: false,
    // No operation takes multipart bodies; skipping multer saves a middleware per request.
    fileUploader: false,
  });
}
