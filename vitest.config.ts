import os from "node:os";
import { defineConfig } from "vitest/config";

// Two cores are the reference machine (CI and the README's timing). vitest's default there is a
// single worker (cores - 1); the tests spend much of their time waiting on child processes, HTTP
// round trips and timers, so one worker per core keeps both cores busy. VITEST_MAX_WORKERS overrides.
const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
const maxWorkers = Number(process.env.VITEST_MAX_WORKERS) || Math.max(2, cores - 1);

// Tests that start the product in child processes (tsx, its own embedded database in a temporary
// directory, whatever DATABASE_URL says): slow, and the same on every database, so they run once in
// their own project and not again in the PostgreSQL pass.
const processTests = ["test/**/*.e2e.test.ts", "test/jobs/cli.integration.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.integration.test.ts", ...processTests],
          // Pure modules, no global state: one module graph per worker instead of one per file.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.integration.test.ts"],
          exclude: processTests,
          // Files in a worker share the loaded modules and the worker's PGlite instances (reset to
          // the template between users: test/support/db.ts) instead of starting both per file.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: "e2e", include: processTests },
      },
    ],
  },
});
