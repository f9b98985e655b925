// The chart of a director's weekly digest: their company's weekly trend (a client-side director, who
// reads every company, gets the programme vs comparison chart of the first area instead), in the
// director's language, as an image part of the digest's MessageView. Slack shows pictures by URL
// only: a signed link (8 days, src/charts/links.ts) when PUBLIC_URL is set, else no picture. Teams
// inlines the PNG as a data URI when the card stays within its size, else the same signed link.
// A chart that cannot be drawn never holds up the digest: it goes without one.
import { type ChartLinkRequest, chartLinkSignerFrom, DIGEST_CHART_LINK_TTL_MS } from "../charts/links.js";
import type { Clock } from "../core/clock.js";
import type { ChatPlatform, CompanyRecord, PersonRecord } from "../core/types.js";
import type { ImageBlock, MessageView } from "../core/views.js";
import type { CoreDeps } from "../deps.js";
import { createChartService } from "./charts.js";
import { createLanguageService } from "./language.js";
import { createQueryService } from "./queries.js";

/** Teams' card size the digest must stay within (its own text, the card's frame, the picture). */
const TEAMS_CARD_BYTES = 24 * 1024;
const CARD_FRAME_BYTES = 2_000;
/** The digest's chart size: a card-wide picture, readable on a phone. */
const SIZE = { width: 480, height: 180 } as const;

/** Which chart this director's digest shows, or null when none fits (no company with an area). */
export function digestChartRequest(director: PersonRecord, companies: CompanyRecord[]): ChartLinkRequest | null {
  if (director.companyId !== null) {
    const own = companies.find((c) => c.id === director.companyId);
    return own ? { kind: "trend", target: { kind: "company", id: own.id } } : null;
  }
  const withArea = companies.find((c) => c.area);
  return withArea ? { kind: "programme", target: { kind: "company", id: withArea.id } } : null;
}

/** The image part for this digest on this platform, or null (no chart, no way to show it, or it failed). */
export async function digestChart(
  deps: CoreDeps,
  director: PersonRecord,
  companies: CompanyRecord[],
  digest: MessageView,
  platform: ChatPlatform,
  at: Date,
): Promise<ImageBlock | null> {
  const ask = digestChartRequest(director, companies);
  if (!ask) return null;
  const clock: Clock = { now: () => at };
  const signer = chartLinkSignerFrom(deps.config, clock);
  if (platform === "slack" && !signer) return null;
  try {
    const locale = await createLanguageService(deps).localeOf(director);
    const queries = createQueryService({ db: deps.db, clock, config: deps.config });
    const charts = createChartService({ db: deps.db, clock, config: deps.config, queries });
    const request = { ...ask, locale, ...SIZE, compact: true };
    const link = () => signer?.url({ ...request, scale: 2 }, DIGEST_CHART_LINK_TTL_MS) ?? null;
    if (platform === "teams") {
      const chart = await charts.png(request, { scale: 1 });
      const base64 = chart.png.toString("base64");
      const cardBytes = Buffer.byteLength(JSON.stringify(digest.blocks)) + CARD_FRAME_BYTES + base64.length;
      const url = cardBytes <= TEAMS_CARD_BYTES ? `data:image/png;base64,${base64}` : link();
      return url ? { type: "image", url, alt: chart.alt, title: chart.title } : null;
    }
    // Slack draws nothing now: the link draws the picture when Slack fetches it; only its words here.
    const spec = await charts.spec(request);
    const url = link();
    return url ? { type: "image", url, alt: spec.alt, title: spec.title } : null;
  } catch (err) {
    deps.log.warn({ err, director: director.id }, "digest chart could not be drawn; the digest goes without it");
    return null;
  }
}
