#!/usr/bin/env node
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { VERSION } from './version.js';

// `shop --version` alone answers before the command tree (and commander) is even loaded.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  // undici compiles its llhttp WebAssembly parser on the first request; V8 then optimises it on
  // background threads and holds the exit until that finishes (figure in bench/README.md). A CLI
  // parses a handful of responses: the baseline (Liftoff) code is enough.
  setFlagsFromString('--liftoff-only');
  // Node ≥ 22.1 can keep compiled code between runs (most of a command's start-up is compiling
  // the bundled libraries); Node 20 has no such cache, and this is a no-op there.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const { main } = await import('./program.js');
  process.exitCode = await main(process.argv);
}
