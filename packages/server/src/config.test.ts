import { describe, expect, it } from 'vitest';
import { DEFAULT_DB_PATH, DEFAULT_HOST, DEFAULT_PORT, parseConfig, UsageError } from './config.js';

describe('parseConfig', () => {
  it('has defaults for everything', () => {
    expect(parseConfig([], {})).toEqual({
      help: false,
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      db: DEFAULT_DB_PATH,
      seed: true,
      dev: false,
      logLevel: 'info',
      validateResponses: false,
    });
  });

  it('reads every flag', () => {
    expect(
      parseConfig(
        [
          '--port',
          '0',
          '--host',
          '0.0.0.0',
          '--db',
          ':memory:',
          '--no-seed',
          '--dev',
          '--faults',
          'rate=0.5,status=reset',
        ],
        {},
      ),
    ).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      db: ':memory:',
      seed: false,
      dev: true,
      faults: 'rate=0.5,status=reset',
    });
    expect(parseConfig(['--port=5000'], {})).toMatchObject({ port: 5000 });
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      PORT: '5001',
      SHOP_HOST: '::',
      SHOP_DB: '/tmp/x.db',
      SHOP_JWT_SECRET: 's'.repeat(32),
      SHOP_ADMIN_EMAIL: 'boss@example.com',
      SHOP_ADMIN_PASSWORD: 'boss-password',
      SHOP_PAYMENT_DELAY_MS: '50',
      SHOP_FAULTS: 'rate=0',
      SHOP_VALIDATE_RESPONSES: '1',
      LOG_LEVEL: 'warn',
    };
    expect(parseConfig([], env)).toEqual({
      help: false,
      port: 5001,
      host: '::',
      db: '/tmp/x.db',
      seed: true,
      dev: false,
      jwtSecret: 's'.repeat(32),
      adminEmail: 'boss@example.com',
      adminPassword: 'boss-password',
      paymentDelayMs: 50,
      faults: 'rate=0',
      validateResponses: true,
      logLevel: 'warn',
    });
    expect(parseConfig(['--port', '6000', '--db', 'other.db'], env)).toMatchObject({
      port: 6000,
      db: 'other.db',
    });
  });

  it('listens on loopback unless --host, SHOP_HOST or HOST (in that order) widens it', () => {
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    expect(parseConfig([], { HOST: '0.0.0.0' })).toMatchObject({ host: '0.0.0.0' });
    expect(parseConfig([], { HOST: '0.0.0.0', SHOP_HOST: '::1' })).toMatchObject({ host: '::1' });
    expect(parseConfig(['--host', '[::1]'], { SHOP_HOST: '0.0.0.0' })).toMatchObject({
      host: '::1',
    });
    expect(parseConfig([], { HOST: ' ' })).toMatchObject({ host: DEFAULT_HOST });
  });

  it('reads --webhook-schedule and --event-retention (and their environment variables)', () => {
    expect(parseConfig(['--webhook-schedule', 'fast'], {})).toMatchObject({
      webhookSchedule: [0, 100, 200, 400, 800, 1600],
    });
    expect(parseConfig([], { SHOP_WEBHOOK_SCHEDULE: '0,1s,5m' })).toMatchObject({
      webhookSchedule: [0, 1000, 300_000],
    });
    expect(parseConfig(['--event-retention', '12h'], { SHOP_EVENT_RETENTION: '1d' })).toMatchObject(
      { eventRetentionMs: 12 * 3600_000 },
    );
    expect(() => parseConfig(['--webhook-schedule', 'soon'], {})).toThrow(UsageError);
    expect(() => parseConfig([], { SHOP_EVENT_RETENTION: 'forever' })).toThrow(UsageError);
  });

  it('refuses an event retention of 0, which would remove every event and its pending deliveries at once', () => {
    for (const value of ['0', '0d', '0.0001'])
      expect(() => parseConfig(['--event-retention', value], {})).toThrow(
        /--event-retention: .*longer than 0/,
      );
    expect(() => parseConfig([], { SHOP_EVENT_RETENTION: '0' })).toThrow(UsageError);
  });

  it('--help', () => {
    expect(parseConfig(['--help'], {})).toEqual({ help: true });
    expect(parseConfig(['-h'], {})).toEqual({ help: true });
  });

  it.each([
    [['--bogus']],
    [['--port']],
    [['--port', 'http']],
    [['--port', '70000']],
    [['--faults', 'rate=7']],
    [['--cors-origin', 'http://localhost:5173/']],
    [['--cors-origin', 'localhost:5173']],
    [['--cors-origin', ',']],
    [['--host', '']],
    [['--host', 'http://example.com/']],
    [['positional']],
  ])('rejects %j with a one-line UsageError', (argv) => {
    expect(() => parseConfig(argv, {})).toThrow(UsageError);
    try {
      parseConfig(argv, {});
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it.each([
    [{ SHOP_JWT_SECRET: 'short' }],
    [{ LOG_LEVEL: 'loud' }],
    [{ SHOP_PAYMENT_DELAY_MS: '-1' }],
    [{ SHOP_FAULTS: 'phase=later' }],
    [{ SHOP_CORS_ORIGIN: 'https://app.example.com/path' }],
    [{ SHOP_AUTH_LIMITS: 'login=0' }],
    [{ SHOP_AUTH_LIMITS: 'logins=5' }],
    // bcrypt reads 72 bytes; a longer admin password would be accepted with any ending.
    [{ SHOP_ADMIN_PASSWORD: 'é'.repeat(37) }],
  ])('rejects bad environment %j', (env) => {
    expect(() => parseConfig([], env)).toThrow(UsageError);
  });

  it('reads --cors-origin and SHOP_CORS_ORIGIN: "*" or a list of origins, the flag first', () => {
    expect(parseConfig(['--cors-origin', '*'], {})).toMatchObject({ corsOrigin: '*' });
    expect(
      parseConfig([], { SHOP_CORS_ORIGIN: 'https://app.example.com, http://localhost:5173' }),
    ).toMatchObject({ corsOrigin: ['https://app.example.com', 'http://localhost:5173'] });
    expect(
      parseConfig(['--cors-origin=https://a.example'], { SHOP_CORS_ORIGIN: '*' }),
    ).toMatchObject({ corsOrigin: ['https://a.example'] });
  });

  it('reads SHOP_AUTH_LIMITS', () => {
    expect(parseConfig([], { SHOP_AUTH_LIMITS: 'login=3, spray=40,register=7' })).toMatchObject({
      authLimits: {
        loginFailuresPerEmailClient: 3,
        loginFailuresPerClient: 40,
        registrationsPerClient: 7,
      },
    });
  });
});
