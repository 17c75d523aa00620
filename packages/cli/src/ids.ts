import { InvalidArgumentError } from 'commander';

interface IdShape {
  /** What the contract's schema says, as a regular expression. */
  pattern: RegExp;
  /** The shape in words, for the error. */
  described: string;
  example: string;
}

// ajv's `uuid` format, which the reference server validates these ids with.
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/**
 * The shape of each id the contract names, keyed by its parameter name. A test compares every
 * entry with openapi.yaml, so a changed pattern there fails the CLI's suite.
 */
export const ID_SHAPES = {
  itemId: {
    pattern: /^[0-9a-f]{24}$/,
    described: '24 lowercase hexadecimal characters',
    example: '65f1c0a2b3d4e5f60718293a',
  },
  upc: { pattern: /^[0-9]{6,14}$/, described: '6 to 14 digits', example: '012345678905' },
  accountId: {
    pattern: UUID,
    described: 'a UUID',
    example: '3f6c2a9e-8b1d-4c7a-9e2f-5a1b7c3d9e01',
  },
  orderId: { pattern: UUID, described: 'a UUID', example: '8d2e5f47-1c3b-4a6d-9f80-b7e6c5d4a321' },
  paymentId: {
    pattern: UUID,
    described: 'a UUID',
    example: '5b9c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d',
  },
  endpointId: {
    pattern: /^we_[0-9a-f]{32}$/,
    described: '"we_" and 32 lowercase hexadecimal characters',
    example: 'we_5f0c8a1e2b3d4c6e8f9a0b1c2d3e4f50',
  },
  eventId: {
    pattern: /^evt_[0-9a-f]{32}$/,
    described: '"evt_" and 32 lowercase hexadecimal characters',
    example: 'evt_2b7c9e1f4a6d8c0e3f5a7b9d1c3e5f70',
  },
} as const satisfies Record<string, IdShape>;

export type IdName = keyof typeof ID_SHAPES;

export function isIdName(name: string): name is IdName {
  return Object.hasOwn(ID_SHAPES, name);
}

/**
 * Checks an id before any request is made: an empty or malformed id would otherwise reach the
 * API as another route (`/api/payments//refund`) or a confusing 404.
 */
export function checkId(name: IdName, value: string): string {
  const shape: IdShape = ID_SHAPES[name];
  if (value.trim() === '') throw new InvalidArgumentError(`${name} must not be empty.`);
  if (!shape.pattern.test(value)) {
    throw new InvalidArgumentError(
      `${name} must be ${shape.described}, e.g. ${shape.example}; got "${value}".`,
    );
  }
  return value;
}
