#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './program.js';

// undici compiles its llhttp WebAssembly parser on the first request; V8 then optimises it on
// background threads and holds the exit until that finishes (~0.3 s, measured). A CLI parses a
// handful of responses: the baseline (Liftoff) code is enough.
setFlagsFromString('--liftoff-only');

process.exitCode = await main(process.argv);
