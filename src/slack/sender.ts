// The Slack PlatformSender: how the outbox deliverer posts and updates case cards, thread replies,
// direct messages and team channel posts. Every Slack failure leaves as a DeliveryError.
// Every post carries its outbox delivery id in Slack's message metadata; when the deliverer does
// not know whether an earlier attempt was posted (crash, timeout), the sender first looks for that
// id in the channel's recent history and adopts the message it finds instead of posting again.
import type { DeliveryError, DeliveryTag, PlatformSender } from "../chat/port.js";
import { DeliveryError as DeliveryErrorClass } from "../chat/port.js";
import { afterLookup, type LookupResult } from "../core/delivery-schedule.js";
import type { ChatMessageRef, PersonRecord, TeamRecord } from "../core/types.js";
import type { CaseCardView, MessageView } from "../core/views.js";
import type { SlackWebClient } from "./client.js";
import { toDeliveryError } from "./delivery-errors.js";
import type { SlackMessage } from "./views/blocks.js";
import { buildCaseCard } from "./views/case-card.js";
import { renderMessage } from "./views/message.js";

/** Card updates that fail this way mean the old message is gone: post a fresh one instead. */
const MESSAGE_GONE = new Set(["message_not_found", "cant_update_message", "edit_window_closed"]);
/** The metadata event type that marks our posts with their delivery id. */
export const DELIVERY_EVENT_TYPE = "nps_loop_delivery";
/** History pages (of 200) read at most when looking for a delivery; older than that is not ours. */
const LOOKUP_PAGES = 5;
/** The app may not read history: post anyway (at least once) and have the admins told. */
const LOOKUP_UNAVAILABLE = new Set(["missing_scope", "no_permission", "not_allowed_token_type"]);

type Posted = { channel: string; ts: string };

export class SlackSender implements PlatformSender {
  readonly platform = "slack" as const;

  constructor(private readonly client: SlackWebClient) {}

