// Drift check: regenerate the SDK's types from openapi.yaml into a temp file and compare with
// the committed one. Fails with a hint when someone edited the spec without `pnpm generate`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const committed = 'packages/sdk/src/generated/schema.d.ts';
const dir = mkdtempSync(join(tmpdir(), 'shop-gen-'));
const fresh = join(dir, 'schema.d.ts');
try {
  execFileSync(
    'openapi-typescript',
    ['openapi.yaml', '--default-non-nullable', 'false', '-o', fresh],
    { stdio: 'inherit' },
  );
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error(
      `${committed} is out of date with openapi.yaml. Run \`pnpm generate\` and commit.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`${committed} matches openapi.yaml`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
