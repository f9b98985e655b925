// Fixtures of the ingestion benchmark (bench/ingest.ts): the organisation, generated responses,
// HTTP senders and the raw INSERT baselines measured beside them.
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import http from "node:http";
import type { Database } from "../../src/db/client.js";

export const TOKEN = randomBytes(16).toString("hex");
export const TEAMS = 20;
export const STAFF = 200;
export const BASE_TIME = Date.parse("2026-11-20T08:00:00Z");

export async function seed(db: Database) {
  const p = db.prisma;
  const company = await p.company.create({ data: { slug: "bench", name: "Bench Co", area: "north" } });
  for (let t = 1; t <= TEAMS; t++) {
    await p.team.create({
      data: {
        slug: `team-${t}`,
        name: `Team ${t}`,
        companyId: company.id,
        slackChannelId: `C${String(t).padStart(6, "0")}`,
      },
    });
  }
  const teams = await p.team.findMany({ orderBy: { id: "asc" } });
  for (let s = 1; s <= STAFF; s++) {
    await p.person.create({
      data: {
        name: `Staff ${s}`,
        email: `staff${s}@bench.example`,
        memberships: { create: [{ teamId: teams[(s - 1) % TEAMS]!.id }] },
      },
    });
  }
  await p.person.create({
    data: { name: "Admin", email: "admin@bench.example", role: "admin", slackUserId: "UADMIN" },
  });
  await p.routingRule.create({
    data: { priority: 10, field: "touchpoint", pattern: "installation*", teamId: teams[0]!.id },
  });
  return { companyId: company.id, teamIds: teams.map((t) => t.id) };
}

const COMMENTS = [
  "The technician arrived on time and fixed the boiler quickly.",
  "Had to call three times before anyone came. Very disappointed.",
  "Fine.",
  "Friendly staff, but the invoice was higher than quoted.",
  null,
];

/**
 * When webhook responses were answered: within the last two hours, so that their cases are not
 * silent (ALERT_MAX_AGE_DAYS) and ingestion queues the cards and admin alerts it does in production.
 */
const RECENT = Date.now() - 2 * 3_600_000;

/**
 * One realistic response: about a quarter detractors, routed by team, staff or a rule; 1% unroutable
 * (their admins are alerted).
 */
export function item(prefix: string, i: number) {
  const route = i % 100;
  return {
    externalId: `${prefix}-${i}`,
    score: [9, 10, 8, 3, 9, 7, 10, 5, 9, 0, 10, 6][i % 12]!,
    comment: COMMENTS[i % COMMENTS.length],
    ...(route < 80 ? { team: `team-${1 + (i % TEAMS)}` } : {}),
    ...(route >= 80 && route < 95 ? { staff: `staff${1 + (i % STAFF)}@bench.example` } : {}),
    touchpoint: route >= 95 && route < 99 ? "installation" : "maintenance visit",
    customer: { id: `C${i}`, name: "Pat Customer", email: `pat${i}@example.org`, phone: "+34 600 000 000" },
    respondedAt: new Date(RECENT + (i % 3600) * 1000).toISOString(),
  };
}

export interface RunResult {
  label: string;
  clients: number;
  requests: number;
  items: number;
  seconds: number;
  latencies: number[];
}

/**
 * `clients` senders, each posting its share of `bodies` one after another over a kept-alive
 * connection. The senders run in this process, beside the server: node:http costs them about half
 * the CPU of fetch() (undici and its web streams), which otherwise was taken from the server being
 * measured. `client: "fetch"` restores the earlier senders for comparison.
 */
export async function runSenders(
  url: string,
  label: string,
  clients: number,
  bodies: unknown[][],
  client: "http" | "fetch" = "http",
): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let items = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const post = client === "fetch" ? postByFetch : (u: string, b: string) => postByHttp(agent, u, b);
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (;;) {
          const body = bodies[next++];
          if (!body) return;
          const t = performance.now();
          const { status, text } = await post(
            `${url}/api/responses`,
            JSON.stringify(body.length === 1 ? body[0] : body),
          );
          JSON.parse(text);
          latencies.push(performance.now() - t);
          if (status !== 200) throw new Error(`${label}: HTTP ${status} ${text.slice(0, 300)}`);
          items += body.length;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { label, clients, requests: bodies.length, items, seconds: (performance.now() - start) / 1000, latencies };
}

const HEADERS = { "content-type": "application/json", authorization: `Bearer ${TOKEN}` };

async function postByFetch(url: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: "POST", headers: HEADERS, body });
  return { status: res.status, text: await res.text() };
}

function postByHttp(agent: http.Agent, url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { ...HEADERS, "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The baseline: the same rows, inserted with plain multi-row INSERT statements of 1,000 rows. */
export async function rawInsert(db: Database, rows: ReturnType<typeof item>[], teamIds: number[], companyId: number) {
  const q = (s: string | null | undefined) => (s == null ? "NULL" : `'${s.replace(/'/g, "''")}'`);
  const start = performance.now();
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows.slice(i, i + 1000).map((r, k) => {
      const teamId = teamIds[(i + k) % teamIds.length];
      return `('raw', ${q(r.externalId)}, ${r.score}, ${q(r.comment)}, ${q(r.touchpoint)}, ${q(r.customer.id)}, ${q(r.customer.name)}, ${q(r.customer.email)}, ${q(r.customer.phone)}, ${teamId}, ${companyId}, ${q(r.respondedAt)}, now(), now())`;
    });
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO survey_responses (source, external_id, score, comment, touchpoint, customer_ref, customer_name, customer_email, customer_phone, team_id, company_id, responded_at, received_at, updated_at) VALUES ${values.join(",")}`,
    );
  }
  return rows.length / ((performance.now() - start) / 1000);
}

/** The single-row baseline: one INSERT a statement (autocommit, same durability), `clients` loops at once. */
export async function rawSingleInserts(
  db: Database,
  rows: ReturnType<typeof item>[],
  clients: number,
  teamIds: number[],
  companyId: number,
) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const k = next++;
        const r = rows[k];
        if (!r) return;
        await db.prisma.$executeRaw`
          INSERT INTO survey_responses (source, external_id, score, comment, touchpoint, customer_ref, customer_name,
            customer_email, customer_phone, team_id, company_id, responded_at, received_at, updated_at)
          VALUES ('raw1', ${r.externalId}, ${r.score}, ${r.comment ?? null}, ${r.touchpoint}, ${r.customer.id},
            ${r.customer.name}, ${r.customer.email}, ${r.customer.phone}, ${teamIds[k % teamIds.length]!}, ${companyId},
            ${r.respondedAt}::timestamptz, now(), now())`;
      }
    }),
  );
  return rows.length / ((performance.now() - start) / 1000);
}

export async function writeCsv(file: string, rows: number) {
  const out = createWriteStream(file);
  out.write("id,score,comment,team,staff,touchpoint,customer_id,customer_email,date\n");
  for (let i = 0; i < rows; i++) {
    const r = item("csv", i);
    // Historic responses (a year back): cases open silently, as in a real back-fill.
    const date = new Date(BASE_TIME - 365 * 86_400_000 + (i % 86_400) * 1000).toISOString();
    const line = `${r.externalId},${r.score},"${(r.comment ?? "").replace(/"/g, '""')}",${r.team ?? ""},${r.staff ?? ""},${r.touchpoint},${r.customer.id},${r.customer.email},${date}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
