import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, runInProcess, runSpawned, type CliMain } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'test-kit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in program: the runner's job is argv, stdin, the environment and the exit code, the
// same in both modes; the CLI's own suites run the real `shop` through it.
const bin = join(dir, 'echo.mjs');
writeFileSync(
  bin,
  `let input = '';
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify({ args: process.argv.slice(2), input, ci: process.env.CI ?? null, api: process.env.SHOP_API_URL ?? null }));
process.stderr.write('said');
process.exitCode = 3;
`,
);

const echo: CliMain = async (argv, io) => {
  let input = '';
  for await (const chunk of io.stdin) input += String(chunk);
  io.stdout.write(
    JSON.stringify({
      args: argv.slice(2),
      input,
      ci: io.env.CI ?? null,
      api: io.env.SHOP_API_URL ?? null,
    }),
  );
  io.stderr.write('said');
  return 3;
};

describe('the CLI runner', () => {
  const previous = process.env.CI;
  afterAll(() => {
    if (previous === undefined) delete process.env.CI;
    else process.env.CI = previous;
  });

  it.each([
    ['in process', (args: string[], options: object) => runInProcess(echo, args, options)],
    ['spawned', (args: string[], options: object) => runSpawned(bin, args, options)],
  ])(
    '%s: passes args, stdin and a clean environment, and returns the exit code',
    async (_, run) => {
      process.env.CI = 'true';
      const result = await run(['items', 'list'], {
        input: 'secret\n',
        env: { SHOP_API_URL: 'http://127.0.0.1:1' },
      });
      expect(result).toMatchObject({ code: 3, signal: null, stderr: 'said' });
      expect(JSON.parse(result.stdout)).toEqual({
        args: ['items', 'list'],
        input: 'secret\n',
        ci: null,
        api: 'http://127.0.0.1:1',
      });
    },
  );

  it('drops variables that change the CLI from the caller, keeps the ones given', () => {
    process.env.SHOP_TOKEN = 'leaked';
    try {
      const env = cleanEnv({ NO_COLOR: '1', SHOP_CONFIG_DIR: dir });
      expect(env.SHOP_TOKEN).toBeUndefined();
      expect(env).toMatchObject({ NO_COLOR: '1', SHOP_CONFIG_DIR: dir });
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      delete process.env.SHOP_TOKEN;
    }
  });
});
