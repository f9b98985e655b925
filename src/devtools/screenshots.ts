// `npm run docs:screenshots`: the README's pictures of the bot, taken as a person sees it. It starts
// `npm run playground` in-process (the Microsoft 365 Agents Playground, a local Teams client, on
// 127.0.0.1), drives the playground's own web page in headless Chromium (playwright-core, with the
// system's `chromium`; it downloads no browser), and writes PNGs under docs/:
//   teams-card-new.png       a detractor card as it arrives in the team's channel
//   teams-card-claimed.png   the same card after Claim
//   teams-resolve-form.png   the Resolve form, filled in
//   teams-card-resolved.png  the card after Resolve
//   teams-owner-message.png  the owner's private message with the customer's contact details
//   teams-report.png         "nps <team> 90d" in the personal chat
//   teams-card-<locale>.png      a new detractor card of the Spanish (es) and the Hong Kong
//                                (zh-Hant-HK) team, in the team's language
//   teams-reminder-<locale>.png  the weekly reminder of a staff member of that team, in their language
//                                (the playground run as that person: PLAYGROUND_AS)
// Needs `chromium` and fonts for emoji and Chinese (Debian: chromium fonts-noto-color-emoji fonts-noto-cjk);
// CHROMIUM_PATH picks another binary, SCREENSHOTS_DIR another folder. Not part of `npm test`.
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { AppError, type ErrorCode } from "../core/errors.js";
import { t } from "../core/i18n/index.js";
import { REMINDER_WEEKS } from "../services/reminders.js";
import {
  channelBindings,
  liveDetractors,
  playgroundOptions,
  type RunningPlayground,
  startPlayground,
} from "./playground.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The other languages shown: a staff member of the team whose card and reminder are photographed. */
const LOCALES = [
  {
    locale: "es",
    team: "levante-valencia",
    as: "javier.romero@levante.example",
    browser: "es-ES",
    zone: "Europe/Madrid",
  },
  {
    locale: "zh-Hant-HK",
    team: "harbour-kowloon",
    as: "chan.tai.man@harbour.example",
    browser: "zh-HK",
    zone: "Asia/Hong_Kong",
  },
] as const;
const VIEWPORT = { width: 1280, height: 900 };
/** Flags that keep headless Chromium working as root in a container, and off the network. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** How long one step may wait for the bot's answer to appear on the page. */
const STEP_MS = 30_000;

export class ScreenshotError extends AppError {
  constructor(code: Extract<ErrorCode, "SCREENSHOT_NO_BROWSER" | "SCREENSHOT_STEP_FAILED">, message: string) {
    super(code, message);
    this.name = "ScreenshotError";
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Runs one step; a failure names the step and keeps a full-page picture of what was on screen. */
async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    // In the git-ignored devTools/ folder, not among the pictures that get committed.
    const where = path.join(ROOT, "devTools", "screenshot-failure.png");
    mkdirSync(path.dirname(where), { recursive: true });
    await page.screenshot({ path: where }).catch(() => undefined);
    throw new ScreenshotError(
      "SCREENSHOT_STEP_FAILED",
      `step "${name}" failed: ${(e as Error).message.split("\n")[0]}. The page at that moment: ${where}`,
    );
  }
}

/**
 * A picture of one channel post or chat message: from its header (who sent it, when) to the bottom
 * of its card, without the reply box under it. The viewport grows for a post taller than it.
 */
async function shoot(page: Page, post: Locator, body: Locator, file: string): Promise<void> {
  await post.scrollIntoViewIfNeeded();
  const full = await post.boundingBox();
  if (full && full.height + 40 > VIEWPORT.height) {
    await page.setViewportSize({ width: VIEWPORT.width, height: Math.ceil(full.height) + 120 });
  }
  await post.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300); // let the scroll and any card re-render settle
  const top = await post.boundingBox();
  const end = await body.boundingBox();
  if (!top || !end) throw new Error(`nothing visible to photograph for ${path.basename(file)}`);
  // Left: the sender's avatar; right: the card's edge (a channel post's header runs the full width,
  // empty past the card); a few pixels of margin, not touching the neighbouring messages.
  const x = Math.max(0, Math.min(top.x, end.x) - 8);
  const y = Math.max(0, top.y);
  const right = end.x + end.width + 16;
  const bottom = end.y + end.height + 2;
  await page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y } });
  await page.setViewportSize(VIEWPORT);
}

