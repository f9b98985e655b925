// The JSON batch intake shared by the ingest endpoints (/api/responses, /api/customers/events):
// the body parser sized for the batch limit, then one item or an array of them, with 415 for a
// body that is not JSON, 422 for an empty batch and 413 for one over INGEST_MAX_BATCH.
import express, { type Request, type RequestHandler, type Response } from "express";

const JSON_TYPES = ["application/json", "application/*+json"];

/** The body parser for a batch of at most `maxBatch` items of about `bytesPerItem` each. */
export function jsonBatchParser(maxBatch: number, bytesPerItem: number): RequestHandler {
  return express.json({ limit: maxBatch * bytesPerItem, strict: true, type: JSON_TYPES });
}

/**
 * The items of the request's batch, or null once the refusal has been sent. `noun` names an item
 * ("response", "event"); `limitText` is how the 415 answer states the batch limit.
 */
export function readJsonBatch(
  req: Request,
  res: Response,
  opts: { maxBatch: number; noun: string; limitText: string },
): unknown[] | null {
  if (!req.is(JSON_TYPES)) {
    res.status(415).json({
      error: "UNSUPPORTED_MEDIA_TYPE",
      message: `Send the ${opts.noun} (or an array of up to ${opts.limitText}) as JSON with Content-Type: application/json`,
    });
    return null;
  }
  const body: unknown = req.body;
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) {
    res.status(422).json({ error: "VALIDATION_FAILED", message: `The batch is empty: send at least one ${opts.noun}` });
    return null;
  }
  if (list.length > opts.maxBatch) {
    res.status(413).json({
      error: "BATCH_TOO_LARGE",
      message: `The batch has ${list.length} ${opts.noun}s; send at most ${opts.maxBatch} per request (INGEST_MAX_BATCH)`,
    });
    return null;
  }
  return list;
}
