import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { promptCredentials, relativeTime, success, writeJson } from '../../output.js';
import { login } from '../../services/auth.js';
import { action, readStdin } from '../action.js';
import { examples } from '../help.js';

export function loginCommand(): Command {
  return new Command('login')
    .description('Log in and keep the token in the current profile')
    .option('--email <email>', 'account email')
    .option('--password-stdin', 'read the password from stdin (for scripts)')
    .addHelpText(
      'after',
      examples(
        'shop login',
        'printf %s "$PASSWORD" | shop login --email you@example.com --password-stdin',
      ),
    )
    .action(
      action(async (ctx, opts: { email?: string; passwordStdin?: boolean }) => {
        let credentials: { email: string; password: string };
        if (opts.passwordStdin) {
          if (!opts.email)
            throw new UsageError('--password-stdin needs --email.', 'Pass --email <email>.');
          credentials = { email: opts.email, password: await readStdin() };
        } else if (ctx.interactive) {
          credentials = await promptCredentials(ctx, `Log in to ${ctx.apiUrl}`, opts.email);
        } else {
          throw new UsageError(
            'Cannot prompt for the password here (no terminal, CI, or --json).',
            'Pass --email <email> --password-stdin and pipe the password in.',
          );
        }
        if (!credentials.password) throw new UsageError('The password is empty.');
        const session = await login(ctx, credentials);
        if (ctx.json) return writeJson(session);
        success(
          ctx,
          `Logged in to ${ctx.apiUrl} as ${credentials.email} (profile ${ctx.profileName}); the token expires ${relativeTime(session.expiresAt)}.`,
        );
      }),
    );
}
