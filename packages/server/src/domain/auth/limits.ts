/**
 * How much guessing one client may do. Counted per client address (see `clientAddressOf`), so
 * someone else's guesses never lock an account's owner out, as identity providers do it.
 */
export interface AuthLimits {
  /** Failed logins for one email from one client inside the window; then 429. */
  loginFailuresPerEmailClient: number;
  /** Failed logins from one client over all emails inside the window (password spraying). */
  loginFailuresPerClient: number;
  loginWindowMs: number;
  /** Registrations one client may attempt inside the window, whatever their outcome. */
  registrationsPerClient: number;
  registrationWindowMs: number;
}

export const DEFAULT_AUTH_LIMITS: Readonly<AuthLimits> = {
  loginFailuresPerEmailClient: 5,
  loginFailuresPerClient: 50,
  loginWindowMs: 15 * 60 * 1000,
  registrationsPerClient: 20,
  registrationWindowMs: 60 * 60 * 1000,
};

export const authLimits = (overrides: Partial<AuthLimits> = {}): AuthLimits => ({
  ...DEFAULT_AUTH_LIMITS,
  ...overrides,
});

/**
 * For test harnesses whose every client is one address (127.0.0.1): the per-client registration
 * and spray limits lifted, the per-(email, client) login limit kept.
 */
export const ONE_CLIENT_TEST_LIMITS: Readonly<Partial<AuthLimits>> = {
  registrationsPerClient: 1_000_000,
  loginFailuresPerClient: 1_000_000,
};
