// Lint rules that keep code where it can run (docs/architecture.md, "Where code runs").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = { name: 'electron', message: 'Only main/electron/ may import electron.' };
const nodeBuiltins = {
  group: ['node:*'],
  message: 'shared/ and renderer/ run anywhere (browser, preload, main): no node:* imports.'
};
const bareNodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'stream', 'util', 'events', 'buffer']
  .map((name) => ({ name, message: 'Use no Node built-ins here; shared/ and renderer/ run anywhere.' }));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off'
    }
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron, ...bareNodeBuiltins, { name: 'react', message: 'shared/ has no UI.' }], patterns: [nodeBuiltins, { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'shared/ depends on nothing else in the app.' }] }]
    }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [noElectron, ...bareNodeBuiltins], patterns: [nodeBuiltins, { group: ['**/main/**', '**/preload/**'], message: 'The renderer reaches main only through the bridge.' }] }]
    }
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      // The sandboxed preload may import only electron's renderer half and shared/ channel names.
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, { group: ['**/main/**', '**/renderer/**'], message: 'preload exposes the contract only.' }] }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='ipcRenderer'][property.name=/^(on|send|sendSync|addListener)$/]", message: 'preload uses ipcRenderer.invoke and the one event listener only.' }]
    }
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'main services do not reach into the UI.' }] }]
    }
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='shell'][property.name='openExternal']", message: 'Use openExternalSafely() from main/electron/external-links.ts.' }]
    }
  },
  {
    files: ['relay/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'The relay shares only shared/ with the app.' }] }] }
  }
);
