// What the deliverer does with one claimed outbox row: resolve its destination (batched per claim),
// render case cards from the case as it is at send time, call the platform sender, and record the
// card's chat message so later renders update it in place.
import { buildCaseCardView } from "../../core/case-view.js";
import { lookupSince, needsDeliveryLookup } from "../../core/delivery-schedule.js";
import type { ChatPlatform, PersonRecord, TeamRecord } from "../../core/types.js";
import { CaseRepository } from "../../db/repositories/cases.js";
import type { OutboxRow } from "../../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../../deps.js";
import { DeliveryError, type DeliveryTag, type PlatformSender } from "../port.js";
import { DeliveryRound } from "./round.js";

export type Destination =
  | { kind: "team"; team: TeamRecord }
  | { kind: "person"; person: PersonRecord }
  /** Nothing to send any more (case deleted, person left): the row is closed without an alert. */
  | { kind: "skip"; reason: string }
  /** The row cannot be delivered as configured (no team, unknown person): a permanent failure. */
  | { kind: "invalid"; reason: string };

export interface ResolvedRow {
  row: OutboxRow;
  destination: Destination;
  /** Pacing key of the destination, platform-prefixed (e.g. "slack:C123", "slack:dm:U1"). */
  destKey: string;
  /** Human name of the destination for logs and admin alerts. */
  label: string;
  /** What the row's round read (absent on rows closed before sending). */
  round?: DeliveryRound;
}

/**
 * Resolves the destinations of a claimed batch (one round: see round.ts), reading what its rows
 * need in a few set-based statements, whatever its size.
 */
export async function resolveBatch(
  deps: CoreDeps,
  rows: OutboxRow[],
  senders: ReadonlyMap<ChatPlatform, PlatformSender>,
): Promise<ResolvedRow[]> {
  const round = await DeliveryRound.read(deps, rows);
  const { teams, people } = round;
  return rows.map((row) => {
    const p = row.payload;
    const sender = senders.get(row.platform);
    const teamDest = (team: TeamRecord | undefined, what: string): ResolvedRow => {
      if (!team) return invalid(row, `${what} has no team to post to`);
      const key = sender?.rateKeyForTeam(team) ?? `team:${team.id}`;
      return {
        row,
        destination: { kind: "team", team },
        destKey: `${row.platform}:${key}`,
        label: team.name,
        round,
      };
    };
    switch (p.kind) {
      case "case_card":
      case "case_thread": {
        const links = round.cases.get(p.caseId);
        if (!links) return skip(row, `case #${p.caseId} no longer exists`);
        const teamId = links.teamId;
        return teamDest(teamId === null ? undefined : teams.get(teamId), `case #${p.caseId}`);
      }
      case "dm": {
        const person = people.get(p.personId);
        if (!person) return skip(row, `person ${p.personId} no longer exists`);
        if (!person.active) return skip(row, `${person.name} is no longer active`);
        const id = row.platform === "slack" ? person.slackUserId : person.teamsAadObjectId;
        return {
          row,
          destination: { kind: "person", person },
          destKey: `${row.platform}:dm:${id ?? `person-${person.id}`}`,
          label: person.name,
          round,
        };
      }
      default:
        return teamDest(teams.get(p.teamId), `team ${p.teamId}`);
    }
  });
}

function skip(row: OutboxRow, reason: string): ResolvedRow {
  return { row, destination: { kind: "skip", reason }, destKey: `${row.platform}:skip`, label: reason };
}

function invalid(row: OutboxRow, reason: string): ResolvedRow {
  return { row, destination: { kind: "invalid", reason }, destKey: `${row.platform}:invalid`, label: reason };
}

/** What a send returns: the value to record as the row's result, and for cards where the card lives. */
export interface SentRow {
  result: unknown;
  cardRef?: { caseId: number; changed: boolean };
}

/**
 * Sends one row. Resolves with the value to record as the row's result; throws DeliveryError.
 * For cards, the chat message ref is saved together with marking the row sent (see `complete`).
 */
