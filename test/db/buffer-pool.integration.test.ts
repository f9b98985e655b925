// The embedded database's buffer pool: the server's 32 MB by default, less when a process asks for it
// (`nps-loop org apply` opens the files with 16 MB when no server holds them: src/cli/org.ts).
// Embedded files only, so the PostgreSQL pass skips it.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ORG_APPLY_SHARED_BUFFERS_MB } from "../../src/cli/org.js";
import { openDatabase } from "../../src/db/client.js";
import { DEFAULT_SHARED_BUFFERS_MB } from "../../src/db/pglite-start.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "nps-loop-buffers-"));

async function sharedBuffers(sharedBuffersMb?: number): Promise<string> {
  const db = await openDatabase({
    dataDir: dir,
    holder: "buffer-pool test",
    ...(sharedBuffersMb ? { sharedBuffersMb } : {}),
  });
  try {
    const [row] = await db.prisma.$queryRawUnsafe<{ shared_buffers: string }[]>("SHOW shared_buffers");
    return row!.shared_buffers;
  } finally {
    await db.close();
  }
}

describe.skipIf(Boolean(process.env.DATABASE_URL))("embedded buffer pool", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is set per process that opens the files: org apply's, then the server's default", async () => {
    expect(ORG_APPLY_SHARED_BUFFERS_MB).toBeLessThan(DEFAULT_SHARED_BUFFERS_MB);
    expect(await sharedBuffers(ORG_APPLY_SHARED_BUFFERS_MB)).toBe(`${ORG_APPLY_SHARED_BUFFERS_MB}MB`);
    expect(await sharedBuffers()).toBe(`${DEFAULT_SHARED_BUFFERS_MB}MB`);
  });
});
