import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The import layering of DESIGN.md, as lint rules so that a wrong-way arrow fails CI:
 *   shared/         pure: no Node, no DOM, no Electron, nothing from other layers
 *   renderer/       DOM: shared only
 *   electron/core/  Node: shared only, never 'electron'
 *   electron/main|cli|serve/  core and shared; never the renderer's code
 *   electron/preload/         'electron' and shared types only
 * test/lint/layering.test.ts proves each rule fires.
 */
const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const nodeOnlyPackages = ['electron', 'better-sqlite3'];

const forbid = (paths, patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message: `the ${name} module is outside this layer (see DESIGN.md, Architecture)` })),
      patterns,
    },
  ],
});
const pattern = (regex, message) => ({ regex, message });
const up = '^(\\.\\./)+';
const shellMustNotImportRenderer = pattern(`${up}renderer(/|$)`, 'shells load the built renderer; they must not import its code');
const shellMustNotImportPreload = pattern(`${up}preload(/|$)`, 'the preload is its own sandboxed bundle');

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...forbid(
        [...nodeModules, ...nodeOnlyPackages, 'react', 'react-dom', 'antd', 'i18next'],
        [
          pattern(`${up}(electron|renderer)(/|$)`, 'shared/ is pure TypeScript: it must not import the renderer or the back end'),
          pattern('^node:', 'shared/ must not use Node modules'),
        ],
      ),
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'location', 'process', 'Buffer', 'require', '__dirname', 'global'].map(
          (name) => ({ name, message: `shared/ runs in Node and in the browser: ${name} exists in only one of them` }),
        ),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: forbid(
      [...nodeModules, ...nodeOnlyPackages],
      [
        pattern(`${up}electron(/|$)`, 'the renderer talks to the back end only through api/client.ts, never by import'),
        pattern('^node:', 'the renderer must not use Node modules'),
      ],
    ),
  },
  {
    files: ['electron/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: forbid(nodeOnlyPackages.filter((name) => name === 'electron'), [
      pattern(`${up}(main|preload|cli|serve)(/|$)`, 'core must not import a shell (main, preload, cli, serve)'),
      pattern(`${up}renderer(/|$)`, 'core must not import the renderer'),
    ]),
  },
  {
    // Exactly one block per layer: flat config replaces a rule's options when two blocks match a file.
    files: ['electron/main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: forbid([], [shellMustNotImportRenderer, shellMustNotImportPreload]),
  },
  {
    files: ['electron/{cli,serve}/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: forbid(
      ['electron'],
      [
        shellMustNotImportRenderer,
        shellMustNotImportPreload,
        pattern(`${up}main(/|$)`, 'the CLI and web shell run without Electron: they must not import the Electron shell'),
      ],
    ),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: forbid(
      ['better-sqlite3', ...nodeModules],
      [pattern(`${up}(core|main|cli|serve)(/|$)`, 'the sandboxed preload only bridges invoke and on')],
    ),
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', '*.config.{ts,js}', 'scripts/**/*.js', 'bin/**/*.js'],
    languageOptions: { globals: globals.node },
  },
);
