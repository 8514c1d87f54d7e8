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
    // Small files and functions: a reader sees a whole decision at once.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  {
    files: ['src/client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/client runs in plain Node: never import vscode here.' }] }],
    },
  },
  {
    // Domain rules and texts are pure: plain Node can test them.
    files: ['src/model/**/*.ts', 'src/util/format.ts', 'src/util/sanitize.ts', 'src/util/markdown.ts', 'src/util/l10n.ts', 'src/tree/jobFilter.ts', 'src/constants.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'This module is pure: no vscode import.' }] }],
    },
  },
  {
    files: ['src/tree/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/commands', '**/commands/*', '**/ui/*'], message: 'The tree renders state: it imports no command and no dialog.' }] }],
    },
  },
  {
    // Commands do not import each other: what two of them share lives in src/ui/.
    files: ['src/commands/**/*.ts'],
    ignores: ['src/commands/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['./*', '!./deps'], message: 'A command imports no other command; put what they share in src/ui/.' }] }],
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
    // Every change to ModelArts, with no dialog: the commands ask, the actions act.
    files: ['src/actions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/commands', '**/commands/*'], message: 'src/actions never imports a command.' },
        { group: ['**/ui/*', '**/tree/*'], message: 'src/actions shows nothing: it imports neither the UI nor the tree.' },
      ], paths: [{ name: 'vscode', message: 'src/actions runs in plain Node (its tests do): no vscode import.' }] }],
      // Replaces the rule of src/** above for these files: all three selectors apply here.
      'no-restricted-syntax': ['error',
        { selector: 'ThrowStatement > Literal', message: 'Throw Error subclasses, not strings.' },
        { selector: 'MemberExpression[property.name=/^(show(Information|Warning|Error)Message|withProgress)$/]', message: 'src/actions shows nothing.' },
        { selector: 'MemberExpression[object.name="vscode"][property.name="window"]', message: 'src/actions shows no dialog, message or progress.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
