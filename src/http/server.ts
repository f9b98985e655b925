// The one HTTP server: health, readiness and metrics here; ingestion, Slack and Teams mount their
// routes on it (see src/app.ts).
import http from "node:http";
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Response } from "express";
import { AppError, asAppError, type ErrorCode, retryAfterOf } from "../core/errors.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";

export interface HttpServerDeps {
  log: Logger;
  metrics: Metrics;
  ready(): Promise<boolean>;
}

export function createHttpApp(deps: HttpServerDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);
  app.use(requestTiming(deps));
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const ok = await deps.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unreachable" });
  });
  app.get("/metrics", async (_req, res) => {
    try {
      res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    } catch (e) {
      deps.log.error({ err: e }, "metrics collection failed");
      res.status(503).type("text/plain").send("metrics unavailable: database unreachable\n");
    }
  });
  return app;
}

/** Error and 404 handlers; mount after every route. */
export function finishHttpApp(app: Express, log: Logger, translate?: (e: unknown) => AppError | null): void {
  app.use((req, res) => {
    sendError(res, new AppError("NOT_FOUND", `No route for ${req.method} ${req.path}`));
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const e = httpErrorOf(err, translate);
    // The original (stack, driver text) goes to the log only; the answer carries the code's message.
    if (e.httpStatus >= 500) log.error({ err, code: e.code, method: req.method, path: req.path }, "request failed");
    if (!res.headersSent) sendError(res, e);
  };
  app.use(onError);
}

/** Answers `{ error: code, message }` with the code's HTTP status, and Retry-After when retrying helps. */
export function sendError(res: Response, e: AppError): void {
  const retryAfter = retryAfterOf(e.code);
  if (retryAfter !== undefined) res.set("Retry-After", String(retryAfter));
  res.status(e.httpStatus).json(e.toJSON());
}

/** Codes for the client errors Express and body-parser raise (http-errors with a status). */
const CLIENT_STATUS_CODES: Record<number, ErrorCode> = {
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
};

/** Any error a route or middleware passed on, as the coded error to answer with. */
export function httpErrorOf(err: unknown, translate?: (e: unknown) => AppError | null): AppError {
  if (err instanceof AppError) return err;
  const x = (err ?? {}) as { status?: unknown; type?: unknown; limit?: unknown; message?: unknown; expose?: unknown };
  if (x.type === "entity.too.large") {
    return new AppError("PAYLOAD_TOO_LARGE", `Body is larger than the limit (${x.limit} bytes); send smaller batches`);
  }
  if (x.type === "entity.parse.failed") {
    return new AppError("MALFORMED_BODY", `Body is not valid JSON: ${String(x.message)}`);
  }
  const status = typeof x.status === "number" ? x.status : 500;
  if (status >= 400 && status < 500) {
    // http-errors marks client errors whose message is meant for the client with expose.
    const message = x.expose !== false && typeof x.message === "string" ? x.message : "Bad request";
    return new AppError(CLIENT_STATUS_CODES[status] ?? "BAD_REQUEST", message);
  }
  return asAppError(err, translate);
}

function requestTiming(deps: HttpServerDeps): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = (req.route?.path as string | undefined) ?? (res.statusCode === 404 ? "unmatched" : req.path);
      deps.metrics.httpDuration.observe({ route, method: req.method, status: String(res.statusCode) }, seconds);
      deps.log.debug(
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) },
        "http",
      );
    });
    next();
  };
}

export async function listen(app: Express, port: number, host: string): Promise<http.Server> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