/** The channel post (header, card, replies) that holds a card with this text. */
function channelPost(page: Page, text: string): { post: Locator; card: Locator } {
  const post = page
    .locator("div[role=group].fui-Card")
    .filter({ has: page.locator(".ac-adaptiveCard", { hasText: text }) });
  return { post: post.last(), card: post.last().locator(".ac-preview-panel").first() };
}

/** The chat message (header and card) that holds a card with this text. */
function chatMessage(page: Page, text: string | RegExp): { post: Locator; card: Locator } {
  const card = page.locator(".fai-OutputCard", { has: page.locator(".ac-adaptiveCard", { hasText: text }) }).last();
  // The innermost block holding both the message's header (author, time) and its card.
  const row = page
    .locator("div", { has: page.locator("[aria-label='Message header']") })
    .filter({ has: card })
    .last();
  return { post: row, card };
}

async function typeMessage(page: Page, text: string): Promise<void> {
  const box = page.locator("[contenteditable=true][role=textbox]").last();
  await box.click();
  await box.pressSequentially(text);
  await box.press("Enter");
}

export interface ScreenshotOptions {
  outDir: string;
  chromiumPath: string;
  env: Record<string, string | undefined>;
}

interface Session {
  page: Page;
  pg: RunningPlayground;
}

/** The playground (as `as`, else its current user) with its page open in a fresh headless Chromium. */
async function withPlayground(
  o: ScreenshotOptions,
  look: { as?: string; locale: string; zone: string },
  run: (s: Session) => Promise<void>,
): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "nps-loop-screenshots-"));
  const playgroundPort = await freePort();
  const pg = await startPlayground({
    ...playgroundOptions(o.env),
    botPort: 0,
    playgroundPort,
    host: "127.0.0.1",
    logFile: path.join(tmp, "m365agentsplayground.log"),
    stdio: "ignore",
    as: look.as,
  });
  let browser: BrowserContext | undefined;
  try {
    browser = await chromium.launchPersistentContext(path.join(tmp, "chromium"), {
      executablePath: o.chromiumPath,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORT,
      deviceScaleFactor: 1,
      locale: look.locale,
      timezoneId: look.zone,
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(STEP_MS);
    await step(page, "open the playground", async () => {
      await page.goto(`http://127.0.0.1:${playgroundPort}/`);
      await pg.clientConnected;
      // The page's language, as a Teams client set to it has: without it, Chinese text is drawn with
      // the default CJK font's glyphs (mainland punctuation) instead of Hong Kong's.
      await page.evaluate(`document.documentElement.lang = ${JSON.stringify(look.locale)}`);
      // The log panel takes a third of the width; a person reading the chat closes it.
      await page.getByRole("button", { name: "Toggle Log Panel" }).click();
    });
    await run({ page, pg });
  } finally {
    await browser?.close().catch(() => undefined);
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function takeScreenshots(o: ScreenshotOptions): Promise<string[]> {
  try {
    statSync(o.chromiumPath);
  } catch {
    throw new ScreenshotError(
      "SCREENSHOT_NO_BROWSER",
      `no Chromium at ${o.chromiumPath}. Install it (Debian: apt-get install chromium fonts-noto-color-emoji ` +
        "fonts-noto-cjk) or set CHROMIUM_PATH to a Chromium or Chrome binary",
    );
  }
  mkdirSync(o.outDir, { recursive: true });
  const written: string[] = [];
  const out = (name: string) => {
    const file = path.join(o.outDir, name);
    written.push(file);
    return file;
  };
  await withPlayground(o, { locale: "en-GB", zone: "Europe/London" }, ({ page, pg }) => english(page, pg, out));
  for (const l of LOCALES) {
    await withPlayground(o, { as: l.as, locale: l.browser, zone: l.zone }, async ({ page, pg }) => {
      const reminders = (await pg.clientConnected).reminders;
      if (!reminders) throw new Error(`${l.as} got no weekly reminder: is this person staff in the demo org?`);
      await localized(page, pg, l, out);
    });
  }
  return written;
}

/** A new card in the team's channel (or the group chat), then the staff member's weekly reminder. */
async function localized(
  page: Page,
  pg: RunningPlayground,
  l: (typeof LOCALES)[number],
  out: (name: string) => string,
): Promise<void> {
  const place = channelBindings(pg.setup).find((b) => b.teamSlug === l.team);
  const live = liveDetractors(pg.setup, new Date()).find((d) => d.team === l.team);
  const customerId = live?.customer?.id;
  if (!place || !customerId) throw new Error(`the playground config has no place for the cards of ${l.team}`);
  await step(page, `a new ${l.locale} detractor card`, async () => {
    const inGroupChat = place.channelId === pg.setup.groupChat.id;
    const label = inGroupChat ? pg.setup.groupChat.name : `${pg.setup.team.name} - ${place.channelName}`;
    await page.getByRole("treeitem", { name: label }).click();
    const { post, card } = inGroupChat ? chatMessage(page, customerId) : channelPost(page, customerId);
    await card.getByRole("button").first().waitFor();
    await shoot(page, post, card, out(`teams-card-${l.locale}.png`));
  });
  await step(page, `the ${l.locale} weekly reminder`, async () => {
    await page.getByRole("treeitem", { name: "Personal Chat" }).click();
    // Whatever the person's figures, the reminder names the weeks it looks back on.
    const span = t(l.locale, "reminder.span", { weeks: REMINDER_WEEKS });
    const { post, card } = chatMessage(page, span);
    await card.waitFor();
    await shoot(page, post, card, out(`teams-reminder-${l.locale}.png`));
  });
}

/** The English pictures: a case from new to resolved, the owner's message and a report. */
async function english(page: Page, pg: RunningPlayground, out: (name: string) => string): Promise<void> {
  const [binding] = channelBindings(pg.setup);
  const [first] = liveDetractors(pg.setup, new Date());
  if (!binding || !first?.customer?.id) throw new Error("the playground config has no channel for the demo cards");
  const customerId = first.customer.id;
  const channelLabel = `${pg.setup.team.name} - ${binding.channelName}`;

  await step(page, "a new detractor card in the channel", async () => {
    await page.getByRole("treeitem", { name: channelLabel }).click();
    const { post, card } = channelPost(page, customerId);
    await card.getByRole("button", { name: "Claim" }).waitFor();
    await shoot(page, post, card, out("teams-card-new.png"));
  });

  await step(page, "Claim", async () => {
    const { post, card } = channelPost(page, customerId);
    await card.getByRole("button", { name: "Claim" }).click();
    await card.getByRole("button", { name: "Unclaim" }).waitFor();
    await shoot(page, post, card, out("teams-card-claimed.png"));
  });

  await step(page, "Resolve", async () => {
    const { post, card } = channelPost(page, customerId);
    await card.getByRole("button", { name: "Resolve" }).first().click();
    await card.getByRole("radio", { name: /^Recovered/ }).check();
    await card.getByRole("combobox").click();
    // The demo's cause for a late visit, or whatever the first cause is under another ROOT_CAUSES.
    await page.getByRole("option").first().waitFor();
    const late = page.getByRole("option", { name: /punctual/i });
    await ((await late.count()) ? late : page.getByRole("option")).first().click();
    await card
      .locator("textarea")
      .fill("Called Ms Lopez: apologised, refunded the call-out fee, part fitted on Thursday.");
    await card.locator("input[type=checkbox][aria-label^='Plan a coaching']").check();
    await shoot(page, post, card, out("teams-resolve-form.png"));
    await card.getByRole("button", { name: "Resolve" }).last().click();
    await card.getByRole("button", { name: "Unclaim" }).waitFor({ state: "detached" });
    await shoot(page, post, card, out("teams-card-resolved.png"));
  });

  await step(page, "the owner's private message", async () => {
    await page.getByRole("treeitem", { name: "Personal Chat" }).click();
    const phone = first.customer?.phone ?? "";
    const { post, card } = chatMessage(page, phone);
    // Exactly as the customer gave them, and tappable.
    await card.locator(`a[href^="tel:"]`, { hasText: phone }).waitFor();
    await card.locator(`a[href="mailto:${first.customer?.email}"]`).waitFor();
    await shoot(page, post, card, out("teams-owner-message.png"));
  });

  await step(page, "a report in the personal chat", async () => {
    await typeMessage(page, `nps ${binding.teamSlug} 90d`);
    // The report's headline ends with its sample size; the greeting above it has none.
    const { post, card } = chatMessage(page, /n = \d+/);
    await card.waitFor();
    await shoot(page, post, card, out("teams-report.png"));
  });
}

async function main(): Promise<void> {
  const files = await takeScreenshots({
    outDir: path.resolve(process.env.SCREENSHOTS_DIR ?? path.join(ROOT, "docs")),
    chromiumPath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
  });
  for (const f of files) {
    console.log(`${path.relative(process.cwd(), f)}  ${Math.round(statSync(f).size / 1024)} KB`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof ScreenshotError ? err.message : err);
    process.exit(1);
  });
}
