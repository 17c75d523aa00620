// The public types, seen from a consumer with the strictest flags a TypeScript project turns on:
// `exactOptionalPropertyTypes` refuses `{ after: undefined }` for `after?: number`, so every
// optional input must also accept `undefined` for `{ after: newest?.seq }` to compile.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const consumer = fileURLToPath(new URL('strict-consumer/consumer.ts', import.meta.url));

describe('a strict consumer', () => {
  it.each(['NodeNext', 'Bundler'] as const)(
    'compiles with exactOptionalPropertyTypes under moduleResolution %s',
    (resolution) => {
      const program = ts.createProgram([consumer], {
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
        types: ['node'],
        module: resolution === 'NodeNext' ? ts.ModuleKind.NodeNext : ts.ModuleKind.ESNext,
        moduleResolution:
          resolution === 'NodeNext'
            ? ts.ModuleResolutionKind.NodeNext
            : ts.ModuleResolutionKind.Bundler,
      });
      // Only the consumer's own lines: the SDK's sources are compiled under its own settings.
      const problems = ts
        .getPreEmitDiagnostics(program, program.getSourceFile(consumer))
        .map((d) => {
          const where =
            d.file && d.start !== undefined
              ? d.file.getLineAndCharacterOfPosition(d.start)
              : undefined;
          return `${where ? `line ${where.line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`;
        });
      expect(problems).toEqual([]);
    },
    60_000,
  );
});
