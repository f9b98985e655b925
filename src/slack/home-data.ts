// What the App Home shows for one Slack user, from the home service (one batched read of the cases).
import type { SlackDeps } from "./context.js";
import type { HomeData } from "./views/home.js";

export async function loadHome(deps: SlackDeps, userId: string): Promise<HomeData> {
  const { person } = await deps.cases.resolveActor("slack", userId);
  const [data, locale] = await Promise.all([
    deps.services.home.forPerson("slack", person),
    deps.services.language.localeOf(person),
  ]);
  return { ...data, locale };
}