export async function sendRow(
  deps: CoreDeps,
  sender: PlatformSender,
  r: ResolvedRow,
  /** Wraps the platform call alone (a timeout), so slow database reads never eat its budget. */
  guard: <T>(call: Promise<T>) => Promise<T> = (call) => call,
  /** Told what the platform's lookup of an earlier attempt showed (see DeliveryTag). */
  hooks: Pick<DeliveryTag, "onLookupUnavailable" | "onNotFound"> = {},
): Promise<SentRow> {
  const { row, destination: d } = r;
  const delivery = deliveryTag(row, hooks);
  const p = row.payload;
  if (d.kind === "invalid") throw new DeliveryError("permanent", d.reason, { platformCode: "no_destination" });
  if (d.kind === "skip") throw new Error("skipped rows are closed before sending");
  const round = r.round ?? (await DeliveryRound.read(deps, [row]));
  switch (p.kind) {
    case "case_card": {
      const detail = await round.caseDetail(p.caseId);
      if (!detail?.team) throw new DeliveryError("permanent", `case #${p.caseId} has no team to post to`);
      // Read with the round: only this row may change it meanwhile (one row of a case and
      // platform is out at a time, the claim query's rule).
      const existing = round.cardMessage(p.caseId, row.platform);
      // Rendered now, not when enqueued: one pending row always shows the latest state.
      const view = buildCaseCardView(detail, deps.clock.now(), deps.config.rootCauses, deps.config.DEFAULT_LOCALE);
      const ref = await guard(
        sender.upsertCaseCard({ view, team: detail.team, delivery, ...(existing ? { existing } : {}) }),
      );
      const changed = !existing || existing.messageId !== ref.messageId || existing.channelId !== ref.channelId;
      return { result: ref, cardRef: { caseId: p.caseId, changed } };
    }
    case "case_thread": {
      const ref = round.cardMessage(p.caseId, row.platform);
      if (!ref) {
        throw new DeliveryError("permanent", `the card of case #${p.caseId} was never posted on ${row.platform}`, {
          platformCode: "card_not_posted",
        });
      }
      await guard(sender.postThreadReply({ ref, message: p.message, delivery }));
      return { result: { thread: ref.messageId } };
    }
    case "dm":
      if (d.kind !== "person") throw new DeliveryError("permanent", "a direct message needs a person");
      await guard(sender.sendDirect({ person: d.person, message: p.message, delivery }));
      return { result: { person: d.person.id } };
    case "channel_message":
      if (d.kind !== "team") throw new DeliveryError("permanent", "a channel message needs a team");
      await guard(sender.postToTeam({ team: d.team, message: p.message, delivery }));
      return { result: { team: d.team.id } };
  }
}

/**
 * The row's delivery id (its id and creation time: unique across databases posting to one
 * workspace) and, when its previous attempt's outcome is unknown, where to start looking for it.
 */
export function deliveryTag(
  row: Pick<OutboxRow, "id" | "createdAt" | "lastError">,
  hooks: Pick<DeliveryTag, "onLookupUnavailable" | "onNotFound"> = {},
): DeliveryTag {
  return {
    id: `${row.id}-${row.createdAt.getTime().toString(36)}`,
    ...(needsDeliveryLookup(row) ? { lookupSince: lookupSince(row) } : {}),
    ...hooks,
  };
}

/**
 * Saves where a newly posted card lives, before its row is marked sent: should marking fail (or
 * the instance stop) and the row be sent again, the retry then updates this card in place
 * instead of posting a second one.
 */
export async function saveCardRef(
  deps: CoreDeps,
  sent: { result: unknown; cardRef: { caseId: number } },
): Promise<void> {
  const ref = sent.result as Parameters<CaseRepository["saveChatMessage"]>[1];
  await new CaseRepository(deps.db.client).saveChatMessage(sent.cardRef.caseId, ref);
}
