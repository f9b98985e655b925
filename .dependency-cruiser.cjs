// Architecture rules (issue 9: one place for each rule). Checked by test/arch/dependencies.test.ts,
// which also holds the temporary allow-list of violations being removed; from the command line:
//   npx depcruise src bench --config .dependency-cruiser.cjs
// Type-only imports count for the layer rules (a type from src/db in a platform folder is still a
// leak of the data layer), and for cycles too (a cycle of types still makes two modules one unit).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "platform-or-ingest-to-db",
      severity: "error",
      comment:
        "src/slack, src/teams and src/ingest reach data only through services (src/services); " +
        "repositories and the Prisma client stay behind them.",
      from: { path: "^src/(slack|teams|ingest)/" },
      to: { path: "^src/db/" },
    },
    {
      name: "slack-to-teams",
      severity: "error",
      comment: "A platform folder never depends on the other: shared rules live in src/core or src/services.",
      from: { path: "^src/slack/" },
      to: { path: "^src/teams/" },
    },
    {
      name: "teams-to-slack",
      severity: "error",
      comment: "A platform folder never depends on the other: shared rules live in src/core or src/services.",
      from: { path: "^src/teams/" },
      to: { path: "^src/slack/" },
    },
    {
      name: "no-cycles",
      severity: "error",
      comment: "No import cycles in src/, type-only imports included (a type cycle still ties two modules into one).",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      severity: "error",
      comment: "src/core is pure: no other src folder, no Slack, Teams or Prisma package, no Node I/O module.",
      from: { path: "^src/core/" },
      to: {
        pathNot: "^src/core/",
        path: [
          "^src/",
          "(^|/)node_modules/(@slack|botbuilder|botframework-|@prisma|prisma|pg|@electric-sql)",
          "^(node:)?(fs|net|http|https|http2|child_process|cluster|dgram|dns|tls|worker_threads|readline|process)(/|$)",
        ],
      },
    },
    {
      name: "product-to-devtools",
      severity: "error",
      comment: "Developer tools (playground, packaging) are leaves: the product never imports them.",
      from: { path: "^src/", pathNot: "^src/devtools/" },
      to: { path: "^src/devtools/" },
    },
    {
      name: "domain-to-demo",
      severity: "error",
      comment: "The demo is not the domain: only the CLI and the developer tools use src/demo.",
      from: { path: "^src/", pathNot: "^src/(demo|cli|devtools)/" },
      to: { path: "^src/demo/" },
    },
    {
      name: "src-to-test-or-bench",
      severity: "error",
      comment: "Product code never imports tests or benchmarks.",
      from: { path: "^src/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "bench-to-test",
      severity: "error",
      comment:
        "Benchmarks reach the tests' fakes only through bench/lib/fake-slack.ts, so the fakes keep one copy " +
        "and moving it changes one bench file.",
      from: { path: "^bench/", pathNot: "^bench/lib/fake-slack\\.ts$" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/db/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
