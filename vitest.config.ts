import {defineConfig} from "vitest/config";

export default defineConfig({
  resolve: {alias: [{find: /^npm:/, replacement: ""}]},
  test: {include: ["test/**/*.test.ts"], exclude: ["test/e2e/**", "node_modules/**"], testTimeout: 60_000}
});
