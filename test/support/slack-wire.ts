// How the fake Slack reads a request: the Web API client's form fields (nested objects JSON-encoded)
// or a JSON body.
export function safeJson(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? v : { raw };
  } catch {
    return { raw };
  }
}

/** The Web API client sends form fields with nested objects JSON-encoded; decode them back. */
export function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return safeJson(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    let value: unknown = v;
    if (k !== "text" && /^[[{]/.test(v)) {
      try {
        value = JSON.parse(v);
      } catch {
        value = v;
      }
    }
    out[k] = value;
  }
  return out;
}
