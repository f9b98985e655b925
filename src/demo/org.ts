// The demo organisation: a client (Northwind Homes) and two contractors in Greater Manchester, one
// running the NPS programme and one not, with 4 teams and people of every role; and, so that the
// demo shows every language, a Spanish contractor in Valencia and a Hong Kong one (issue 10), whose
// people get the bot in Spanish and in Traditional Chinese through their company's locale. Pure data.
import type { OrgFileInput } from "../core/org-file.js";

export const DEMO_SOURCE = "demo";
export const DEMO_AREA = "Greater Manchester";
export const DEMO_TIME_ZONE = "Europe/London";
export const DEMO_TOUCHPOINTS = ["maintenance visit", "complaint", "branch visit"] as const;
export type DemoTouchpoint = (typeof DEMO_TOUCHPOINTS)[number];

export interface DemoTeamSpec {
  slug: string;
  name: string;
  company: DemoCompanySlug;
  /** Target NPS (-1..1) at the start and the end of the window; programme teams improve. */
  npsStart: number;
  npsEnd: number;
  /** Mean responses on a weekday (weekends get a third). */
  dailyMean: number;
  slaHours: number | null;
  managers: string[];
  /** Staff and how much better (+) or worse (-) than their team customers rate them. */
  staff: [string, number][];
}

interface DemoCompanySpec {
  slug: string;
  name: string;
  inProgramme: boolean;
  domain: string;
  /** Area, time zone and language when not the Manchester defaults. */
  area?: string;
  timeZone?: string;
  locale?: string;
}

export const DEMO_COMPANIES = [
  { slug: "brightfix", name: "Brightfix Services", inProgramme: true, domain: "brightfix.example" },
  { slug: "coastline", name: "Coastline Repairs", inProgramme: false, domain: "coastline.example" },
  {
    slug: "levante",
    name: "Levante Mantenimiento",
    inProgramme: true,
    domain: "levante.example",
    area: "Valencia",
    timeZone: "Europe/Madrid",
    locale: "es",
  },
  {
    slug: "harbour",
    name: "Harbour Home Services",
    inProgramme: true,
    domain: "harbour.example",
    area: "Hong Kong",
    timeZone: "Asia/Hong_Kong",
    locale: "zh-Hant-HK",
  },
] as const satisfies readonly DemoCompanySpec[];
export type DemoCompanySlug = (typeof DEMO_COMPANIES)[number]["slug"];
const companySpec = (slug: string): DemoCompanySpec => DEMO_COMPANIES.find((c) => c.slug === slug)!;
/** A team's (its company's) time zone. */
export const zoneOf = (company: string) => companySpec(company).timeZone ?? DEMO_TIME_ZONE;
/** A company's language (null: English, the org's default). */
export const localeOf = (company: string) => companySpec(company).locale ?? null;
export const inProgrammeOf = (company: string) => companySpec(company).inProgramme;
const CLIENT_DOMAIN = "northwind-homes.example";