  async upsertCaseCard(input: {
    view: CaseCardView;
    team: TeamRecord;
    existing?: ChatMessageRef;
    delivery?: DeliveryTag;
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
    const what = `card of case #${input.view.caseId}`;
    const found = await this.lookup(what, input.delivery, async () => channel);
    if (found) return { platform: "slack", channelId: found.channel, messageId: found.ts };
    const res = await this.call(`post ${what}`, () =>
      this.client.chat.postMessage({
        channel,
        ...card,
        ...metadataOf(input.delivery),
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (!res.ts) throw new DeliveryErrorClass("retry", "Slack accepted the card but returned no message ts");
    return { platform: "slack", channelId: res.channel ?? channel, messageId: res.ts };
  }

  async postThreadReply(input: { ref: ChatMessageRef; message: MessageView; delivery?: DeliveryTag }): Promise<void> {
    const msg = renderMessage(input.message, { audience: "channel" });
    const what = `reply in thread ${input.ref.channelId}/${input.ref.messageId}`;
    const { channelId, messageId } = input.ref;
    if (await this.lookup(what, input.delivery, async () => channelId, messageId)) return;
    await this.post(what, channelId, msg, input.delivery, { thread_ts: messageId });
  }

  async sendDirect(input: { person: PersonRecord; message: MessageView; delivery?: DeliveryTag }): Promise<void> {
    const userId = input.person.slackUserId;
    if (!userId) {
      throw new DeliveryErrorClass(
        "permanent",
        `${input.person.name} (person #${input.person.id}) has no Slack user id; add slackUserId to the org file`,
        { platformCode: "no_slack_user" },
      );
    }
    const what = `DM to ${userId}`;
    // Only a retry after an unknown outcome needs the IM channel's id (conversations.open, im:write).
    const imChannel = async () => {
      const res = await this.client.conversations.open({ users: userId, return_im: false });
      if (!res.channel?.id) throw new DeliveryErrorClass("retry", `Slack opened no IM channel with ${userId}`);
      return res.channel.id;
    };
    if (await this.lookup(what, input.delivery, imChannel)) return;
    // Posting to a user id lands in the app's Messages tab with only chat:write.
    await this.post(what, userId, renderMessage(input.message, { audience: "direct" }), input.delivery);
  }

  async postToTeam(input: { team: TeamRecord; message: MessageView; delivery?: DeliveryTag }): Promise<void> {
    const channel = this.channelOf(input.team);
    const what = `post to ${input.team.slug}`;
    if (await this.lookup(what, input.delivery, async () => channel)) return;
    await this.post(what, channel, renderMessage(input.message, { audience: "channel" }), input.delivery);
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

  private async post(
    what: string,
    channel: string,
    msg: SlackMessage,
    delivery: DeliveryTag | undefined,
    extra: { thread_ts?: string } = {},
  ) {
    const send = (m: SlackMessage) =>
      this.call(what, () =>
        this.client.chat.postMessage({
          channel,
          ...m,
          ...extra,
          ...metadataOf(delivery),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
    try {
      await send(msg);
    } catch (e) {
      // Slack downloads an image block's picture while posting and refuses the whole message when it
      // cannot (PUBLIC_URL not reachable from Slack): the words matter more, so they go without it.
      const pictures = msg.blocks.some((b) => b.type === "image");
      if (!pictures || !(e instanceof DeliveryErrorClass) || e.opts.platformCode !== "invalid_blocks") throw e;
      await send({ ...msg, blocks: msg.blocks.filter((b) => b.type !== "image") });
    }
  }

  /**
   * When the previous attempt's outcome is unknown, looks for its message by delivery id: the
   * message found (adopt it), or null (post). A lookup that fails for now throws (retry later,
   * outcome still unknown); one the app is not allowed to make posts anyway and tells the deliverer.
   */
  private async lookup(
    what: string,
    delivery: DeliveryTag | undefined,
    channel: () => Promise<string>,
    threadTs?: string,
  ): Promise<Posted | null> {
    if (!delivery?.lookupSince) return null;
    let result: LookupResult<Posted>;
    let failure: DeliveryError | undefined;
    try {
      const ch = await channel();
      result = await this.findDelivery(ch, delivery.id, delivery.lookupSince, threadTs);
    } catch (e) {
      failure = toDeliveryError(e, `look for the ${what} in Slack history`);
      const code = failure.opts.platformCode ?? "error";
      result = { kind: "error", code, permanent: failure.kind === "permanent" };
    }
    const decision = afterLookup(result);
    if (decision.action === "adopt") return decision.ref;
    if (result.kind === "not_found") delivery.onNotFound?.();
    if (decision.action === "retry" && failure) {
      throw new DeliveryErrorClass(failure.kind, failure.message, {
        ...failure.opts,
        outcomeUnknown: true,
        nothingSent: true,
      });
    }
    if (decision.action === "post" && decision.degraded && LOOKUP_UNAVAILABLE.has(decision.degraded)) {
      delivery.onLookupUnavailable?.(decision.degraded, failure?.message ?? decision.degraded);
    }
    return null;
  }

  /** Reads the channel's (or thread's) history since `since` for a message tagged with `id`. */
  private async findDelivery(
    channel: string,
    id: string,
    since: Date,
    threadTs?: string,
  ): Promise<LookupResult<Posted>> {
    const oldest = (since.getTime() / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const args = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const res = threadTs
        ? await this.client.conversations.replies({ ...args, ts: threadTs })
        : await this.client.conversations.history(args);
      for (const m of (res.messages ?? []) as { ts?: string; metadata?: SlackMetadata }[]) {
        if (m.ts && m.metadata?.event_type === DELIVERY_EVENT_TYPE && m.metadata.event_payload?.delivery_id === id) {
          return { kind: "found", ref: { channel, ts: m.ts } };
        }
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return { kind: "not_found" };
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toDeliveryError(e, what);
    }
  }
}

interface SlackMetadata {
  event_type?: string;
  event_payload?: { delivery_id?: unknown };
}

function metadataOf(delivery: DeliveryTag | undefined) {
  return delivery ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: delivery.id } } } : {};
}
