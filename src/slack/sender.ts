// The Slack PlatformSender: how the outbox deliverer posts and updates case cards, thread replies,
// direct messages and team channel posts. Every Slack failure leaves as a DeliveryError.
import type { DeliveryError, PlatformSender } from "../chat/port.js";
import { DeliveryError as DeliveryErrorClass } from "../chat/port.js";
import type { ChatMessageRef, PersonRecord, TeamRecord } from "../core/types.js";
import type { CaseCardView, MessageView } from "../core/views.js";
import type { SlackWebClient } from "./client.js";
import { toDeliveryError } from "./delivery-errors.js";
import type { SlackMessage } from "./views/blocks.js";
import { buildCaseCard } from "./views/case-card.js";
import { renderMessage } from "./views/message.js";

/** Card updates that fail this way mean the old message is gone: post a fresh one instead. */
const MESSAGE_GONE = new Set(["message_not_found", "cant_update_message", "edit_window_closed"]);

export class SlackSender implements PlatformSender {
  readonly platform = "slack" as const;

  constructor(private readonly client: SlackWebClient) {}

  async upsertCaseCard(input: {
    view: CaseCardView;
    team: TeamRecord;
    existing?: ChatMessageRef;
  }): Promise<ChatMessageRef> {
    const card = buildCaseCard(input.view);
    const existing = input.existing?.platform === "slack" ? input.existing : undefined;
    if (existing) {
      try {
        await this.call(`update card of case #${input.view.caseId}`, () =>
          this.client.chat.update({ channel: existing.channelId, ts: existing.messageId, ...card }),
        );
        return { platform: "slack", channelId: existing.channelId, messageId: existing.messageId };
      } catch (e) {
        const err = e as DeliveryError;
        if (!MESSAGE_GONE.has(err.opts.platformCode ?? "")) throw err;
      }
    }
    const channel = this.channelOf(input.team);
    const res = await this.call(`post card of case #${input.view.caseId}`, () =>
      this.client.chat.postMessage({ channel, ...card, unfurl_links: false, unfurl_media: false }),
    );
    if (!res.ts) throw new DeliveryErrorClass("retry", "Slack accepted the card but returned no message ts");
    return { platform: "slack", channelId: res.channel ?? channel, messageId: res.ts };
  }

  async postThreadReply(input: { ref: ChatMessageRef; message: MessageView }): Promise<void> {
    const msg = renderMessage(input.message, { audience: "channel" });
    await this.post(`reply in thread ${input.ref.channelId}/${input.ref.messageId}`, input.ref.channelId, msg, {
      thread_ts: input.ref.messageId,
    });
  }

  async sendDirect(input: { person: PersonRecord; message: MessageView }): Promise<void> {
    const userId = input.person.slackUserId;
    if (!userId) {
      throw new DeliveryErrorClass(
        "permanent",
        `${input.person.name} (person #${input.person.id}) has no Slack user id; add slackUserId to the org file`,
        { platformCode: "no_slack_user" },
      );
    }
    // Posting to a user id lands in the app's Messages tab with only chat:write (no im:write).
    await this.post(`DM to ${userId}`, userId, renderMessage(input.message, { audience: "direct" }));
  }

  async postToTeam(input: { team: TeamRecord; message: MessageView }): Promise<void> {
    const channel = this.channelOf(input.team);
    await this.post(`post to ${input.team.slug}`, channel, renderMessage(input.message, { audience: "channel" }));
  }

  /** The channel id: Slack paces chat.postMessage per channel (the deliverer adds the platform). */
  rateKeyForTeam(team: TeamRecord): string | null {
    return team.slackChannelId;
  }

  private channelOf(team: TeamRecord): string {
    if (!team.slackChannelId) {
      throw new DeliveryErrorClass(
        "permanent",
        `team ${team.slug} has no Slack channel; an admin runs /nps link ${team.slug} in the team's channel`,
        { platformCode: "no_channel" },
      );
    }
    return team.slackChannelId;
  }

  private async post(what: string, channel: string, msg: SlackMessage, extra: { thread_ts?: string } = {}) {
    await this.call(what, () =>
      this.client.chat.postMessage({ channel, ...msg, ...extra, unfurl_links: false, unfurl_media: false }),
    );
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toDeliveryError(e, what);
    }
  }
}
