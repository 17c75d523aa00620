import { randomBytes } from 'node:crypto';
import type { Order, OrderStatus, ShopEvent } from '@shop/sdk';
import { getProperty, setProperty } from 'dot-prop';
import type { Context } from '../context.js';
import { CliError, InterruptedError, UsageError } from '../errors.js';
import type { Fixture, FixtureStep } from '../fixtures/index.js';
import { client, type ShopClient } from './client.js';
import { ORDER_STATUSES, SETTLED_STATUSES } from './orders.js';

/** The contract's per-line quantity limit (OrderLineRequest.quantity maximum). */
const MAX_LINE_QUANTITY = 1000;
/** Catalog items `findItem` considers (the first page by name). */
const ITEM_CANDIDATES = 100;

export interface TriggerOptions {
  /** `--item ID:QTY`: the result of the fixture's `findItem` step, nothing looked up. */
  item?: { itemId: string; quantity: number } | undefined;
  /** `--override step.path=value`, applied to the steps' params before references resolve. */
  overrides: readonly { path: string; value: unknown }[];
  timeoutMs: number;
  /** Each step as it finishes, with its result. */
  onStep?: (step: FixtureStep, result: unknown) => void;
  /** Each event the run caused, as it arrives. */
  onEvent: (event: ShopEvent) => void;
}

export interface TriggerOutcome {
  /** The events the run caused, in the order they were reported. */
  events: ShopEvent[];
  elapsedMs: number;
}

/** The trigger ran but its event did not come: exit 1 with the one-line reason. */
class TriggerFailedError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'cli.trigger_failed', hint });
    this.name = 'TriggerFailedError';
  }
}

/** `--override` values: JSON when they parse (`5`, `true`, `["PAID"]`), else the text itself. */
export function parseOverride(text: string): { path: string; value: unknown } {
  const at = text.indexOf('=');
  if (at <= 0) {
    throw new UsageError(
      `--override ${text}: expected <step>.<param path>=<value>.`,
      'For example --override order.items[0].quantity=5',
    );
  }
  const raw = text.slice(at + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: a plain string such as an id or an email.
  }
  return { path: text.slice(0, at), value };
}

/** The fixture's steps with the overrides applied (the fixture itself is left as it is). */
export function applyOverrides(
  fixture: Fixture,
  overrides: TriggerOptions['overrides'],
): FixtureStep[] {
  const steps = structuredClone(fixture.steps);
  for (const { path, value } of overrides) {
    // `order.items[0].quantity`: step "order", then a dot-prop path into its params.
    const match = /^([A-Za-z_]\w*)\.(.+)$/.exec(path);
    const step = steps.find((s) => s.name === match?.[1]);
    if (!match?.[2] || !step) {
      throw new UsageError(
        `--override ${path}: the ${fixture.event} fixture has no step ${match?.[1] ?? path}.`,
        `Its steps: ${steps.map((s) => s.name).join(', ')}. See \`shop trigger --list --json\`.`,
      );
    }
    setProperty(step.params, match[2], value);
  }
  return steps;
}

const WHOLE_REFERENCE = /^\$\{([^}]+)\}$/;
const REFERENCE = /\$\{([^}]+)\}/g;

/** Replaces `${step.path}` references with earlier steps' results (see FixtureStep). */
export function resolveReferences(value: unknown, results: Record<string, unknown>): unknown {
  const lookup = (path: string): unknown => {
    const found = getProperty(results, path);
    if (found === undefined) {
      throw new CliError(`The fixture refers to \${${path}}, which no earlier step produced.`, {
        code: 'cli.fixture_invalid',
        hint: 'Check the step names and fields in `shop trigger --list --json`.',
      });
    }
    return found;
  };
  if (typeof value === 'string') {
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) return lookup(whole[1] as string);
    return value.replace(REFERENCE, (_all, path: string) => String(lookup(path)));
  }
  if (Array.isArray(value)) return value.map((entry) => resolveReferences(entry, results));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, resolveReferences(entry, results)]),
    );
  }
  return value;
}

const isApiError = (error: unknown, status: number, code: string): boolean =>
  (error as { status?: unknown }).status === status && (error as { code?: unknown }).code === code;

