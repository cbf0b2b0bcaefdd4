// Lint for every target. Run from the repository root: `eslint -c test/eslint.config.js .`
// Kept under test/ because the top level holds only what DEVELOPERS.md lists.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'dist/**', 'out/**', 'artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // VS Code's rule: the core is "common + node" code and never reaches for Electron.
    files: ['main/core/**/*.ts', 'main/app/**/*.ts', 'main/demo/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The core must not import electron; put it in main/electron/.' },
            { name: 'electron-store', message: 'The core gets its store injected; see main/electron/.' },
          ],
          patterns: [{ group: ['**/electron/**', '../electron/*'], message: 'The core must not import the adapter.' }],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'main/dev/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
