// The port services use to reach people in chat. Services only enqueue outbox rows (in their own
// transaction); the deliverer (src/chat/deliverer/) is the only code that sends proactively,
// through one PlatformSender per configured platform (src/slack/sender.ts, src/teams/sender.ts).

import { AppError } from "../core/errors.js";
import type { ChatMessageRef, ChatPlatform, PersonRecord, TeamRecord } from "../core/types.js";
import type { CaseCardView, MessageView } from "../core/views.js";

/** What an outbox row asks for. Stored as the row's JSON payload; `kind` is also a column. */
export type OutboxPayload =
  /** Post the case card to the team's channel, or update it in place if already posted. */
  | { kind: "case_card"; caseId: number }
  /** A reply in the thread of the case's card (SLA reminders). */
  | { kind: "case_thread"; caseId: number; message: MessageView }
  /** A personal message (contact details, reminders, escalations, digests, admin alerts). */
  | { kind: "dm"; personId: number; message: MessageView }
  /** A message to a team's channel. */
  | { kind: "channel_message"; teamId: number; message: MessageView };

export type OutboxKind = OutboxPayload["kind"];

export interface OutboxEnqueue {
  platform: ChatPlatform;
  payload: OutboxPayload;
  /** Idempotency: a row with the same key is never enqueued twice. */
  dedupeKey?: string;
  caseId?: number;
  /** Not before this time (default now). */
  notBefore?: Date;
}

/**
 * Which outbox delivery a post belongs to. Slack stores `id` in the message's metadata, so that a
 * retry after an unknown outcome (crash, timeout) can find the message the first attempt posted
 * instead of posting a second one. Platforms without such a lookup ignore it.
 */
export interface DeliveryTag {
  /** Unique per outbox row (and per database: the row id and its creation time). */
  id: string;
  /** Set when the previous attempt's outcome is unknown: look for `id` in history since then first. */
  lookupSince?: Date;
  /**
   * The lookup could not be made (a scope is missing...): the sender posted anyway (at least once)
   * and tells the deliverer, which logs and alerts the admins once.
   */
  onLookupUnavailable?: (code: string, message: string) => void;
  /** The lookup found nothing: the earlier attempt never posted, so its pacing slot was not used. */
  onNotFound?: () => void;
}

/** What a platform must do for the deliverer. Errors are DeliveryError. */
export interface PlatformSender {
  readonly platform: ChatPlatform;
  /** Posts the card (existing undefined) or updates it in place; returns where it lives. */
  upsertCaseCard(input: {
    view: CaseCardView;
    team: TeamRecord;
    existing?: ChatMessageRef;
    delivery?: DeliveryTag;
  }): Promise<ChatMessageRef>;
  postThreadReply(input: { ref: ChatMessageRef; message: MessageView; delivery?: DeliveryTag }): Promise<void>;
  sendDirect(input: { person: PersonRecord; message: MessageView; delivery?: DeliveryTag }): Promise<void>;
  postToTeam(input: { team: TeamRecord; message: MessageView; delivery?: DeliveryTag }): Promise<void>;
  /** The pacing key of a destination (channel or conversation id) for rate limiting. */
  rateKeyForTeam(team: TeamRecord): string | null;
}

export type DeliveryErrorKind = "retry" | "rate_limited" | "permanent";

export class DeliveryError extends AppError {
  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
    readonly opts: {
      retryAfterMs?: number;
      platformCode?: string;
      /** The platform may have done it anyway (timeout, reset connection): look before redoing it. */
      outcomeUnknown?: boolean;
      /** This attempt posted nothing (it failed looking up an earlier one): its pacing slot is unused. */
      nothingSent?: boolean;
    } = {},
  ) {
    super("CHAT_DELIVERY_FAILED", message, { kind, ...opts }, { bareMessage: true });
    this.name = "DeliveryError";
  }
}
