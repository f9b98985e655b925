// Bot Framework conversation references as NPS Loop stores them: a team's channel (top level, so a
// proactive post starts a new thread), a person's personal chat, and a posted card's thread.
import { type Activity, type ConversationReference, TurnContext } from "botbuilder";

export type StoredReference = Partial<ConversationReference>;

/** A channel thread's conversation id carries ";messageid=<root>"; the channel itself does not. */
export function baseConversationId(id: string): string {
  const i = id.indexOf(";messageid=");
  return i >= 0 ? id.slice(0, i) : id;
}

/** The reference of the conversation an activity came from, without the activity itself. */
export function referenceOf(activity: Partial<Activity>): StoredReference {
  const ref = TurnContext.getConversationReference(activity);
  delete ref.activityId;
  return JSON.parse(JSON.stringify(ref)) as StoredReference;
}

/** The channel-level reference of a channel activity (a message in any thread of it). */
export function channelReferenceOf(activity: Partial<Activity>): StoredReference {
  const ref = referenceOf(activity);
  if (ref.conversation?.id) ref.conversation = { ...ref.conversation, id: baseConversationId(ref.conversation.id) };
  return ref;
}

export function withConversationId(ref: StoredReference, id: string): StoredReference {
  return { ...ref, conversation: { ...(ref.conversation ?? { isGroup: true, name: "", conversationType: "" }), id } };
}

/** The reference that replies in the thread under a posted message. */
export function threadReference(ref: StoredReference, rootMessageId: string): StoredReference {
  const base = baseConversationId(ref.conversation?.id ?? "");
  return withConversationId(ref, `${base};messageid=${rootMessageId}`);
}

export function asReference(value: unknown): StoredReference | null {
  if (!value || typeof value !== "object") return null;
  const ref = value as StoredReference;
  return ref.conversation?.id && ref.serviceUrl ? ref : null;
}

export function conversationIdOf(value: unknown): string | null {
  return asReference(value)?.conversation?.id ?? null;
}

export function tenantOf(activity: Partial<Activity>): string | null {
  const fromChannelData = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return fromChannelData ?? activity.conversation?.tenantId ?? null;
}

export type ConversationKind = "personal" | "channel" | "groupChat";

export function conversationKind(activity: Partial<Activity>): ConversationKind {
  const t = activity.conversation?.conversationType;
  if (t === "channel") return "channel";
  if (t === "groupChat") return "groupChat";
  if (t === "personal") return "personal";
  return activity.conversation?.isGroup ? "groupChat" : "personal";
}
