import type { RequestHandler, Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildProblem, problemContextOf } from './problem.js';

type FaultPhase = 'before' | 'after';
/** An HTTP status, or `reset` for a dropped connection. */
type FaultKind = number | 'reset';

/** What a fault hits: API requests, or webhook delivery attempts. */
type FaultTarget = 'requests' | 'deliveries';
/** A delivery fault: not sent, sent late (`latency`), or sent with a broken signature. */
type DeliveryFaultKind = 'drop' | 'delay' | 'bad-signature';

/** Parsed `--faults "rate=0.2,status=503,latency=200ms,phase=before"`. */
export interface FaultConfig {
  rate: number;
  status: FaultKind;
  latencyMs: number;
  phase: FaultPhase;
  target: FaultTarget;
  delivery: DeliveryFaultKind;
}

const DEFAULTS: FaultConfig = {
  rate: 0,
  status: 503,
  latencyMs: 0,
  phase: 'before',
  target: 'requests',
  delivery: 'drop',
};
const DELIVERY_FAULTS: readonly string[] = ['drop', 'delay', 'bad-signature'];

/** Paths that always answer normally: probes, docs (and `/`, which leads there) and the spec. */
const EXEMPT = /^\/(?:(?:health|docs|openapi\.yaml)(?:\/|$)|$)/;

export class FaultSpecError extends Error {}

function parseKind(value: string, what: string): FaultKind {
  if (value === 'reset') return 'reset';
  const status = Number(value);
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new FaultSpecError(`${what} must be an HTTP status 400..599 or "reset", got "${value}"`);
  }
  return status;
}

function parseDuration(value: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value);
  if (!match?.[1])
    throw new FaultSpecError(`${what} must be a duration like 200ms or 1s, got "${value}"`);
  const n = Number(match[1]);
  return match[2] === 's' ? n * 1000 : n;
}

function parsePhase(value: string, what: string): FaultPhase {
  if (value !== 'before' && value !== 'after') {
    throw new FaultSpecError(`${what} must be "before" or "after", got "${value}"`);
  }
  return value;
}

/** Parses a fault spec; any unknown key or bad value throws FaultSpecError (a usage error). */
export function parseFaultSpec(spec: string): FaultConfig {
  const config = { ...DEFAULTS };
  for (const part of spec.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const [key, value, extra] = trimmed.split('=').map((s) => s.trim());
    if (!key || value === undefined || value === '' || extra !== undefined) {
      throw new FaultSpecError(`fault spec entries are key=value, got "${trimmed}"`);
    }
    switch (key) {
      case 'rate': {
        const rate = Number(value);
        if (!(rate >= 0 && rate <= 1))
          throw new FaultSpecError(`rate must be 0..1, got "${value}"`);
        config.rate = rate;
        break;
      }
      case 'status':
        config.status = parseKind(value, 'status');
        break;
      case 'latency':
        config.latencyMs = parseDuration(value, 'latency');
        break;
      case 'phase':
        config.phase = parsePhase(value, 'phase');
        break;
      case 'target':
        if (value !== 'requests' && value !== 'deliveries')
          throw new FaultSpecError(`target must be "requests" or "deliveries", got "${value}"`);
        config.target = value;
        break;
      case 'delivery':
        if (!DELIVERY_FAULTS.includes(value))
          throw new FaultSpecError(`delivery must be drop, delay or bad-signature, got "${value}"`);
        config.delivery = value as DeliveryFaultKind;
        break;
      default:
        throw new FaultSpecError(
          `unknown fault option "${key}" (use rate, status, latency, phase, target, delivery)`,
        );
    }
  }
  return config;
}

interface Preference {
  fault?: FaultKind;
  delayMs?: number;
  phase?: FaultPhase;
}

/**
 * Reads `Prefer: fault=503; phase=after` / `Prefer: delay=300` (RFC 7240 syntax: preferences
 * separated by commas, parameters by semicolons; we treat both alike). Bad values are ignored,
 * as RFC 7240 asks of preferences a server cannot honour.
 */
function readPrefer(header: string | undefined): Preference {
  const preference: Preference = {};
  if (!header) return preference;
  for (const token of header.split(/[,;]/)) {
    const [rawKey, rawValue] = token.split('=');
    const key = rawKey?.trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"|"$/g, '');
    if (!key || !value) continue;
    try {
      if (key === 'fault') preference.fault = parseKind(value, 'fault');
      else if (key === 'delay') preference.delayMs = parseDuration(value, 'delay');
      else if (key === 'phase') preference.phase = parsePhase(value, 'phase');
    } catch {
      // not honourable: ignored
    }
  }
  return preference;
}

function injectFault(res: Response, fault: FaultKind): void {
  if (fault === 'reset') {
    res.socket?.destroy();
    return;
  }
  const body = JSON.stringify(
    buildProblem(
      fault,
      'fault.injected',
      'A fault was injected for testing (server started with --faults); retry the request.',
      {},
      problemContextOf(res),
    ),
  );
  res.statusCode = fault;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * Fault injection (only installed when faults are enabled). `before` fails the request before
 * any work; `after` lets the route run and commit, then swaps its response for the failure —
 * the lost-response case that only idempotency keys survive. Replacing `res.end` catches every
 * way a route can answer (json, send, end).
 */
export function faults(config: FaultConfig): RequestHandler {
  return async (req, res, next) => {
    if (EXEMPT.test(req.path)) return next();
    const prefer = readPrefer(req.get('prefer'));
    const delayMs = prefer.delayMs ?? config.latencyMs;
    if (delayMs > 0) await sleep(delayMs);
    const fault =
      prefer.fault ?? (config.rate > 0 && Math.random() < config.rate ? config.status : undefined);
    if (fault === undefined) return next();
    const phase = prefer.phase ?? config.phase;
    if (phase === 'before') return injectFault(res, fault);

    const originalEnd = res.end;
    res.end = function endWithFault() {
      res.end = originalEnd;
      if (res.headersSent) {
        // Already streaming: the only failure left to give is a broken connection.
        res.socket?.destroy();
        return res;
      }
      for (const name of res.getHeaderNames()) {
        if (name !== 'x-request-id') res.removeHeader(name);
      }
      injectFault(res, fault);
      return res;
    } as Response['end'];
    next();
  };
}
