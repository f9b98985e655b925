// The Teams PlatformSender: how the outbox deliverer posts and updates case cards, replies in a
// card's thread, writes to people in personal chat and posts to team channels. Every failure leaves
// as a DeliveryError; a conversation Teams refuses for good is marked inactive until the next
// activity from it refreshes the reference.
import type { Activity } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import { DeliveryError, type PlatformSender } from "../chat/port.js";
import type { ChatMessageRef, PersonRecord, TeamRecord } from "../core/types.js";
import type { CaseCardView, MessageView } from "../core/views.js";
import { CONNECTOR_AUDIENCE } from "./auth.js";
import { fallbackText } from "./cards/case-card.js";
import { type AdaptiveCard, attachment } from "./cards/common.js";
import { buildMessageCard } from "./cards/message-card.js";
import { renderCaseCard } from "./case-render.js";
import { describeConnectorError, isDeadReference, toDeliveryError } from "./errors.js";
import {
  asReference,
  baseConversationId,
  conversationIdOf,
  referenceOf,
  type StoredReference,
  threadReference,
} from "./references.js";
import { connectorOf, type TeamsRuntime } from "./runtime.js";

/** How Teams (and the playground) refuse a personal chat with someone who lacks the app. */
const NOT_INSTALLED_CODES = new Set(["UserNotFound", "MemberNotFound", "BotNotInConversationRoster", "Forbidden"]);

/** Update failures that mean the card's message was deleted (not the whole conversation). */
const MESSAGE_GONE = /^(ActivityNotFound|MessageNotFound|NotFound|HTTP_404)$/;

export function cardActivity(card: AdaptiveCard, summary?: string): Partial<Activity> {
  return {
    type: "message",
    attachments: [attachment(card)],
    ...(summary || card.fallbackText ? { summary: summary ?? card.fallbackText } : {}),
  };
}

export class TeamsSender implements PlatformSender {
  readonly platform = "teams" as const;

  constructor(private readonly rt: TeamsRuntime) {}

  async upsertCaseCard(input: {
    view: CaseCardView;
    team: TeamRecord;
    existing?: ChatMessageRef;
  }): Promise<ChatMessageRef> {
    const { view, team } = input;
    const card = await renderCaseCard(this.rt.deps, view);
    const activity = cardActivity(card, fallbackText(view));
    const existing = input.existing?.platform === "teams" ? input.existing : undefined;
    if (existing) {
      const ref = asReference(existing.conversationRef) ?? asReference(team.teamsConversationRef);
      if (ref) {
        try {
          await this.call(`update card of case #${view.caseId}`, ref, (client) =>
            client.conversations.updateActivity(existing.channelId, existing.messageId, {
              ...activity,
              id: existing.messageId,
            } as Activity),
          );
          return existing;
        } catch (e) {
          // The message itself is gone (deleted by someone): post a fresh card instead.
          if (!(e instanceof DeliveryError && MESSAGE_GONE.test(e.opts.platformCode ?? ""))) throw e;
        }
      }
    }
    const ref = this.teamReference(team);
    const channelId = baseConversationId(ref.conversation!.id);
    const res = await this.call(`post card of case #${view.caseId}`, ref, (client) =>
      client.conversations.sendToConversation(channelId, activity as Activity),
    );
    if (!res.id) throw new DeliveryError("retry", "Teams accepted the card but returned no activity id");
    return { platform: "teams", channelId, messageId: res.id, conversationRef: ref };
  }

  async postThreadReply(input: { ref: ChatMessageRef; message: MessageView }): Promise<void> {
    const base = asReference(input.ref.conversationRef);
    if (!base) {
      throw new DeliveryError(
        "permanent",
        `no Teams conversation reference stored for message ${input.ref.messageId}`,
        {
          platformCode: "TEAMS_NO_REFERENCE",
        },
      );
    }
    const ref = threadReference(base, input.ref.messageId);
    const activity = cardActivity(buildMessageCard(input.message));
    await this.call(`reply in thread of ${input.ref.messageId}`, base, (client) =>
      client.conversations.sendToConversation(ref.conversation!.id, activity as Activity),
    );
  }

  async postToTeam(input: { team: TeamRecord; message: MessageView }): Promise<void> {
    const ref = this.teamReference(input.team);
    const activity = cardActivity(buildMessageCard(input.message));
    await this.call(`post to team ${input.team.slug}`, ref, (client) =>
      client.conversations.sendToConversation(baseConversationId(ref.conversation!.id), activity as Activity),
    );
  }

