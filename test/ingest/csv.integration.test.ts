import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { importCsv, parseColumnMap } from "../../src/ingest/csv.js";
import type { Rejection } from "../../src/ingest/validate.js";
import { createResponseService, type ResponseService } from "../../src/services/responses.js";
import { createTestDatabase } from "../support/db.js";
import { testDeps } from "../support/fixtures.js";
import { counts, type IngestOrg, seedIngestOrg } from "./helpers.js";

const require = createRequire(import.meta.url);
const run = promisify(execFile);

const CSV = [
  "id,Q1,Q2,Branch,Date,Email,Visit type",
  "c-1,2,Technician was rude,north,2026-11-19 10:00,ana@example.org,repair", // line 2: detractor
  "c-2,10,Great,south,2026-11-19T11:00:00Z,,install", // line 3
  "c-3,eleven,?,north,2026-11-19,,", // line 4: score not a number
  "c-4,11,,north,2026-11-19,,", // line 5: out of range
  "c-5,,no score,north,2026-11-19,,", // line 6: empty score
  'c-6,5,"unterminated,north,2026-11-19,,', // line 7: broken quoting swallows the rest...
].join("\n");

const GOOD_AFTER_BROKEN = [
  "id,Q1,Q2,Branch,Date,Email,Visit type",
  "d-1,3,old one,north,2025-01-10,,repair", // line 2: historic
  "d-2,7,fine,north,someday,,repair", // line 3: bad date
  "d-3,1,too,many,cells,here,x,y", // line 4: wrong number of cells
  '"d-4",0,"multi',
  'line comment",south,2026-11-20,,repair', // lines 5-6: one record over two lines
  "d-5,4,ok,,2026-11-20,,installation of boiler", // line 7: routed by rule
].join("\n");

