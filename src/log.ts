// Structured logging (pino): one JSON line per event.
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    level,
    base: { service: "nps-loop" },
    redact: {
      paths: ["*.token", "*.password", "*.secret", "*.authorization", "req.headers.authorization"],
      censor: "[redacted]",
    },
  });
}

export const silentLogger: Logger = pino({ level: "silent" });
