import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PAYMENT_METHOD } from './domain/payments/methods.js';
import { findSpecPath } from './package-files.js';
import { DEFAULT_PORT } from './server.js';

interface Contract {
  servers: { url: string }[];
  components: {
    schemas: { AccountCreate: { properties: { paymentMethod: { default: string } } } };
  };
}

const contract = parse(readFileSync(findSpecPath(), 'utf8')) as Contract;

describe("the server's defaults", () => {
  it("use the contract's default payment method", () => {
    expect(DEFAULT_PAYMENT_METHOD).toBe(
      contract.components.schemas.AccountCreate.properties.paymentMethod.default,
    );
  });

  it("listen on the port of the contract's local server URL", () => {
    const local = contract.servers.map(({ url }) => new URL(url)).find((url) => url.port !== '');
    expect(DEFAULT_PORT).toBe(Number(local?.port));
  });
});
