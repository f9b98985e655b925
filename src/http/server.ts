// The one HTTP server: health, readiness and metrics here; ingestion, Slack and Teams mount their
// routes on it (see src/app.ts).
import http from "node:http";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
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
export function finishHttpApp(app: Express, log: Logger): void {
  app.use((req, res) => {
    res.status(404).json({ error: "NOT_FOUND", message: `No route for ${req.method} ${req.path}` });
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === "number" ? err.status : 500;
    if (status >= 500) log.error({ err }, "request failed");
    const code =
      err?.type === "entity.too.large"
        ? "PAYLOAD_TOO_LARGE"
        : err?.type === "entity.parse.failed"
          ? "MALFORMED_BODY"
          : status >= 500
            ? "INTERNAL"
            : "BAD_REQUEST";
    const message =
      code === "PAYLOAD_TOO_LARGE"
        ? `Body is larger than the limit (${err.limit} bytes); send smaller batches`
        : code === "MALFORMED_BODY"
          ? `Body is not valid JSON: ${err.message}`
          : status >= 500
            ? "Internal error; it has been logged"
            : String(err?.message ?? "Bad request");
    if (!res.headersSent) res.status(status).json({ error: code, message });
  };
  app.use(onError);
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
