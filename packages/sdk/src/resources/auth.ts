import type { RequestOptions, ResourceContext } from './context.js';
import type { LoginRequest, LoginResponse, TokenValidation } from '../types.js';
import { unwrap } from './result.js';

/** Options of `auth.login`. */
export interface LoginOptions extends RequestOptions {
  /** Store the returned token on this client for the calls that follow. Default `true`. */
  setToken?: boolean | undefined;
}

/** Log in, check the token, or set it. */
export interface AuthResource {
  /**
   * Exchanges email and password for a bearer token, and (unless `setToken: false`) uses it for
   * this client's later calls. Throws `UnauthorizedError` (`auth.invalid_credentials`) on a wrong
   * email or password, `RateLimitedError` (`auth.too_many_attempts`, see `retryAfterSeconds`)
   * after repeated failures. Never retried: a login is not idempotent in its rate limit.
   */
  login(credentials: LoginRequest, options?: LoginOptions): Promise<LoginResponse>;
  /** Checks the current token; throws `UnauthorizedError` when it is missing, bad or expired. */
  validate(options?: RequestOptions): Promise<TokenValidation>;
  /**
   * Sets the token sent with later calls; `undefined` clears it (then `getToken`, if given, is
   * asked again).
   */
  setToken(token: string | undefined): void;
}

export function authResource({ raw, init, setToken }: ResourceContext): AuthResource {
  return {
    async login(credentials, options) {
      const login = unwrap(
        await raw.POST('/api/auth/login', { body: credentials, ...init(options) }),
      );
      if (options?.setToken !== false) setToken(login.token);
      return login;
    },
    async validate(options) {
      return unwrap(await raw.GET('/api/auth/validate', init(options)));
    },
    setToken,
  };
}
