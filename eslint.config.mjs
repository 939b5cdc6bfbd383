import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'imports/**',
      'lib/**',
      'dist-jsii/**',
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'docs/**',
      '.cache/**',
      '.stryker-tmp*/**',
      'reports/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
