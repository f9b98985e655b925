// Migrates one template database per run; each test file then gets a fresh clone of it
// (a PGlite dump, or CREATE DATABASE ... TEMPLATE on a PostgreSQL server).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

// One template per run, so parallel runs on one server never drop each other's template.
const TEMPLATE_DB = `nps_loop_template_${process.pid}`;
const require = createRequire(import.meta.url);
const MIGRATIONS = path.join(import.meta.dirname, "../../prisma/migrations");

function makeTemplate(target: string, out = "") {
  const tsx = require.resolve("tsx/cli");
  execFileSync(process.execPath, [tsx, path.join(import.meta.dirname, "make-template.ts"), target, out], {
    stdio: "inherit",
  });
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = withDatabase(url, TEMPLATE_DB);
    makeTemplate(templateUrl);
    project.provide("pgTemplateName", TEMPLATE_DB);
    return async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
      await a.end();
    };
  }
  // The template depends only on the migrations: cache it by their content.
  const hash = createHash("sha256");
  for (const name of readdirSync(MIGRATIONS).sort()) {
    const file = path.join(MIGRATIONS, name, "migration.sql");
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  const cacheDir = path.join(import.meta.dirname, "../../node_modules/.cache/nps-loop");
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `pglite-template-${hash.digest("hex").slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    const tmp = path.join(os.tmpdir(), `nps-loop-template-${process.pid}.tar`);
    makeTemplate("pglite", tmp);
    renameSync(tmp, file);
  }
  project.provide("pgliteTemplate", file);
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplateName: string;
    pgliteTemplate: string;
  }
}
