// `pnpm start`: builds the packages quietly (their output only if the build fails), then runs
// the reference server in dev mode, so its banner (URLs, credentials) is the last thing printed.
// Arguments go to the server: `pnpm start --port 0`.
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';

process.stderr.write('Building the packages…\n');
const build = spawnSync(pnpm, ['run', 'build'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  process.stderr.write(`The build failed${build.error ? ` (${build.error.message})` : ''}.\n`);
  process.exit(build.status ?? 1);
}

const server = spawn(
  process.execPath,
  ['packages/server/dist/main.js', '--dev', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl-C reaches the server too (same process group) and it shuts down gracefully; a SIGTERM
// sent to this process alone is passed on. Either way this process leaves when the server does.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => server.kill('SIGTERM'));
server.on('exit', (code, signal) =>
  process.exit(code ?? 128 + (signal === null ? 0 : constants.signals[signal])),
);
