#!/usr/bin/env node
import { VERSION } from './version.js';

// `shop --version` alone answers before the command tree (and commander) is even loaded, and
// before node:v8, which brings Node's heap and stream modules with it.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const [{ default: module }, { setFlagsFromString }] = await Promise.all([
    import('node:module'),
    import('node:v8'),
  ]);
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