export const DEMO_TEAMS: DemoTeamSpec[] = [
  {
    slug: "brightfix-salford",
    name: "Brightfix Salford",
    company: "brightfix",
    npsStart: 0.22,
    npsEnd: 0.52,
    dailyMean: 5,
    slaHours: 24,
    managers: ["Claire Morgan", "Kate Lowe"],
    staff: [
      ["Jamie Walsh", 0.12],
      ["Aisha Khan", 0.05],
      ["Tom Brennan", -0.14],
      ["Lucy Park", 0],
    ],
  },
  {
    slug: "brightfix-stockport",
    name: "Brightfix Stockport",
    company: "brightfix",
    npsStart: 0.1,
    npsEnd: 0.4,
    dailyMean: 4,
    slaHours: 24,
    managers: ["Raj Patel"],
    staff: [
      ["Danny Hughes", -0.05],
      ["Grace Owusu", 0.1],
      ["Ben Foster", 0.02],
      ["Megan Reid", -0.1],
    ],
  },
  {
    slug: "coastline-bolton",
    name: "Coastline Bolton",
    company: "coastline",
    npsStart: 0.35,
    npsEnd: 0.33,
    dailyMean: 4,
    slaHours: null,
    managers: ["Steve Barker"],
    staff: [
      ["Ryan Cole", 0.05],
      ["Sofia Marin", 0.08],
      ["Liam Doyle", -0.1],
      ["Hannah Price", 0],
    ],
  },
  {
    slug: "coastline-oldham",
    name: "Coastline Oldham",
    company: "coastline",
    npsStart: 0.22,
    npsEnd: 0.24,
    dailyMean: 3,
    slaHours: null,
    managers: ["Janet Hill"],
    staff: [
      ["Chris Webb", -0.05],
      ["Nadia Ali", 0.1],
      ["Owen Pryce", -0.12],
      ["Zoe Turner", 0.02],
    ],
  },
  {
    slug: "levante-valencia",
    name: "Levante Valencia",
    company: "levante",
    npsStart: 0.2,
    npsEnd: 0.22,
    dailyMean: 3,
    slaHours: 24,
    managers: ["Marta Soler"],
    staff: [
      ["Javier Romero", 0.05],
      ["Lucía Navarro", 0.08],
      ["Pablo Ibáñez", -0.1],
    ],
  },
  {
    slug: "harbour-kowloon",
    name: "Harbour Kowloon",
    company: "harbour",
    npsStart: 0.25,
    npsEnd: 0.26,
    dailyMean: 3,
    slaHours: 24,
    managers: ["Wong Ka Yan"],
    staff: [
      ["Chan Tai Man", 0.05],
      ["Lee Mei Ling", 0.1],
      ["Cheung Wing Kei", -0.08],
    ],
  },
];

/** "Pablo Ibáñez" -> pablo.ibanez@domain (accents dropped, as mail systems do). */
export const emailOf = (name: string, domain: string) =>
  `${name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, ".")}@${domain}`;
export const domainOf = (company: string) => DEMO_COMPANIES.find((c) => c.slug === company)!.domain;

/**
 * The demo org, in the org file's shape (applied through the same code as `org apply`). With a
 * programme start (the seed gives one), the programme company has its date and inProgramme is derived.
 */
export function demoOrg(opts: { programmeStart?: string } = {}): OrgFileInput {
  const people: NonNullable<OrgFileInput["people"]> = [
    { name: "Helen Carter", email: emailOf("Helen Carter", CLIENT_DOMAIN), role: "director", company: null },
    { name: "Sam Okafor", email: emailOf("Sam Okafor", CLIENT_DOMAIN), role: "admin", company: null },
    { name: "Priya Shah", email: emailOf("Priya Shah", "brightfix.example"), role: "director", company: "brightfix" },
    { name: "Mark Ellis", email: emailOf("Mark Ellis", "coastline.example"), role: "director", company: "coastline" },
    { name: "Elena Ferrer", email: emailOf("Elena Ferrer", "levante.example"), role: "director", company: "levante" },
    { name: "Ho Siu Ming", email: emailOf("Ho Siu Ming", "harbour.example"), role: "director", company: "harbour" },
  ];
  for (const t of DEMO_TEAMS) {
    for (const m of t.managers) {
      people.push({ name: m, email: emailOf(m, domainOf(t.company)), role: "manager", teams: [t.slug] });
    }
    for (const [s] of t.staff) {
      people.push({
        name: s,
        email: emailOf(s, domainOf(t.company)),
        role: "staff",
        teams: [t.slug],
        timeZone: zoneOf(t.company),
      });
    }
  }
  return {
    companies: DEMO_COMPANIES.map((c: DemoCompanySpec) => ({
      slug: c.slug,
      name: c.name,
      area: c.area ?? DEMO_AREA,
      ...(c.inProgramme && opts.programmeStart
        ? { programmeStart: opts.programmeStart }
        : { inProgramme: c.inProgramme }),
      ...(c.locale ? { locale: c.locale } : {}),
    })),
    teams: DEMO_TEAMS.map((t) => ({
      slug: t.slug,
      name: t.name,
      company: t.company,
      timeZone: zoneOf(t.company),
      slaHours: t.slaHours,
    })),
    people,
  };
}

/** Every email of the demo org (what `demo seed --reset` may delete). */
export function demoEmails(): string[] {
  return (demoOrg().people ?? []).map((p) => p.email!).filter(Boolean);
}
