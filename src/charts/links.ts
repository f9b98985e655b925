// Signed links to chart PNGs that this server draws itself, for cards whose image must be a URL (a
// Slack image block, a Teams card too big for a data URI, the App Home, the weekly digest). Stateless:
// the link carries the chart request (kind, target by id or slug, period, locale, size, the time it
// was made) and its expiry, with an HMAC over both made with CHART_LINK_SECRET. GET checks them and
// draws the chart again (a small LRU cache keeps recent PNGs), so a link works after a restart and on
// any instance that shares the secret. The link is the capability: whoever has it sees that chart
// until it expires, hence short links for chat (15 minutes) and longer ones only for the digest.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { z } from "zod";
import type { Config } from "../config/env.js";
import type { Clock } from "../core/clock.js";
import { AppError } from "../core/errors.js";

export const CHART_PATH = "/charts";
/** How long a chat chart link works: long enough to open the card, short enough not to keep data around. */
export const CHART_LINK_TTL_MS = 15 * 60_000;
/** How long a digest's chart link works: the week until the next digest, and a day's grace. */
export const DIGEST_CHART_LINK_TTL_MS = 8 * 24 * 3_600_000;
/** A Teams card inlines a chart as a data URI up to this many base64 characters, else links it. */
export const CHART_DATA_URI_MAX = 16_000;
/** Drawn charts kept at once (about 15 KB each); the least recently used go first. */
const CACHE_SIZE = 200;

const targetSchema = z.union([
  z.object({ kind: z.enum(["team", "company", "person"]), id: z.number().int().positive() }),
  z.object({ kind: z.enum(["team", "company"]), slug: z.string().min(1).max(200) }),
]);

/** What a link draws. Targets by id or slug only: an email would sit in the URL. */
export interface ChartLinkRequest {
  kind: "trend" | "programme" | "root-causes";
  target: z.infer<typeof targetSchema>;
  period?: string;
  locale?: string;
  width?: number;
  height?: number;
  compact?: boolean;
  /** Pixel density of the PNG (1 or 2). */
  scale?: number;
}

const size = z.number().int().min(50).max(2000).optional();
const payloadSchema = z.object({
  k: z.enum(["trend", "programme", "root-causes"]),
  t: targetSchema,
  p: z.string().max(100).optional(),
  l: z.string().max(35).optional(),
  w: size,
  h: size,
  c: z.literal(1).optional(),
  s: z.number().min(1).max(3).optional(),
  /** When the link was made: the chart is drawn as of then, so the weeks shown do not move. */
  a: z.number().int(),
  /** Expiry, in ms since the epoch. */
  e: z.number().int(),
});

/** A decoded, checked link: the request, when it was made and until when it works. */
export interface ChartLinkGrant {
  request: ChartLinkRequest;
  asOf: Date;
  expiresAt: Date;
}

export type ChartLinkCheck =
  | { ok: true; grant: ChartLinkGrant }
  | { ok: false; status: 401 | 410; reason: "invalid" | "expired" };

/** Draws the chart a valid link asks for, as of the time the link was made. */
export type ChartLinkRender = (request: ChartLinkRequest, asOf: Date) => Promise<Buffer>;

export interface ChartLinks {
  /** The absolute signed URL that draws this chart (15 minutes unless `ttlMs` says otherwise). */
  put(request: ChartLinkRequest, opts?: { ttlMs?: number }): string;
  /** The route for GET /charts/:file (mount at CHART_PATH). */
  route: RequestHandler;
}

/**
 * The key links are signed with: CHART_LINK_SECRET, else one derived from the server's own secrets
 * (the same on every instance with the same settings, and across restarts), so development works
 * without setting it. Production should set CHART_LINK_SECRET (README).
 */
export function chartLinkKey(
  config: Pick<
    Config,
    "CHART_LINK_SECRET" | "DATABASE_URL" | "SLACK_SIGNING_SECRET" | "MICROSOFT_APP_PASSWORD" | "PUBLIC_URL" | "DATA_DIR"
  >,
): Buffer {
  if (config.CHART_LINK_SECRET) return Buffer.from(config.CHART_LINK_SECRET, "utf8");
  const material = [
    config.DATABASE_URL,
    config.SLACK_SIGNING_SECRET,
    config.MICROSOFT_APP_PASSWORD,
    config.PUBLIC_URL,
    config.DATA_DIR,
  ];
  return createHash("sha256")
    .update(`nps-loop chart links\n${material.map((m) => m ?? "").join("\n")}`)
    .digest();
}

