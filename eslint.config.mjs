// Lint for the TypeScript sources and tests; type-aware rules stay off to keep `npm test` fast.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ThrowStatement > Literal', message: 'Throw Error subclasses, not strings.' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/client runs in plain Node: never import vscode here.' }] }],
    },
  },
  {
    // Server text reaches notifications and dialogs only through src/ui/messages.ts, which sanitises it
    // for each surface (no clickable command links, no fake lines or bidi tricks).
    files: ['src/**/*.ts'],
    ignores: ['src/ui/messages.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: 'ThrowStatement > Literal', message: 'Throw Error subclasses, not strings.' },
        {
          selector: 'MemberExpression[property.name=/^(show(Information|Warning|Error)Message|withProgress)$/]',
          message: 'Show notifications, dialogs and progress through src/ui/messages.ts: it sanitises server text for each surface.',
        }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
