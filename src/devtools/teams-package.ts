// `npm run teams:package`: the Teams app package (manifest.json + icons, zipped) to upload in Teams
// or the Teams Developer Portal, with the bot's app id and URLs filled in from the environment.
// fflate writes the zip (already a dependency; no native zip tool needed).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import { AppError } from "../core/errors.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const MANIFEST_DIR = path.join(ROOT, "manifests/teams");
export const DEFAULT_OUT = path.join(ROOT, "build/nps-loop-teams.zip");

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TeamsPackageError extends AppError {
  constructor(readonly problems: string[]) {
    super(
      "TEAMS_PACKAGE_INVALID",
      `${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      problems,
    );
    this.name = "TeamsPackageError";
  }
}

export interface TeamsPackage {
  zip: Uint8Array;
  manifest: Record<string, unknown>;
  values: Record<string, string>;
}

/** The values substituted for ${{NAME}} in manifest.json, with what is missing or wrong. */
export function manifestValues(env: Record<string, string | undefined>, appVersion: string) {
  const problems: string[] = [];
  const appId = env.MICROSOFT_APP_ID?.trim() ?? "";
  if (!appId) {
    problems.push(
      "MICROSOFT_APP_ID: set it to the bot's Microsoft App ID (the GUID of its Azure Bot or Developer Portal registration)",
    );
  } else if (!GUID.test(appId)) {
    problems.push(`MICROSOFT_APP_ID: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "${appId}"`);
  }
  const website = env.TEAMS_WEBSITE_URL?.trim() || env.PUBLIC_URL?.trim() || "";
  const urls: Record<string, string> = {
    TEAMS_WEBSITE_URL: website,
    TEAMS_PRIVACY_URL: env.TEAMS_PRIVACY_URL?.trim() || website,
    TEAMS_TERMS_URL: env.TEAMS_TERMS_URL?.trim() || website,
  };
  if (!website) {
    problems.push(
      "PUBLIC_URL (or TEAMS_WEBSITE_URL): set your server's https address; Teams shows it as the developer website " +
        "(TEAMS_PRIVACY_URL and TEAMS_TERMS_URL default to it)",
    );
  } else {
    for (const [name, value] of Object.entries(urls)) {
      if (!/^https:\/\/[^\s]+$/.test(value)) problems.push(`${name}: Teams requires an https:// URL, got "${value}"`);
    }
  }
  const values = {
    MICROSOFT_APP_ID: appId,
    APP_VERSION: appVersion,
    TEAMS_DEVELOPER_NAME: (env.TEAMS_DEVELOPER_NAME?.trim() || "NPS Loop").slice(0, 32),
    ...urls,
  };
  return { values, problems };
}

export function substitute(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (m, name: string) => values[name] ?? m);
}

/** Width, height and colour type from a PNG's IHDR chunk. */
export function pngInfo(bytes: Uint8Array): { width: number; height: number; colorType: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 29 || sig.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), colorType: bytes[25]! };
}

/** Limits of the manifest schema that a hand edit most easily breaks. */
export function checkManifest(manifest: Record<string, unknown>, files: Record<string, Uint8Array>): string[] {
  const problems: string[] = [];
  const text = JSON.stringify(manifest);
  for (const m of text.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)) problems.push(`manifest.json: no value for \${{${m[1]}}}`);
  const m = manifest as {
    id?: string;
    name?: { short?: string; full?: string };
    description?: { short?: string; full?: string };
    icons?: { color?: string; outline?: string };
    bots?: { botId?: string; commandLists?: { commands: { title: string; description: string }[] }[] }[];
  };
  const max = (label: string, value: string | undefined, n: number) => {
    if (!value) problems.push(`${label} is required`);
    else if (value.length > n) problems.push(`${label} is ${value.length} characters; Teams allows ${n}`);
  };
  max("name.short", m.name?.short, 30);
  max("name.full", m.name?.full, 100);
  max("description.short", m.description?.short, 80);
  max("description.full", m.description?.full, 4000);
  if (m.bots?.[0]?.botId !== m.id) problems.push("bots[0].botId must be the app id (MICROSOFT_APP_ID)");
  for (const list of m.bots?.[0]?.commandLists ?? []) {
    if (list.commands.length > 10)
      problems.push(`a command list has ${list.commands.length} commands; Teams allows 10`);
    for (const c of list.commands) {
      max(`command "${c.title}" title`, c.title, 32);
      max(`command "${c.title}" description`, c.description, 128);
    }
  }
  const icon = (key: "color" | "outline", size: number) => {
    const file = m.icons?.[key];
    const bytes = file ? files[file] : undefined;
    const info = bytes ? pngInfo(bytes) : null;
    if (!info) problems.push(`icons.${key}: ${file ?? "(unset)"} is missing or not a PNG`);
    else if (info.width !== size || info.height !== size)
      problems.push(`icons.${key}: ${file} is ${info.width}x${info.height}; Teams requires ${size}x${size}`);
    else if (key === "outline" && info.colorType !== 6)
      problems.push("icons.outline: must be a transparent PNG (RGBA) with a white glyph");
  };
  icon("color", 192);
  icon("outline", 32);
  return problems;
}

export function buildTeamsPackage(
  env: Record<string, string | undefined>,
  opts: { manifestDir?: string; appVersion?: string } = {},
): TeamsPackage {
  const dir = opts.manifestDir ?? MANIFEST_DIR;
  const appVersion =
    opts.appVersion ??
    (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  const { values, problems } = manifestValues(env, appVersion);
  const manifest = JSON.parse(substitute(readFileSync(path.join(dir, "manifest.json"), "utf8"), values)) as Record<
    string,
    unknown
  >;
  const icons = manifest.icons as { color: string; outline: string };
  const files: Record<string, Uint8Array> = {};
  for (const f of [icons.color, icons.outline]) files[f] = new Uint8Array(readFileSync(path.join(dir, f)));
  if (problems.length === 0) problems.push(...checkManifest(manifest, files));
  if (problems.length) throw new TeamsPackageError(problems);
  const zip = zipSync({ "manifest.json": strToU8(JSON.stringify(manifest, null, 2)), ...files }, { level: 9 });
  return { zip, manifest, values };
}

function main(argv: string[]): number {
  const outIndex = argv.indexOf("--out");
  const out = outIndex >= 0 && argv[outIndex + 1] ? path.resolve(argv[outIndex + 1]!) : DEFAULT_OUT;
  try {
    const pkg = buildTeamsPackage(process.env);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, pkg.zip);
    console.log(
      `Wrote ${path.relative(process.cwd(), out)} (${pkg.zip.length} bytes) for app ${pkg.values.MICROSOFT_APP_ID}, ` +
        `version ${pkg.values.APP_VERSION}. Upload it in Teams (Apps > Manage your apps > Upload an app) or in the ` +
        "Teams Developer Portal (Apps > Import app).",
    );
    return 0;
  } catch (e) {
    if (e instanceof TeamsPackageError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