describe("CSV import", () => {
  let db: Database;
  let org: IngestOrg;
  let service: ResponseService;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedIngestOrg(db);
    service = createResponseService(testDeps(db));
  });
  afterAll(async () => {
    await db?.close();
  });

  const importText = async (text: string, opts: Partial<Parameters<typeof importCsv>[2]> = {}) => {
    const rejected: Rejection[] = [];
    const summary = await importCsv(service, Readable.from([text]), {
      source: "csv",
      map: parseColumnMap("score=Q1,comment=Q2,team=Branch"),
      now: () => new Date("2026-11-20T12:00:00Z"),
      onReject: (r) => rejected.push(r),
      ...opts,
    });
    return { summary, rejected };
  };

  it("stores good rows and reports each bad one with its line number and reason", async () => {
    const { summary, rejected } = await importText(CSV);
    expect(summary).toMatchObject({ rows: 6, accepted: 2, rejected: 4, casesOpened: 1 });
    expect(summary.columns).toMatchObject({
      externalId: "id",
      score: "Q1",
      comment: "Q2",
      team: "Branch",
      respondedAt: "Date",
    });
    expect(summary.attributeColumns).toEqual(["Visit type"]);
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [4, "score"],
      [5, "score"],
      [6, "score"],
      [7, "(row)"],
    ]);
    expect(rejected[0]!.message).toBe('score must be a whole number 0-10, got "eleven"');
    expect(rejected[1]!.message).toBe("score must be an integer 0-10, got 11");
    expect(rejected[2]!.message).toBe("score must be a whole number 0-10, got an empty cell");
    const c1 = await db.prisma.surveyResponse.findUniqueOrThrow({
      where: { source_externalId: { source: "csv", externalId: "c-1" } },
    });
    expect(c1).toMatchObject({
      score: 2,
      comment: "Technician was rude",
      teamId: org.north,
      customerEmail: "ana@example.org",
    });
    expect(c1.respondedAt.toISOString()).toBe("2026-11-19T10:00:00.000Z");
    expect(c1.attributes).toEqual({ "Visit type": "repair" });
  });

  it("keeps going after broken rows, handles multi-line cells, and never alerts for historic rows", async () => {
    const before = await counts(db);
    const { summary, rejected } = await importText(GOOD_AFTER_BROKEN, {
      map: parseColumnMap("score=Q1,comment=Q2,team=Branch,touchpoint=Visit type"),
    });
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [3, "respondedAt"],
      [4, "(row)"],
    ]);
    expect(summary).toMatchObject({ accepted: 3, casesOpened: 3 });
    const multi = await db.prisma.surveyResponse.findUniqueOrThrow({
      where: { source_externalId: { source: "csv", externalId: "d-4" } },
    });
    expect(multi.comment).toBe("multi\nline comment");
    const old = await db.prisma.followUpCase.findFirstOrThrow({ where: { response: { externalId: "d-1" } } });
    expect(old.silent).toBe(true);
    const routed = await db.prisma.surveyResponse.findUniqueOrThrow({
      where: { source_externalId: { source: "csv", externalId: "d-5" } },
    });
    expect(routed.teamId).toBe(org.passives);
    // d-4 and d-5 are recent detractors: their cards are queued; d-1 is historic: nothing.
    expect((await counts(db)).outbox - before.outbox).toBe(2);
  });

  it("stores nothing on a re-import (repeats) or a dry run, and alerts no one with --no-alerts", async () => {
    const before = await counts(db);
    const again = await importText(CSV);
    expect(again.summary).toMatchObject({ accepted: 0, duplicates: 2 });
    const dry = await importText(CSV.replace(/c-/g, "dry-"), { dryRun: true });
    expect(dry.summary).toMatchObject({ accepted: 2, casesOpened: 1 });
    expect(await counts(db)).toEqual(before);
    const quiet = await importText(CSV.replace(/c-/g, "quiet-"), { historic: true });
    expect(quiet.summary.casesOpened).toBe(1);
    const after = await counts(db);
    expect(after.outbox).toBe(before.outbox);
    expect(after.responses).toBe(before.responses + 2);
  });

  it("derives ids from row content when there is no id column", async () => {
    const text = "score,comment,team\n9,nice,north\n9,nice,north\n3,bad,south\n";
    const first = await importText(text, { map: {} });
    expect(first.summary.derivedIds).toBe(true);
    // Two identical rows are one response.
    expect(first.summary).toMatchObject({ accepted: 2, duplicates: 1 });
    expect((await importText(text, { map: {} })).summary).toMatchObject({ accepted: 0, duplicates: 3 });
  });

  it("says which column is missing or which --map field is unknown", async () => {
    await expect(importText("a,b\n1,2\n", { map: {} })).rejects.toThrow(
      /No score column: name one with --map score=<column>/,
    );
    await expect(importText("a,b\n1,2\n", { map: { score: "Q9" } })).rejects.toThrow(/no column "Q9"/);
    expect(() => parseColumnMap("scroe=Q1")).toThrow(/unknown field "scroe"/);
    expect(parseColumnMap("email=E, customer_id=C,date=D")).toEqual({
      "customer.email": "E",
      "customer.id": "C",
      respondedAt: "D",
    });
  });

  it("works as the nps-loop import command: report, rejects file, exit status", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "nps-import-"));
    try {
      const file = path.join(dir, "responses.csv");
      const rejects = path.join(dir, "rejected.csv");
      await writeFile(file, CSV);
      // Its own embedded database in a temporary directory (migrated by the command itself).
      const result = await run(
        process.execPath,
        [
          require.resolve("tsx/cli"),
          "src/cli/main.ts",
          "import",
          file,
          "--map",
          "score=Q1,comment=Q2,team=Branch",
          "--rejects",
          rejects,
        ],
        { env: { ...process.env, DATABASE_URL: "", DATA_DIR: dir, LOG_LEVEL: "silent" } },
      ).then(
        () => ({ code: 0, stdout: "" }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("accepted:   2");
      expect(result.stdout).toContain("rejected:   4");
      expect(result.stdout).toContain('line 4: score: score must be a whole number 0-10, got "eleven"');
      const lines = (await readFile(rejects, "utf8")).trim().split("\n");
      expect(lines[0]).toBe("line,externalId,field,code,reason");
      expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["4", "5", "6", "7"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
