import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/generated/**', '**/node_modules/**', '.turbo/**', '**/coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,ts,tsx}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The few CommonJS files: the command's launcher and the check bundle's loader.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The planner is a pure function of (desired, live): no I/O, clock, environment or randomness.
    files: ['packages/planner/src/**/*.ts'],
    ignores: ['packages/planner/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'http',
                'https',
                'net',
                'child_process',
                'os',
                'path',
                'crypto',
                'undici',
                '@atlas-cmk/runner',
                'atlas-cmk',
              ],
              message: 'The planner is pure: no I/O, clock, environment or randomness (STYLE.md).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The planner is pure: no environment access.' },
        { name: 'fetch', message: 'The planner is pure: no network.' },
        { name: 'setTimeout', message: 'The planner is pure: no clock.' },
        { name: 'console', message: 'The planner is pure: no logging.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The planner is pure: pass time in.' },
        { object: 'Math', property: 'random', message: 'The planner is pure: no randomness.' },
      ],
    },
  },
  {
    // atlas-sim implements the vendored contracts (packages/atlas-sim/contracts) on its own, so our client is never tested only against itself.
    files: ['packages/atlas-sim/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@atlas-cmk/core', '@atlas-cmk/planner', '@atlas-cmk/runner', 'atlas-cmk'],
              message: 'atlas-sim imports none of core/planner/runner.',
            },
          ],
        },
      ],
    },
  },
);
