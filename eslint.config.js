// ESLint flat config: rules that catch real bugs, nothing about layout (Prettier owns layout, so no
// formatting rule is enabled here and the two never disagree). Type-aware rules run on every TS file
// because the bugs we have actually shipped are un-awaited promises in socket handlers and timers.
// Import direction and file circles are checked by dependency-cruiser (.dependency-cruiser.cjs).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores(['node_modules/', 'dist/', 'data/', 'public/tiles/', 'coverage/', 'test-results/', '.cache/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its rejection: in the relay that is a silent dropped event.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async callback where a void one is expected (socket.on, setInterval, express) swallows errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
      // `_name` marks an argument kept for a signature; anything else unused is dead code.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // a bare `a === b;` is a lost assignment; `x ? a() : b()` and `x && f()` are deliberate
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Wall code runs in the browser.
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['server/**', 'scripts/**', 'bench/**', 'test/**', '*.config.{js,ts}', '.dependency-cruiser.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Generated data and the simulation must be reproducible from a seed (byte-identical district
    // files, same events for the same ticks). Reconnect jitter, benches and test ids may be random.
    files: ['server/gen/**', 'server/tiles/**', 'server/sim/**', 'src/domain/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (src/domain/seeded-random.ts).' },
      ],
    },
  },
  {
    // Tests read decoded third-party data (loaders.gl glTF, raw socket payloads) whose shape they assert.
    files: ['test/**', '**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
]);
