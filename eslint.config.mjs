// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', '.cache/**', 'test/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The protocol core is pure: no I/O, no clock, no SDKs. zod is allowed for validating facts.
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(?!\\.{1,2}/|zod$).*',
          message: 'src/protocol is pure: import only from src/protocol itself (and zod).',
        }],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'src/protocol is pure: no process.' },
        { name: 'setTimeout', message: 'src/protocol is pure: no timers.' },
        { name: 'setInterval', message: 'src/protocol is pure: no timers.' },
        { name: 'fetch', message: 'src/protocol is pure: no I/O.' },
        { name: 'require', message: 'src/protocol is pure: no require.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/protocol has no clock: take the time as an argument.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/protocol has no clock: take the time as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'src/protocol is deterministic: no Math.random.' },
        { selector: 'ImportExpression', message: 'src/protocol is pure: no dynamic import.' },
      ],
    },
  },
  {
    // botbuilder stays in src/bot so a move to its successor SDK is a one-folder change.
    files: ['src/**/*.ts'],
    ignores: ['src/bot/**', 'src/protocol/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'botbuilder is imported only in src/bot/.' }],
      }],
    },
  },
);
