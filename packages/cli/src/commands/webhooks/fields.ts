import { InvalidArgumentError } from 'commander';

/** `--url`: an absolute http(s) URL, as the contract's `WebhookUrl` requires. */
export function webhookUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError(
      `url must be an absolute http(s) URL, e.g. https://example.com/hooks/shop; got "${value}".`,
    );
  }
  return value;
}
