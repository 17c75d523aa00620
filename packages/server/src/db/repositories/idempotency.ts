import type { Db } from '../database.js';
import { prepare, preparedPerDb } from './prepared.js';

export interface IdempotencyRow {
  account_id: string;
  idempotency_key: string;
  request_hash: string;
  claim_id: string;
  state: 'IN_FLIGHT' | 'DONE';
  response_status: number | null;
  response_headers: string | null;
  response_body: Buffer | null;
  created_at: number;
  expires_at: number;
}

function build(db: Db) {
  return {
    get: prepare<[string, string], IdempotencyRow>(
      db,
      'SELECT * FROM idempotency_keys WHERE account_id = ? AND idempotency_key = ?',
    ),
    // INSERT OR REPLACE: only reached when the existing row (if any) is expired or abandoned.
    claim: prepare<
      [
        Pick<
          IdempotencyRow,
          | 'account_id'
          | 'idempotency_key'
          | 'request_hash'
          | 'claim_id'
          | 'created_at'
          | 'expires_at'
        >,
      ]
    >(
      db,
      `INSERT OR REPLACE INTO idempotency_keys
         (account_id, idempotency_key, request_hash, claim_id, state, created_at, expires_at)
       VALUES (@account_id, @idempotency_key, @request_hash, @claim_id, 'IN_FLIGHT', @created_at, @expires_at)`,
    ),
    complete: prepare<
      [
        {
          claim_id: string;
          response_status: number;
          response_headers: string;
          response_body: Buffer;
        },
      ]
    >(
      db,
      `UPDATE idempotency_keys
          SET state = 'DONE', response_status = @response_status,
              response_headers = @response_headers, response_body = @response_body
        WHERE claim_id = @claim_id AND state = 'IN_FLIGHT'`,
    ),
    release: prepare<[string]>(
      db,
      `DELETE FROM idempotency_keys WHERE claim_id = ? AND state = 'IN_FLIGHT'`,
    ),
    releaseAllInFlight: prepare<[]>(db, `DELETE FROM idempotency_keys WHERE state = 'IN_FLIGHT'`),
    purgeExpired: prepare<[number]>(db, 'DELETE FROM idempotency_keys WHERE expires_at <= ?'),
  };
}

/** Prepared statements of the Idempotency-Key store. */
export const idempotencyRepo = preparedPerDb(build);
