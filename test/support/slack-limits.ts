// The limits Slack enforces on Block Kit payloads (as documented for chat.postMessage, views.* and
// their blocks), checked by the fake Slack Web API and by the builders' own tests.
const len = (s: unknown) => (typeof s === "string" ? Array.from(s).length : 0);

/** The limits Slack enforces on messages that our builders must respect. */
export function checkBlocks(blocks: unknown, maxBlocks: number): string | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks)) return "blocks is not an array";
  if (blocks.length > maxBlocks) return `${blocks.length} blocks, more than ${maxBlocks}`;
  for (const [i, b] of blocks.entries()) {
    // biome-ignore lint/suspicious/noExplicitAny: Slack payloads are checked structurally, like Slack does
    const block = b as Record<string, any>;
    const where = `block ${i} (${block.type})`;
    if (block.block_id !== undefined && len(block.block_id) > 255) return `${where}: block_id over 255`;
    if (block.text) {
      if (!block.text.text) return `${where}: empty text`;
      const max = block.type === "header" ? 150 : 3000;
      if (len(block.text.text) > max) return `${where}: text ${len(block.text.text)} > ${max}`;
      if (block.type === "header" && block.text.type !== "plain_text") return `${where}: header must be plain_text`;
    }
    if (block.fields) {
      if (block.fields.length > 10) return `${where}: ${block.fields.length} fields > 10`;
      for (const f of block.fields) if (len(f.text) > 2000) return `${where}: field ${len(f.text)} > 2000`;
    }
    if (block.type === "context") {
      if (!block.elements?.length || block.elements.length > 10) return `${where}: 1-10 elements`;
      for (const e of block.elements) if (e.text !== undefined && len(e.text) > 3000) return `${where}: context text`;
    }
    if (block.type === "actions") {
      if (!block.elements?.length || block.elements.length > 25) return `${where}: 1-25 elements`;
      const ids = new Set<string>();
      for (const e of block.elements) {
        if (e.type === "button") {
          if (!e.text?.text || len(e.text.text) > 75) return `${where}: button text length ${len(e.text?.text)}`;
          if (e.value !== undefined && len(e.value) > 2000) return `${where}: button value`;
        }
        if (e.action_id) {
          if (ids.has(e.action_id)) return `${where}: duplicate action_id ${e.action_id}`;
          ids.add(e.action_id);
        }
      }
    }
    if (block.type === "input") {
      if (!block.label?.text || len(block.label.text) > 2000) return `${where}: label`;
      const el = block.element ?? {};
      if (el.options && el.options.length > 100) return `${where}: more than 100 options`;
      for (const o of el.options ?? []) {
        if (len(o.text?.text) > 75 || len(o.value) > 150) return `${where}: option too long`;
      }
      if (el.max_length !== undefined && el.max_length > 3000) return `${where}: max_length > 3000`;
      if (el.placeholder && len(el.placeholder.text) > 150) return `${where}: placeholder > 150`;
    }
  }
  return null;
}

export function checkMessage(args: Record<string, unknown>): { error: string; detail: string } | null {
  if (len(args.text) > 40_000) return { error: "msg_too_long", detail: "text over 40,000 characters" };
  if (args.blocks === undefined && !args.text) return { error: "no_text", detail: "neither text nor blocks" };
  const p = checkBlocks(args.blocks, 50);
  return p ? { error: "invalid_blocks", detail: p } : null;
}

export function checkView(view: unknown): string | null {
  // biome-ignore lint/suspicious/noExplicitAny: Slack payloads are checked structurally, like Slack does
  const v = view as Record<string, any> | undefined;
  if (!v || typeof v !== "object") return "view missing";
  if (v.type === "modal") {
    if (!v.title?.text || len(v.title.text) > 24) return "modal title must be 1-24 characters";
    if (v.submit && len(v.submit.text) > 24) return "submit text over 24";
    if (v.close && len(v.close.text) > 24) return "close text over 24";
  }
  if (v.private_metadata !== undefined && len(v.private_metadata) > 3000) return "private_metadata over 3000";
  return checkBlocks(v.blocks, 100);
}
