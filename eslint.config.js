// ESLint for the TypeScript sources and tests: type-aware rules that tsc does not check
// (promises nobody awaits, unused code) and no import circle anywhere, type-only imports included.
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const projects = ["./apps/emulator/tsconfig.lint.json", "./packages/*/tsconfig.lint.json", "./e2e/tsconfig.json"];

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/*.mjs", "**/*.js", "**/vitest*.config.ts", "e2e/scenarios/**", "examples/**"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: projects, tsconfigRootDir: import.meta.dirname, noWarnOnMultipleProjects: true },
    },
    plugins: { "@typescript-eslint": tseslint.plugin, "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: projects })],
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "no-unreachable": "error",
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
    },
  },
);
