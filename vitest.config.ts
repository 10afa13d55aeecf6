import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React's server graph; unit tests run server code directly.
      "server-only": fileURLToPath(new URL("./scripts/empty-module.js", import.meta.url)),
    },
  },
  test: {
    include: ["{server,lib,components,scripts}/**/*.test.{ts,tsx}", "proxy.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
