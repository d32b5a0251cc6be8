// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', '.cache/**', 'test/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Node scripts in plain JavaScript (the dependency-cruiser configuration and its runner).
    files: ['**/*.cjs', '.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
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
    // The protocol core is pure: no I/O, no clock, no SDKs. What it may import is a layer rule
    // (.dependency-cruiser.cjs, protocol-is-pure); what it may call is checked here.
    files: ['src/protocol/**/*.ts'],
    rules: {
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
);
