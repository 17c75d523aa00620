import bcrypt from 'bcryptjs';

const COST = 10;

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, COST);

export const verifyPassword = (password: string, hash: string): Promise<boolean> =>
  bcrypt.compare(password, hash);

let dummyHash: Promise<string> | undefined;

/**
 * Spends about as long as a real check, for logins with an unknown email, so response time does
 * not reveal whether an account exists. The hash is made on first use, not at import.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= bcrypt.hash('not-a-real-password', COST);
  await bcrypt.compare(password, await dummyHash);
  return false;
}
