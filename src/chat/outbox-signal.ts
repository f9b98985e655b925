// The in-process "new outbox rows" signal: services call deps.outboxKick() after committing rows;
// whoever sends them (the deliverer) subscribes. Created once by the composition root (src/app.ts),
// so neither side replaces the other's function.

export interface OutboxSignal {
  /** New rows were committed. Never throws: a listener's error is the listener's to log. */
  kick(): void;
  /** Calls `listener` on every kick; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createOutboxSignal(): OutboxSignal {
  const listeners = new Set<() => void>();
  return {
    kick() {
      for (const l of listeners) {
        try {
          l();
        } catch {
          // A wake-up is best effort: the deliverer's poll picks the rows up anyway.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
