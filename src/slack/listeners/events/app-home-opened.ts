// App Home: rebuilt and published each time someone opens the tab (Bolt acks events before this runs).
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { loadHome } from "../../home-data.js";
import { buildHome } from "../../views/home.js";

export function registerAppHomeOpened(app: App, deps: SlackDeps): void {
  app.event(
    "app_home_opened",
    async ({ event, client }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
      if (event.tab !== "home") return;
      const started = performance.now();
      try {
        await publishHome(deps, client, event.user);
      } catch (err) {
        deps.log.error({ err, user: event.user }, "App Home publish failed");
      } finally {
        observeAnswer(deps, "app_home", started);
      }
    },
  );
}

export async function publishHome(deps: SlackDeps, client: AllMiddlewareArgs["client"], userId: string): Promise<void> {
  const data = await loadHome(deps, userId);
  await client.views.publish({ user_id: userId, view: buildHome(data) });
}
