import { apiErrorFrom, unexpectedSuccessError } from '../errors.js';

/**
 * The data of a successful openapi-fetch result; for an error status, the typed error built from
 * the body (problem JSON, other text, or nothing). A success without a body is an error too,
 * but for a 204: every other success of the contract carries one.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { response } = result;
  if (!response.ok) throw apiErrorFrom(response, result.error);
  if (result.data === undefined && response.status !== 204) {
    throw unexpectedSuccessError(response, '', response.url);
  }
  return result.data as T;
}
