// What the App Home shows for one Slack user, from the home service (one batched read of the cases),
// and, when this server has a public URL, the weekly trend of their first report as a picture.
import type { ChartLinkRequest } from "../charts/links.js";
import type { SlackDeps } from "./context.js";
import type { HomeData } from "./views/home.js";

export async function loadHome(deps: SlackDeps, userId: string): Promise<HomeData> {
  const { person } = await deps.cases.resolveActor("slack", userId);
  const [data, locale] = await Promise.all([
    deps.services.home.forPerson("slack", person),
    deps.services.language.localeOf(person),
  ]);
  const first = data.reports[0];
  if (!deps.chartLinks || !first || !person) return { ...data, locale };
  const target: ChartLinkRequest["target"] =
    first.scope.kind === "person"
      ? { kind: "person", id: person.id }
      : { kind: first.scope.kind, slug: first.scope.slug };
  const request = { kind: "trend", target, locale, width: 480, height: 160, compact: true, scale: 2 } as const;
  try {
    // Only the words here (title, alt text): the link draws the picture when Slack fetches it.
    const chart = await deps.services.charts.spec(request);
    return { ...data, locale, chart: { url: deps.chartLinks.put(request), alt: chart.alt, title: chart.title } };
  } catch (err) {
    // The Home tab is worth more without its picture than not at all.
    deps.log.warn({ err, user: userId }, "App Home chart could not be drawn; publishing without it");
    return { ...data, locale };
  }
}
