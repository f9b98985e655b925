// Test doubles for delivery: CoreDeps over a test database, and an in-memory PlatformSender that
// records every call and can be told to fail.
import { DeliveryError, type PlatformSender } from "../../src/chat/port.js";
import { loadConfig } from "../../src/config/env.js";
import { type Clock, systemClock } from "../../src/core/clock.js";
import type { ChatMessageRef, ChatPlatform, PersonRecord, TeamRecord } from "../../src/core/types.js";
import type { CaseCardView, MessageView } from "../../src/core/views.js";
import type { Database } from "../../src/db/client.js";
import type { CoreDeps } from "../../src/deps.js";
import { silentLogger } from "../../src/log.js";
import { createMetrics } from "../../src/metrics.js";

export function makeDeps(
  db: Database,
  opts: { clock?: Clock; platforms?: ChatPlatform[]; env?: Record<string, string> } = {},
): CoreDeps {
  return {
    config: loadConfig({ LOG_LEVEL: "silent", ...opts.env }),
    log: silentLogger,
    clock: opts.clock ?? systemClock,
    db: db.ctx,
    metrics: createMetrics(),
    platforms: opts.platforms ?? ["slack"],
    outboxKick: () => {},
  };
}

export type SentCall =
  | { op: "card"; caseId: number; status: string; channel: string; existing: string | null; at: number }
  | { op: "thread"; ref: string; text: string; at: number }
  | { op: "dm"; personId: number; text: string; at: number }
  | { op: "team"; teamId: number; text: string; at: number };

/** What a fake answers for a call: nothing (success) or a DeliveryError to throw, or a delay. */
export type Fault = DeliveryError | { hangMs: number } | undefined;

export class FakeSender implements PlatformSender {
  readonly calls: SentCall[] = [];
  /** Decides a fault per call (by call number and operation). */
  fault: (n: number, op: SentCall["op"], key: string) => Fault = () => undefined;
  private n = 0;
  private nextTs = 1;

  constructor(readonly platform: ChatPlatform = "slack") {}

  rateKeyForTeam(team: TeamRecord): string | null {
    return team.slackChannelId ?? `team-${team.id}`;
  }

  private async gate(op: SentCall["op"], key: string): Promise<void> {
    const f = this.fault(this.n++, op, key);
    if (f instanceof DeliveryError) throw f;
    if (f && "hangMs" in f) {
      await new Promise((r) => setTimeout(r, f.hangMs));
      throw new DeliveryError("retry", "timed out");
    }
  }

  async upsertCaseCard(input: { view: CaseCardView; team: TeamRecord; existing?: ChatMessageRef }) {
    const channel = this.rateKeyForTeam(input.team)!;
    await this.gate("card", channel);
    this.calls.push({
      op: "card",
      caseId: input.view.caseId,
      status: input.view.status,
      channel,
      existing: input.existing?.messageId ?? null,
      at: performance.now(),
    });
    return input.existing ?? { platform: this.platform, channelId: channel, messageId: `ts.${this.nextTs++}` };
  }

  async postThreadReply(input: { ref: ChatMessageRef; message: MessageView }) {
    await this.gate("thread", input.ref.channelId);
    this.calls.push({ op: "thread", ref: input.ref.messageId, text: input.message.text, at: performance.now() });
  }

  async sendDirect(input: { person: PersonRecord; message: MessageView }) {
    await this.gate("dm", `dm:${input.person.id}`);
    this.calls.push({ op: "dm", personId: input.person.id, text: input.message.text, at: performance.now() });
  }

  async postToTeam(input: { team: TeamRecord; message: MessageView }) {
    await this.gate("team", this.rateKeyForTeam(input.team)!);
    this.calls.push({ op: "team", teamId: input.team.id, text: input.message.text, at: performance.now() });
  }
}

export async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs = 10_000, stepMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** True when no outbox row is waiting or being sent. */
export async function outboxSettled(db: Database): Promise<boolean> {
  const n = await db.prisma.outboxDelivery.count({ where: { status: { in: ["pending", "sending"] } } });
  return n === 0;
}

export const msg = (text: string): MessageView => ({ text, blocks: [{ type: "text", text }] });
