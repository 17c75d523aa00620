/** HTTP with the request target sent byte-for-byte: fetch would normalise ../ and %2e%2e. */
import { request } from 'node:http';

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  deadlineMs = 10_000,
): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method, path: target, headers, timeout: deadlineMs },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${target}: no answer in ${deadlineMs} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}
