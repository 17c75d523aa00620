import type { Db } from '../database.js';
import { preparedPerDb } from './prepared.js';

export interface StoredResponse {
  status: number;
  /** The headers worth replaying (content-type, location, the first request's id). */
  headers: Record<string, string>;
  body: Buffer;
}

export interface IdempotencyRecord {
  accountId: string;
  key: string;
  requestHash: string;
  /**
   * IN_FLIGHT: claimed by a request that had not finished (a server of an earlier version, or
   * one that died mid-request); DONE: holds the response.
   */
  state: 'IN_FLIGHT' | 'DONE';
  response: StoredResponse | undefined;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
}

interface IdempotencyRow {
  account_id: string;
  idempotency_key: string;
  request_hash: string;
  state: 'IN_FLIGHT' | 'DONE';
  response_status: number | null;
  response_headers: string | null;
  response_body: Buffer | null;
  created_at: number;
  expires_at: number;
}

const stmts = preparedPerDb((db) => ({
  get: db.prepare<[string, string], IdempotencyRow>(
    `SELECT account_id, idempotency_key, request_hash, state, response_status, response_headers,
            response_body, created_at, expires_at
       FROM idempotency_keys WHERE account_id = ? AND idempotency_key = ?`,
  ),
  // OR REPLACE: only reached when the existing row (if any) is expired or abandoned.
  save: db.prepare<[string, string, string, number, string, Buffer, number, number]>(
    `INSERT OR REPLACE INTO idempotency_keys
       (account_id, idempotency_key, request_hash, state, response_status, response_headers,
        response_body, created_at, expires_at)
     VALUES (?, ?, ?, 'DONE', ?, ?, ?, ?, ?)`,
  ),
  releaseInFlight: db.prepare<[]>(`DELETE FROM idempotency_keys WHERE state = 'IN_FLIGHT'`),
  purgeExpired: db.prepare<[number]>('DELETE FROM idempotency_keys WHERE expires_at <= ?'),
}));

export function findIdempotencyRecord(
  db: Db,
  accountId: string,
  key: string,
): IdempotencyRecord | undefined {
  const row = stmts(db).get.get(accountId, key);
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    key: row.idempotency_key,
    requestHash: row.request_hash,
    state: row.state,
    response:
      row.state === 'DONE'
        ? {
            status: row.response_status ?? 500,
            headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>,
            body: row.response_body ?? Buffer.alloc(0),
          }
        : undefined,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** Stores a key's response (DONE), replacing an expired or abandoned record of the same key. */
export function saveIdempotentResponse(
  db: Db,
  record: Omit<IdempotencyRecord, 'state' | 'response'> & { response: StoredResponse },
): void {
  const { response } = record;
  stmts(db).save.run(
    record.accountId,
    record.key,
    record.requestHash,
    response.status,
    JSON.stringify(response.headers),
    response.body,
    record.createdAt,
    record.expiresAt,
  );
}

/** Deletes every IN_FLIGHT claim; returns how many. */
export const releaseInFlightClaims = (db: Db): number => stmts(db).releaseInFlight.run().changes;

/** Deletes the keys expired at `atMs`; returns how many. */
export const purgeExpiredKeys = (db: Db, atMs: number): number =>
  stmts(db).purgeExpired.run(atMs).changes;