/** Makes and checks signed chart URLs (no route, no rendering): what a job needs to link a chart. */
export function createChartLinkSigner(opts: { publicUrl: string; key: Buffer; clock: Clock }) {
  const base = opts.publicUrl.replace(/\/+$/, "");
  const sign = (payload: string) => createHmac("sha256", opts.key).update(`chart.${payload}`).digest("base64url");

  function url(request: ChartLinkRequest, ttlMs: number = CHART_LINK_TTL_MS): string {
    const now = opts.clock.now().getTime();
    const body: z.infer<typeof payloadSchema> = {
      k: request.kind,
      t: "id" in request.target ? { kind: request.target.kind, id: request.target.id } : request.target,
      ...(request.period ? { p: request.period } : {}),
      ...(request.locale ? { l: request.locale } : {}),
      ...(request.width ? { w: request.width } : {}),
      ...(request.height ? { h: request.height } : {}),
      ...(request.compact ? { c: 1 as const } : {}),
      ...(request.scale ? { s: request.scale } : {}),
      a: now,
      e: now + ttlMs,
    };
    const payload = Buffer.from(JSON.stringify(payloadSchema.parse(body))).toString("base64url");
    return `${base}${CHART_PATH}/${payload}.png?sig=${sign(payload)}`;
  }

  /** Checks a link's file name (`<payload>.png`) and signature: 401 when forged or altered, 410 when expired. */
  function check(file: string, sig: string): ChartLinkCheck {
    const invalid = { ok: false, status: 401, reason: "invalid" } as const;
    const match = /^([A-Za-z0-9_-]{1,2000})\.png$/.exec(file);
    if (!match) return invalid;
    const payload = match[1]!;
    const given = Buffer.from(sig);
    const expected = Buffer.from(sign(payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
    let body: z.infer<typeof payloadSchema>;
    try {
      const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
      if (!parsed.success) return invalid;
      body = parsed.data;
    } catch {
      return invalid;
    }
    if (body.e <= opts.clock.now().getTime()) return { ok: false, status: 410, reason: "expired" };
    const request: ChartLinkRequest = {
      kind: body.k,
      target: body.t,
      ...(body.p ? { period: body.p } : {}),
      ...(body.l ? { locale: body.l } : {}),
      ...(body.w ? { width: body.w } : {}),
      ...(body.h ? { height: body.h } : {}),
      ...(body.c ? { compact: true } : {}),
      ...(body.s ? { scale: body.s } : {}),
    };
    return { ok: true, grant: { request, asOf: new Date(body.a), expiresAt: new Date(body.e) } };
  }

  return { url, check };
}

export type ChartLinkSigner = ReturnType<typeof createChartLinkSigner>;

/** The signer from the settings, or null without PUBLIC_URL (nothing could fetch the link). */
export function chartLinkSignerFrom(config: Config, clock: Clock): ChartLinkSigner | null {
  return config.PUBLIC_URL
    ? createChartLinkSigner({ publicUrl: config.PUBLIC_URL, key: chartLinkKey(config), clock })
    : null;
}

export function createChartLinks(opts: {
  publicUrl: string;
  clock: Clock;
  key: Buffer;
  render: ChartLinkRender;
  ttlMs?: number;
  onError?: (err: unknown) => void;
}): ChartLinks {
  const signer = createChartLinkSigner(opts);
  const ttl = opts.ttlMs ?? CHART_LINK_TTL_MS;
  // Keyed by the signed payload; Map order is use order (a hit moves to the end).
  const cache = new Map<string, Promise<Buffer>>();

  function draw(file: string, grant: ChartLinkGrant): Promise<Buffer> {
    const hit = cache.get(file);
    if (hit) {
      cache.delete(file);
      cache.set(file, hit);
      return hit;
    }
    const drawing = opts.render(grant.request, grant.asOf);
    // Failures are not kept: the next request tries again.
    drawing.catch(() => cache.delete(file));
    cache.set(file, drawing);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return drawing;
  }

  const text = (res: Parameters<RequestHandler>[1], status: number, message: string) =>
    res.status(status).type("text/plain").set("cache-control", "no-store").send(message);

  return {
    put: (request, o) => signer.url(request, o?.ttlMs ?? ttl),
    route: async (req, res) => {
      const file = String(req.params.file ?? "");
      const checked = signer.check(file, String(req.query.sig ?? ""));
      if (!checked.ok) {
        // Forged and altered links get one answer that does not say which it was.
        if (checked.status === 410) text(res, 410, "This chart link has expired; ask for the report again.");
        else text(res, 401, "This chart link is not valid; ask for the report again.");
        return;
      }
      try {
        const png = await draw(file, checked.grant);
        const left = Math.floor((checked.grant.expiresAt.getTime() - opts.clock.now().getTime()) / 1000);
        res
          .status(200)
          .set({
            "content-type": "image/png",
            "cache-control": `private, max-age=${Math.max(0, Math.min(left, 900))}`,
            "x-content-type-options": "nosniff",
          })
          .send(png);
      } catch (err) {
        // A team or person removed since the link was made, or a drawing failure: never a 500.
        if (err instanceof AppError) text(res, 404, "This chart can no longer be drawn; ask for the report again.");
        else {
          opts.onError?.(err);
          text(res, 503, "This chart could not be drawn just now; try again in a moment.");
        }
      }
    },
  };
}
