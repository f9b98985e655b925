import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.integration.test.ts", "test/**/*.e2e.test.ts"],
        },
      },
      {
        extends: true,
        test: { name: "integration", include: ["test/**/*.integration.test.ts"] },
      },
      {
        // Whole commands in child processes on their own embedded database: run once, not per database.
        extends: true,
        test: { name: "e2e", include: ["test/**/*.e2e.test.ts"] },
      },
    ],
  },
});
