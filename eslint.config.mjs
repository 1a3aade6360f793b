// ESLint's settings for the project's own JavaScript: the explorer page's scripts and their unit tests.
// Run by tests/test_explorer_lint.py, as `npx eslint` from the repository's root (versions pinned in package.json).
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    // plain browser scripts, inlined into the page one after another (render.py's PAGE_SCRIPTS)
    files: ["src/spacegraph/explorer/templates/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, vis: "readonly" },
    },
  },
  {
    // the page's pure functions are loaded by Node too (tests/js/pure.test.js)
    files: ["src/spacegraph/explorer/templates/pure.js"],
    languageOptions: { globals: { module: "readonly" } },
  },
  {
    // the unit tests of the page's pure functions, run by `node --test`
    files: ["tests/js/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "all" }],
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-var": "error",
      "prefer-const": "error",
      strict: ["error", "global"],
    },
  },
];