/** The events stream, subscribed before the first step that acts. */
interface Subscription {
  events: ShopEvent[];
  /** Resolves when an event arrives; rejects when the stream fails or `signal` aborts. */
  next(signal: AbortSignal): Promise<void>;
  close(): void;
}

/**
 * The events stream, open before this returns: the server follows the log from then on, so every
 * event the next steps cause is delivered. (A cursor read from the list first would name events
 * that retention may prune before the stream opens — and on an account with none kept, no cursor
 * is valid at all.)
 */
async function subscribe(shop: ShopClient, signal: AbortSignal): Promise<Subscription> {
  const controller = new AbortController();
  const events: ShopEvent[] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  let opened!: { resolve: () => void; reject: (error: unknown) => void };
  const open = new Promise<void>((resolve, reject) => (opened = { resolve, reject }));
  const onAbort = (): void => {
    controller.abort();
    opened.reject(signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  void (async () => {
    for await (const event of shop.events.stream({
      signal: controller.signal,
      onOpen: () => opened.resolve(),
    })) {
      events.push(event);
      wake?.();
    }
    // Only an abort ends the stream without an error; nothing waits for it to open any more.
    opened.reject(new Error('the event stream ended'));
  })().catch((error: unknown) => {
    failure = error;
    opened.reject(error);
    wake?.();
  });
  try {
    await open;
  } catch (error) {
    controller.abort();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return {
    events,
    next(waitSignal) {
      if (failure) return Promise.reject(failure as Error);
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(waitSignal.reason as Error);
        if (waitSignal.aborted) return onAbort();
        waitSignal.addEventListener('abort', onAbort, { once: true });
        wake = () => {
          waitSignal.removeEventListener('abort', onAbort);
          wake = undefined;
          if (failure) reject(failure as Error);
          else resolve();
        };
      });
    },
    close() {
      controller.abort();
    },
  };
}

/** Picks an item for a fixture: one with enough stock, or one whose stock can be exceeded. */
async function findItem(
  shop: ShopClient,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const wanted = params.quantity ?? 1;
  const beyond = wanted === 'moreThanStock';
  if (!beyond && (typeof wanted !== 'number' || !Number.isInteger(wanted) || wanted < 1)) {
    throw new CliError(`findItem: quantity must be a whole number or "moreThanStock".`, {
      code: 'cli.fixture_invalid',
    });
  }
  const items = await shop.items
    .list({ sortBy: 'itemName', size: ITEM_CANDIDATES }, { signal })
    .page(0);
  for (const item of items.content) {
    let available: number;
    try {
      ({ availableUnits: available } = await shop.inventory.getQuick(item.itemId, { signal }));
    } catch (error) {
      // An item without an inventory record has no known stock: not a candidate.
      if ((error as { status?: number }).status === 404) continue;
      throw error;
    }
    const quantity = beyond ? available + 1 : (wanted as number);
    if (beyond ? quantity <= MAX_LINE_QUANTITY : available >= quantity) {
      return { itemId: item.itemId, itemName: item.itemName, availableUnits: available, quantity };
    }
  }
  throw new TriggerFailedError(
    beyond
      ? `No item in the catalog has fewer than ${MAX_LINE_QUANTITY} units in stock, so no order can ask for more than there is.`
      : `No item in the catalog has ${String(wanted)} unit(s) in stock.`,
    'Name one with --item <itemId>:<quantity>, or change stock with `shop inventory set` (admin).',
  );
}

/** A throwaway account for the run, logged in: later steps act as it. */
async function register(
  ctx: Context,
  shop: ShopClient,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<{ actor: Context; result: Record<string, unknown> }> {
  const tag = randomBytes(6).toString('hex');
  const email = `trigger-${tag}@example.test`;
  const password = randomBytes(18).toString('base64url');
  const account = await shop.accounts.create(
    {
      email,
      username: `trigger-${tag}`,
      password,
      ...(typeof params.paymentMethod === 'string' && { paymentMethod: params.paymentMethod }),
    },
    { signal },
  );
  const session = await shop.auth.login({ email, password }, { signal });
  // A context of its own gets a client of its own (services/client.ts keys them by context).
  return {
    actor: { ...ctx, token: session.token, tokenSource: undefined },
    result: { ...account },
  };
}

/** Runs one step as `actor`; returns its result (what later steps may refer to). */
async function runStep(
  step: FixtureStep,
  params: Record<string, unknown>,
  shop: ShopClient,
  signal: AbortSignal,
  remainingMs: () => number,
): Promise<unknown> {
  switch (step.kind) {
    case 'createOrder':
      try {
        return await shop.orders.create(
          params as { items: { itemId: string; quantity: number }[] },
          {
            signal,
          },
        );
      } catch (error) {
        // Short of stock: the order exists, FAILED, and order.failed was written with it.
        const orderId = (error as { problem?: { orderId?: unknown } }).problem?.orderId;
        if (isApiError(error, 409, 'inventory.insufficient') && typeof orderId === 'string') {
          return shop.orders.get(orderId, { signal });
        }
        throw error;
      }
    case 'waitForOrder':
      return shop.orders.waitFor(String(params.orderId), {
        until: (params.until as OrderStatus[] | undefined) ?? [...SETTLED_STATUSES],
        timeoutMs: Math.max(1, remainingMs()),
        signal,
      });
    case 'refund':
      return shop.payments.refund(String(params.paymentId), { signal });
    case 'cancel':
      return shop.orders.cancel(String(params.orderId), { signal });
    case 'findItem':
      return findItem(shop, params, signal);
    case 'register':
      throw new Error('register is run by the caller');
  }
}

/** Steps that change something and so cause events: the stream must be open before them. */
const ACTS: ReadonlySet<string> = new Set(['createOrder', 'refund', 'cancel']);

const isOrder = (value: unknown): value is Order =>
  typeof value === 'object' && value !== null && 'orderId' in value && 'items' in value;

const orderIdOf = (event: ShopEvent): string | undefined => {
  const object = (event.data as { object?: { orderId?: unknown } }).object;
  return typeof object?.orderId === 'string' ? object.orderId : undefined;
};

const rank = (status: OrderStatus): number => ORDER_STATUSES.indexOf(status);

/**
 * Runs a fixture's steps against the API as the current login (or the account a `register` step
 * made), and reports every event they caused until `expected` arrives. Throws
 * TriggerFailedError when the orders settled without it or the time ran out.
 */
export async function runTrigger(
  ctx: Context,
  fixture: Fixture,
  expected: string,
  options: TriggerOptions,
): Promise<TriggerOutcome> {
  const started = Date.now();
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, deadline]);
  const remainingMs = (): number => options.timeoutMs - (Date.now() - started);
  const seconds = `${Math.round(options.timeoutMs / 100) / 10} s`;

  const steps = applyOverrides(fixture, options.overrides);
  if (options.item && !steps.some((step) => step.kind === 'findItem')) {
    throw new UsageError(`The ${fixture.event} fixture orders no item: --item does not apply.`);
  }

  /** The status each order had when a step last read it, and as the stream last showed it. */
  const apiStatus = new Map<string, OrderStatus>();
  const streamStatus = new Map<string, { status: OrderStatus; failureReason: string | null }>();
  /**
   * Orders a cancel found PAID: the server's cancel rules refund a paid order (202) rather than
   * cancel it, so they settle only once REFUNDED.
   */
  const refunding = new Set<string>();
  const reported = new Set<number>();
  const caused: ShopEvent[] = [];
  let expectedSeen = false;
  let subscription: Subscription | undefined;

  /** Reports the stream's events about this run's orders not reported yet, in seq order. */
  const pump = (): void => {
    for (const event of subscription?.events ?? []) {
      const orderId = orderIdOf(event);
      if (reported.has(event.seq) || !orderId || !apiStatus.has(orderId)) continue;
      reported.add(event.seq);
      caused.push(event);
      if (event.type.startsWith('order.')) {
        const order = (event.data as { object: Order }).object;
        streamStatus.set(orderId, { status: order.status, failureReason: order.failureReason });
      }
      if (event.type === expected) expectedSeen = true;
      options.onEvent(event);
    }
  };
  /** The stream has shown every order at least as far along as the steps saw it. */
  const caughtUp = (): boolean =>
    [...apiStatus].every(([orderId, status]) => {
      const seen = streamStatus.get(orderId);
      const until = refunding.has(orderId) ? 'REFUNDED' : status;
      return seen !== undefined && rank(seen.status) >= rank(until);
    });

  const timedOut = (): TriggerFailedError => {
    const states = [...apiStatus.keys()].map(
      (id) => `order ${id} is ${streamStatus.get(id)?.status ?? apiStatus.get(id) ?? '?'}`,
    );
    return new TriggerFailedError(
      `No ${expected} within ${seconds}${states.length ? `; ${states.join(', ')}` : ''}.`,
      'Give it longer with --timeout, or check the server with `shop orders list`.',
    );
  };
  const stopped = (error: unknown): Error => {
    if (ctx.signal.aborted) {
      return new InterruptedError(
        `Stopped; what the trigger did so far stays (${apiStatus.size} order(s)).`,
      );
    }
    if (deadline.aborted || (error as { name?: string }).name === 'ShopTimeoutError') {
      return timedOut();
    }
    return error as Error;
  };

  let actor = ctx;
  const results: Record<string, unknown> = {};
  try {
    try {
      for (const step of steps) {
        const shop = await client(actor);
        if (ACTS.has(step.kind) && !subscription) subscription = await subscribe(shop, signal);
        let result: unknown;
        if (step.kind === 'findItem' && options.item) {
          result = { ...options.item };
        } else if (step.kind === 'register') {
          if (subscription) {
            throw new CliError(`${fixture.event}: a register step must come before any order.`, {
              code: 'cli.fixture_invalid',
            });
          }
          ({ actor, result } = await register(ctx, shop, step.params, signal));
        } else {
          const params = resolveReferences(step.params, results) as Record<string, unknown>;
          try {
            result = await runStep(step, params, shop, signal, remainingMs);
          } catch (error) {
            // The order settled where the fixture's next steps cannot follow (e.g. FAILED when
            // it waited for PAID, or PAYMENT_FAILED when it was to be cancelled): stop acting;
            // the stream tells what happened.
            const order =
              (error as { name?: string }).name === 'ShopWaitError'
                ? (error as { order: Order }).order
                : step.kind === 'cancel' && isApiError(error, 409, 'order.not_cancellable')
                  ? await shop.orders.get(String(params.orderId), { signal })
                  : undefined;
            if (!order) throw error;
            apiStatus.set(order.orderId, order.status);
            break;
          }
        }
        results[step.name] = result;
        if (isOrder(result)) apiStatus.set(result.orderId, result.status);
        if (step.kind === 'cancel' && isOrder(result) && result.status === 'PAID') {
          refunding.add(result.orderId);
        }
        options.onStep?.(step, result);
        pump();
      }
      if (!subscription) {
        throw new CliError(`${fixture.event}: the fixture has no step that acts.`, {
          code: 'cli.fixture_invalid',
        });
      }
      for (;;) {
        pump();
        const settled = caughtUp();
        if (expectedSeen && settled) return { events: caused, elapsedMs: Date.now() - started };
        if (
          settled &&
          [...streamStatus.values()].every((s) => SETTLED_STATUSES.includes(s.status))
        ) {
          const refunded = [...refunding].filter(
            (id) => streamStatus.get(id)?.status === 'REFUNDED',
          );
          if (refunded.length > 0) {
            throw new TriggerFailedError(
              `${refunded.map((id) => `order ${id} was PAID when the cancel reached it, so the server refunded it instead (order.refunded)`).join(', ')}; ${expected} did not happen.`,
              'An order is cancelled only while its payment is pending, and the server settles payments SHOP_PAYMENT_DELAY_MS after the order (300 ms by default): on a server started with a shorter delay the payment can win. Use one with the default, or log in as an account that pays with pm_card_slow.',
            );
          }
          const endings = [...streamStatus].map(
            ([id, s]) =>
              `order ${id} ended ${s.status}${s.failureReason ? ` (${s.failureReason})` : ''}`,
          );
          throw new TriggerFailedError(`${endings.join(', ')}, so ${expected} did not happen.`);
        }
        await subscription.next(signal);
      }
    } catch (error) {
      throw stopped(error);
    }
  } finally {
    subscription?.close();
  }
}
