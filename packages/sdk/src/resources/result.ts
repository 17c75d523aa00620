import { apiErrorFrom } from '../errors.js';

/**
 * The data of a successful openapi-fetch result; for an error status, the typed error built from
 * the body (problem JSON, other text, or nothing).
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw apiErrorFrom(result.response, result.error);
  return result.data as T;
}
