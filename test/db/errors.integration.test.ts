// Driver errors as the database really raises them (PGlite, or PostgreSQL on the CI's second
// pass), through Prisma and its adapter, translated by the one function that reads them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { isDatabaseUnavailableError, isRetryableDbError, translateDbError } from "../../src/db/errors.js";
import { createTestDatabase } from "../support/db.js";

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the database call to fail");
}

describe("translateDbError on real driver errors", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.surveySource.create({ data: { slug: "typeform-eu", kind: "typeform" } });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a unique violation is CONFLICT naming the fields, without the driver's text", async () => {
    const raw = await thrown(db.prisma.surveySource.create({ data: { slug: "typeform-eu", kind: "typeform" } }));
    const e = translateDbError(raw, { action: "adding the survey source" });
    expect(e.code).toBe("CONFLICT");
    expect(e.userMessage).toBe("a record with the same slug already exists while adding the survey source");
    expect(e.details).toMatchObject({ fields: ["slug"] });
    expect(e.cause).toBe(raw);
    expect(e.message).not.toMatch(/duplicate key|prisma|invocation/i);
    expect(isRetryableDbError(raw)).toBe(false);
    expect(isDatabaseUnavailableError(raw)).toBe(false);
  });

  it("a unique violation in raw SQL is CONFLICT naming the constraint", async () => {
    const raw = await thrown(
      db.prisma.$executeRawUnsafe(
        "INSERT INTO survey_sources (slug, kind, updated_at) VALUES ('typeform-eu', 'typeform', now())",
      ),
    );
    const e = translateDbError(raw);
    expect(e.code).toBe("CONFLICT");
    expect(e.details).toMatchObject({ constraint: "survey_sources_slug_key" });
  });

  it("NUL in text is VALIDATION_FAILED naming the field written", async () => {
    const data = { slug: "qualtrics\u0000x", kind: "qualtrics" };
    const raw = await thrown(db.prisma.surveySource.create({ data }));
    const e = translateDbError(raw, { data });
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.details).toEqual({ fields: ["slug"] });
    expect(e.userMessage).toContain("in slug holds a NUL character");
    // Without the data the field is unknown, the code the same.
    expect(translateDbError(raw).code).toBe("VALIDATION_FAILED");
  });

  it("a query error that is a bug is INTERNAL, its text kept in the cause only", async () => {
    const raw = await thrown(db.prisma.$queryRawUnsafe("SELECT no_such_column FROM survey_sources"));
    const e = translateDbError(raw);
    expect(e.code).toBe("INTERNAL");
    expect(e.message).not.toContain("no_such_column");
    expect(e.cause).toBe(raw);
  });

  // Last: it closes the file's database (a second instance would cost seconds).
  it("a closed database is DATABASE_UNAVAILABLE", async () => {
    await db.close();
    const raw = await thrown(db.prisma.surveySource.findMany());
    const e = translateDbError(raw);
    expect(e.code).toBe("DATABASE_UNAVAILABLE");
    expect(e.httpStatus).toBe(503);
    expect(isDatabaseUnavailableError(raw)).toBe(true);
  });
});