  async sendDirect(input: { person: PersonRecord; message: MessageView }): Promise<void> {
    const { person } = input;
    const activity = cardActivity(buildMessageCard(input.message));
    const ref = asReference(person.teamsConversationRef);
    if (ref) {
      try {
        await this.call(`message to ${person.name}`, ref, (client) =>
          client.conversations.sendToConversation(ref.conversation!.id, activity as Activity),
        );
        return;
      } catch (e) {
        // A dead personal chat (app removed, chat deleted): forget it and open a new one below.
        if (!(e instanceof DeliveryError && e.opts.platformCode === "TEAMS_REFERENCE_INACTIVE")) throw e;
        await this.rt.conversations.setPersonalChat(person.id, null);
      }
    }
    if (!person.teamsAadObjectId) {
      throw new DeliveryError(
        "permanent",
        `${person.name} (person #${person.id}) has no Teams account on file: add teamsAadObjectId to the org ` +
          "file, or ask them to install the NPS Loop app in Teams",
        { platformCode: "TEAMS_USER_NOT_LINKED" },
      );
    }
    await this.openPersonalChat(person, person.teamsAadObjectId, activity);
  }

  rateKeyForTeam(team: TeamRecord): string | null {
    const id = conversationIdOf(team.teamsConversationRef);
    return id ? baseConversationId(id) : null;
  }

  private teamReference(team: TeamRecord): StoredReference {
    const ref = asReference(team.teamsConversationRef);
    if (!ref) {
      throw new DeliveryError(
        "permanent",
        `team ${team.slug} has no Teams channel: an admin types "@NPS Loop link ${team.slug}" in the team's channel`,
        { platformCode: "TEAMS_CHANNEL_NOT_LINKED" },
      );
    }
    if (!team.teamsConversationOk) {
      throw new DeliveryError(
        "permanent",
        `Teams refused the channel of team ${team.slug} earlier (app removed or channel deleted); ` +
          `re-add the app or "@NPS Loop link ${team.slug}" again`,
        { platformCode: "TEAMS_REFERENCE_INACTIVE" },
      );
    }
    return ref;
  }

  /** Opens (or reopens) the personal chat with someone who has the app, from their AAD object id. */
  private async openPersonalChat(person: PersonRecord, aadObjectId: string, activity: Partial<Activity>) {
    const target = await this.rt.proactiveTarget();
    if (!target.tenantId) {
      throw new DeliveryError(
        "permanent",
        `cannot open a Teams chat with ${person.name}: the tenant is unknown (set MICROSOFT_APP_TENANT_ID)`,
        { platformCode: "TEAMS_TENANT_UNKNOWN" },
      );
    }
    const tenantId = target.tenantId;
    let newRef: StoredReference | null = null;
    let sendError: unknown;
    try {
      await this.rt.adapter.createConversationAsync(
        this.rt.appId,
        "msteams",
        target.serviceUrl,
        CONNECTOR_AUDIENCE,
        {
          isGroup: false,
          bot: target.bot,
          members: [{ id: aadObjectId, name: person.name }],
          tenantId,
          channelData: { tenant: { id: tenantId } },
        } as never,
        async (ctx) => {
          try {
            newRef = referenceOf(ctx.activity);
            const conversationId = ctx.activity.conversation.id;
            await connectorOf(ctx).conversations.sendToConversation(conversationId, activity as Activity);
          } catch (e) {
            sendError = e;
          }
        },
      );
    } catch (e) {
      const f = describeConnectorError(e, this.rt.deps.clock.now());
      if (f.status === 403 || f.status === 404 || (f.code !== null && NOT_INSTALLED_CODES.has(f.code))) {
        throw new DeliveryError(
          "permanent",
          `${person.name} (person #${person.id}) has not installed the NPS Loop app in Teams ` +
            `(Teams answered ${f.status}${f.code ? ` ${f.code}` : ""}); install it for them from the Teams admin centre`,
          { platformCode: "TEAMS_APP_NOT_INSTALLED" },
        );
      }
      throw toDeliveryError(f, `open a personal chat with ${person.name}`);
    }
    // The bot opened this chat itself, at a service URL it chose: stored as the person's chat.
    if (newRef) await this.rt.conversations.setPersonalChat(person.id, newRef);
    if (sendError)
      throw toDeliveryError(describeConnectorError(sendError, this.rt.deps.clock.now()), `message to ${person.name}`);
  }

  /** One connector call with errors mapped; a refused conversation is marked inactive. */
  private async call<T>(what: string, ref: StoredReference, fn: (client: ConnectorClient) => Promise<T>): Promise<T> {
    try {
      return await this.rt.withConnector(ref, (client) => fn(client));
    } catch (e) {
      if (e instanceof DeliveryError) throw e;
      const f = describeConnectorError(e, this.rt.deps.clock.now());
      if (isDeadReference(f)) {
        await this.markInactive(ref);
        throw new DeliveryError("permanent", `${what}: Teams refused the conversation (${f.code}): ${f.message}`, {
          platformCode: "TEAMS_REFERENCE_INACTIVE",
        });
      }
      throw toDeliveryError(f, what);
    }
  }

  /** Marks the team channel behind a conversation inactive; admins hear it from the deliverer. */
  private async markInactive(ref: StoredReference): Promise<void> {
    await this.rt.conversations.markChannelInactive(
      baseConversationId(ref.conversation?.id ?? ""),
      "Teams refused the team's channel; marked inactive",
    );
  }
}
