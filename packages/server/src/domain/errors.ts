/**
 * One invalid value of a domain function's input: `field` names a property of that input
 * (`unitPrice`) or a path within it in JSON-pointer segments (`items/0/quantity`). Where the
 * input came from (a request body, a seed) is the caller's business: the HTTP layer places it.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * The one error type domain modules throw. It carries a stable machine code from the spec
 * (e.g. `inventory.insufficient`) and knows nothing of HTTP: `src/http/problem.ts` maps codes to
 * statuses and problem+json bodies, and `fields` to pointers into the request.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  /** The invalid values behind a `validation.failed`; empty for other codes. */
  readonly fields: readonly FieldIssue[];

  constructor(
    readonly code: string,
    message: string,
    /** Extra members for the problem body, e.g. `{ itemId, availableUnits }`. */
    readonly extensions: Record<string, unknown> = {},
    options?: { cause?: unknown; fields?: readonly FieldIssue[] },
  ) {
    super(message, options);
    this.fields = options?.fields ?? [];
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** `validation.failed` for one invalid value of the input, e.g. `invalidField('unitPrice', 'must be > 0')`. */
export const invalidField = (field: string, message: string): DomainError =>
  new DomainError(
    'validation.failed',
    `${field} ${message}.`,
    {},
    { fields: [{ field, message }] },
  );
