import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client as api, startInProcess, type RunningServer } from '@shop/test-kit';

let server: RunningServer;
beforeAll(async () => {
  server = await startInProcess();
});
afterAll(() => server.close());

describe('GET /health', () => {
  it('GET /health answers ok with the server version', async () => {
    const res = await api(server.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
