// Prometheus metrics (prom-client). Counters are bumped where things happen; the status gauges are
// read from the database at scrape time so every instance reports the shared truth.
import client from "prom-client";

export interface StatusCounts {
  casesByStatus(): Promise<Record<string, number>>;
  deliveriesByStatus(): Promise<Record<string, number>>;
}

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "nps_loop_process_" });
  const responsesIngested = new client.Counter({
    name: "nps_loop_responses_ingested_total",
    help: "Survey responses stored, by source and outcome (accepted, duplicate, updated, rejected)",
    labelNames: ["source", "outcome"] as const,
    registers: [registry],
  });
  const jobRuns = new client.Counter({
    name: "nps_loop_job_runs_total",
    help: "Scheduled job runs, by job and status (ok, failed, skipped)",
    labelNames: ["job", "status"] as const,
    registers: [registry],
  });
  const deliveries = new client.Counter({
    name: "nps_loop_deliveries_total",
    help: "Outbox delivery attempts, by platform and result (sent, retry, rate_limited, dead)",
    labelNames: ["platform", "result"] as const,
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: "nps_loop_http_request_duration_seconds",
    help: "HTTP request latency, by route, method and status",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const chatAnswer = new client.Histogram({
    name: "nps_loop_chat_answer_seconds",
    help: "Time to answer an interactive chat request (command, button), by platform and kind",
    labelNames: ["platform", "kind"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [registry],
  });
  let source: StatusCounts | undefined;
  new client.Gauge({
    name: "nps_loop_cases",
    help: "Follow-up cases, by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      if (!source) return;
      this.reset();
      for (const [status, n] of Object.entries(await source.casesByStatus())) this.set({ status }, n);
    },
  });
  new client.Gauge({
    name: "nps_loop_outbox_deliveries",
    help: "Outbox rows, by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      if (!source) return;
      this.reset();
      for (const [status, n] of Object.entries(await source.deliveriesByStatus())) this.set({ status }, n);
    },
  });
  return {
    registry,
    responsesIngested,
    jobRuns,
    deliveries,
    httpDuration,
    chatAnswer,
    setStatusSource(s: StatusCounts) {
      source = s;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
