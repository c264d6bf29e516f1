import {defineConfig} from "vitest/config";

// Browser tests drive the built site (dist/) in Debian's Chromium through playwright-core.
export default defineConfig({
  resolve: {alias: [{find: /^npm:/, replacement: ""}]},
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false
  }
});
