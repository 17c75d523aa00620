import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'packages/sdk/src/generated/**',
      '.shop/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Use named exports (conventions.md). Config files are exempt.',
        },
      ],
    },
  },
  {
    // @shop/sdk/webhooks runs in every runtime (Workers, Deno, browsers): web APIs only.
    files: ['packages/sdk/src/webhooks/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-d.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'Web APIs only in @shop/sdk/webhooks.' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'Use Uint8Array, atob/btoa: Buffer is Node-only.' },
        { name: 'process', message: 'Not in Workers or browsers.' },
      ],
    },
  },
  {
    // Tool config files must default-export.
    files: [
      '**/*.config.ts',
      '**/*.config.js',
      '**/*.config.mjs',
      'eslint.config.js',
      '.dependency-cruiser.mjs',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
