// ESLint: the recommended rules of ESLint, typescript-eslint and angular-eslint (docs/architecture.md §Code style).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import angular from 'angular-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.angular/',
      'test-results/',
      'coverage/',
      'web/src/app/core/api.generated.ts',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // A leading underscore marks a parameter or binding kept for its position (Express's error handler's `next`)
      // or dropped on purpose from a rest copy (`const { secret: _s, ...shown } = row`).
      // Every control character in a pattern here is there on purpose: input is checked for them or cleaned of them.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // A test reads JSON bodies field by field; `any` is the honest type of a body it is about to check.
    files: ['test/**/*.ts', 'web/src/**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/src/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
  },
  {
    files: ['web/src/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
);
