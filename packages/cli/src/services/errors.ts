import type { ProblemCodeInfo } from '@shop/sdk/problems';
import { expiredLogin, loginHint, type Context } from '../context.js';
import { CliError, ExitCode, InterruptedError, type ExitCodeValue } from '../errors.js';

type Hinted = { message: string; hint?: string; exitCode?: ExitCodeValue };
type ProblemLookup = (code: string) => ProblemCodeInfo | undefined;

// The contract's problem-code table, loaded only once an error needs a hint: start-up stays lean.
const loadProblemLookup = async (): Promise<ProblemLookup> =>
  (await import('@shop/sdk/problems')).problemCodeInfo;

/**
 * What a user can do about a problem: the hint from the contract's problem-code table, and for
 * a few codes a message worded from the problem itself.
 */
function explainProblem(
  code: string,
  problem: Record<string, unknown>,
  fallback: string,
  lookup: ProblemLookup,
): Hinted | undefined {
  switch (code) {
    case 'inventory.insufficient': {
      const { itemId, availableUnits, requestedUnits } = problem;
      return {
        message: `Not enough stock for item ${String(itemId)}: ${String(availableUnits)} available, ${String(requestedUnits)} requested.`,
        hint:
          Number(availableUnits) > 0
            ? `Order at most ${String(availableUnits)}, or check \`shop inventory get ${String(itemId)}\`.`
            : `The item is out of stock; check \`shop inventory get ${String(itemId)}\`.`,
      };
    }
    case 'auth.invalid_credentials':
      return { message: 'Wrong email or password.', hint: lookup(code)?.hint };
    case 'auth.forbidden':
      return { message: `${fallback} This needs an admin account.`, hint: lookup(code)?.hint };
  }
  const hint = lookup(code)?.hint;
  return hint === undefined ? undefined : { message: fallback, hint };
}

function statusExit(status: number): ExitCodeValue {
  if (status === 400) return ExitCode.usage;
  if (status === 401) return ExitCode.auth;
  if (status === 404) return ExitCode.notFound;
  if (status === 409) return ExitCode.conflict;
  return ExitCode.error;
}

/**
 * The error for a response `shop api` printed as it is: the exit code of its status, the
 * problem's title and detail as the message, its code's hint when there is one.
 */
export async function responseError(
  ctx: Context,
  response: { status: number; headers: [string, string][]; body: unknown },
): Promise<CliError> {
  const problem =
    typeof response.body === 'object' && response.body !== null
      ? (response.body as Record<string, unknown>)
      : {};
  const text = (key: string): string | undefined =>
    typeof problem[key] === 'string' ? problem[key] : undefined;
  const fallback =
    [text('title'), text('detail')].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  const hinted =
    response.status === 401
      ? explainUnauthorized(ctx, fallback)
      : explainProblem(text('code') ?? '', problem, fallback, await loadProblemLookup());
  return new CliError(hinted?.message ?? fallback, {
    exitCode: statusExit(response.status),
    hint: hinted?.hint,
    code: text('code') ?? `http.${response.status}`,
    requestId: response.headers.find(([name]) => name === 'x-request-id')?.[1],
    problem,
  });
}

/** Turns an SDK error (or anything else thrown) into a CliError with a hint and an exit code. */
export async function toCliError(error: unknown, ctx: Context | undefined): Promise<CliError> {
  if (error instanceof CliError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new InterruptedError();
  const sdk = await import('@shop/sdk');
  if (error instanceof sdk.ShopApiError) {
    const problem = (error.problem ?? {}) as Record<string, unknown>;
    const fallback = error.detail ?? error.title ?? error.message;
    const lookup = await loadProblemLookup();
    let hinted: Hinted = explainProblem(error.code ?? '', problem, fallback, lookup) ?? {
      message: fallback,
    };
    if (error.status === 401 && error.code !== 'auth.invalid_credentials') {
      hinted = explainUnauthorized(ctx, fallback);
    } else if (error.status === 400 && error.errors?.length) {
      // The server's detail already lists the invalid values; the title alone does not.
      const listed = error.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      hinted = {
        message: error.detail ?? `${error.title}: ${listed}`,
        hint: 'Check the arguments; `--help` lists them.',
      };
    } else if (error instanceof sdk.RateLimitedError) {
      hinted = {
        message: fallback,
        hint: `Wait ${error.retryAfterSeconds ?? 'a few'} seconds, then try again.`,
      };
    } else if (error.status >= 500 && !hinted.hint) {
      hinted = { message: fallback, hint: 'Try again; --verbose shows the request id to report.' };
    }
    return new CliError(hinted.message, {
      exitCode: hinted.exitCode ?? statusExit(error.status),
      hint: hinted.hint,
      code: error.code ?? `http.${error.status}`,
      requestId: error.requestId,
      problem,
      cause: error,
    });
  }
  if (error instanceof sdk.ShopConnectionError) {
    return new CliError(`Cannot reach the API at ${ctx?.apiUrl ?? 'the API URL'}.`, {
      hint: 'Is the server running? Set --api-url or SHOP_API_URL to point elsewhere.',
      code: 'cli.connection',
      cause: error,
    });
  }
  if (error instanceof sdk.ShopTimeoutError) {
    return new CliError(error.message, {
      hint: 'Try again; `shop orders watch <orderId>` follows an order for longer.',
      code: 'cli.timeout',
      cause: error,
    });
  }
  // Unexpected: keep the cause so --verbose can show the stack.
  return new CliError(error instanceof Error ? error.message : String(error), {
    code: 'cli.internal',
    cause: error,
  });
}

function explainUnauthorized(ctx: Context | undefined, fallback: string): Hinted {
  const hint = ctx ? loginHint(ctx) : 'Run `shop login`.';
  if (!ctx?.token) return { message: 'You are not logged in.', hint };
  if (ctx.tokenSource === 'env') {
    return {
      message: `SHOP_TOKEN was rejected: ${fallback}`,
      hint: 'Unset SHOP_TOKEN or set a valid token.',
    };
  }
  const expired = expiredLogin(ctx);
  if (expired) return { message: `Your login expired at ${expired}.`, hint };
  return { message: `Your login was rejected: ${fallback}`, hint };
}
