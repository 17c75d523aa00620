import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client as api,
  loginAs,
  startInProcess,
  type Client as Api,
  type RunningServer,
} from '@shop/test-kit';
import { parseFaultSpec } from './faults.js';

describe('parseFaultSpec', () => {
  it('parses every option, with defaults for the rest', () => {
    expect(parseFaultSpec('rate=0.2,status=503,latency=200ms,phase=after')).toEqual({
      rate: 0.2,
      status: 503,
      latencyMs: 200,
      phase: 'after',
      target: 'requests',
      delivery: 'drop',
    });
    expect(parseFaultSpec('status=reset, latency=1s')).toEqual({
      rate: 0,
      status: 'reset',
      latencyMs: 1000,
      phase: 'before',
      target: 'requests',
      delivery: 'drop',
    });
    expect(parseFaultSpec('rate=0')).toEqual({
      rate: 0,
      status: 503,
      latencyMs: 0,
      phase: 'before',
      target: 'requests',
      delivery: 'drop',
    });
    expect(parseFaultSpec('target=deliveries,rate=0.5,delivery=bad-signature')).toMatchObject({
      target: 'deliveries',
      rate: 0.5,
      delivery: 'bad-signature',
    });
  });

  it.each([
    'rate=2',
    'status=200',
    'status=abc',
    'latency=fast',
    'phase=during',
    'colour=red',
    'target=everything',
    'delivery=explode',
    'rate',
  ])('rejects %s', (spec) => {
    expect(() => parseFaultSpec(spec)).toThrow();
  });
});

let upc = 700_000_000_000;
const item = () => ({ upc: String(upc++), itemName: 'Faulty', unitPrice: 1 });

describe('fault injection over HTTP', () => {
  let server: RunningServer;
  let admin: Api;
  beforeAll(async () => {
    // rate=0: nothing fails on its own; the Prefer header chooses per request.
    server = await startInProcess({ faults: 'rate=0' });
    admin = api(server.url, await loginAs(server.url, 'admin'));
  });
  afterAll(() => server.close());

  it('serves normally without a Prefer header', async () => {
    expect((await admin.post('/api/items', item())).status).toBe(201);
  });

  it('phase=before fails the request before any work: nothing changes', async () => {
    const body = item();
    const res = await admin.post('/api/items', body, {
      headers: { prefer: 'fault=503', 'x-request-id': 'fault-1' },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-request-id')).toBe('fault-1');
    expect(res.body).toMatchObject({
      type: 'urn:shop:problem:fault.injected',
      code: 'fault.injected',
      status: 503,
      requestId: 'fault-1',
    });
    expect((await api(server.url).get(`/api/items/upc/${body.upc}`)).status).toBe(404);
  });

  it('phase=after does the work and commits, then replaces the response (lost response)', async () => {
    const body = item();
    const res = await admin.post('/api/items', body, {
      headers: { prefer: 'fault=500; phase=after' },
    });
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('fault.injected');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const created = await api(server.url).get(`/api/items/upc/${body.upc}`);
    expect(created.status).toBe(200);
    expect(created.body.itemName).toBe('Faulty');
  });

  it('phase=after also replaces error responses and bodiless ones', async () => {
    const notFound = await api(server.url).get('/api/items/000000000000000000000000', {
      headers: { prefer: 'fault=502, phase=after' },
    });
    expect(notFound.status).toBe(502);
    const created = await admin.post('/api/items', item());
    const deleted = await admin.delete(`/api/items/${created.body.itemId}`, {
      headers: { prefer: 'fault=503;phase=after' },
    });
    expect(deleted.status).toBe(503);
    expect((await api(server.url).get(`/api/items/${created.body.itemId}`)).status).toBe(404);
  });

  it('fault=reset drops the connection (before: no change; after: committed)', async () => {
    const before = item();
    await expect(
      admin.post('/api/items', before, { headers: { prefer: 'fault=reset' } }),
    ).rejects.toThrow();
    expect((await api(server.url).get(`/api/items/upc/${before.upc}`)).status).toBe(404);

    const after = item();
    await expect(
      admin.post('/api/items', after, { headers: { prefer: 'fault=reset; phase=after' } }),
    ).rejects.toThrow();
    expect((await api(server.url).get(`/api/items/upc/${after.upc}`)).status).toBe(200);
  });

  it('never faults /health, /docs, /openapi.yaml or / (which leads to /docs)', async () => {
    for (const path of ['/health', '/docs', '/openapi.yaml', '/']) {
      const res = await api(server.url).get(path, { headers: { prefer: 'fault=503' } });
      expect(res.status).toBe(200);
    }
  });

  it('honours Prefer: delay and ignores unknown or bad preferences', async () => {
    const delayed = await api(server.url).get('/api/items?size=1', {
      headers: { prefer: 'delay=20' },
    });
    expect(delayed.status).toBe(200);
    const odd = await api(server.url).get('/api/items?size=1', {
      headers: { prefer: 'return=minimal, fault=200, delay=soon' },
    });
    expect(odd.status).toBe(200);
  });
});

describe('faults off (the default)', () => {
  it('ignores the Prefer header', async () => {
    const server = await startInProcess();
    try {
      const admin = api(server.url, await loginAs(server.url, 'admin'));
      const res = await admin.post('/api/items', item(), { headers: { prefer: 'fault=503' } });
      expect(res.status).toBe(201);
    } finally {
      await server.close();
    }
  });
});

describe('configured faults', () => {
  it('rate=1 fails every faultable request with the configured status', async () => {
    const server = await startInProcess({ faults: 'rate=1,status=502', seed: false });
    try {
      const res = await api(server.url).get('/api/items');
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('fault.injected');
      expect((await api(server.url).get('/health')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
