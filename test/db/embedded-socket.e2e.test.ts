// The owner's socket: a client's transaction neither mixes with the owner's queries nor lets them
// see its uncommitted rows; the owner's queries wait for its COMMIT.
import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.js";
import { preparedDataDir } from "../support/data-dir.js";

const dataDir = preparedDataDir("nps-loop-socket-");
let db: Database | undefined;

describe("embedded database served on a socket", () => {
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps a socket client's transaction apart from the owner's queries", async () => {
    db = await openDatabase({ dataDir, holder: "test owner" });
    expect(db.share?.role).toBe("owner");
    const client = new pg.Client({ host: dataDir, port: 5432, user: "postgres", database: "postgres" });
    await client.connect();
    await client.query("CREATE TABLE socket_probe (x int)");
    await client.query("BEGIN");
    await client.query("INSERT INTO socket_probe VALUES ($1)", [1]);

    // The owner's query waits for the client's COMMIT, then sees the row.
    let ownerDone = false;
    const owner = db.prisma
      .$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM socket_probe")
      .then((rows) => {
        ownerDone = true;
        return rows[0]?.n;
      });
    await new Promise((r) => setTimeout(r, 300));
    expect(ownerDone).toBe(false);
    await client.query("INSERT INTO socket_probe VALUES ($1)", [2]);
    await client.query("COMMIT");
    expect(await owner).toBe(2);

    // A client that disconnects inside a transaction has it rolled back, and the owner goes on.
    await client.query("BEGIN");
    await client.query("INSERT INTO socket_probe VALUES (3)");
    await client.end();
    const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM socket_probe");
    expect(rows[0]?.n).toBe(2);

    // And a second owner of the same DATA_DIR in this process is refused.
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by test owner/);
  }, 300_000);
});
