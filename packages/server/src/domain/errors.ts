/**
 * The one error type domain modules throw. It carries a stable machine code from the spec
 * (e.g. `inventory.insufficient`) and knows nothing of HTTP: `src/http/problem.ts` maps codes to
 * statuses and problem+json bodies.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    /** Extra members for the problem body, e.g. `{ itemId, availableUnits }`. */
    readonly extensions: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
