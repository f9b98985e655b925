// Files upload v2 in the fake Slack: files.getUploadURLExternal hands out an upload URL on the
// fake's own server, the bytes are POSTed to it, and files.completeUploadExternal shares only the
// files whose bytes arrived at the announced length (as Slack does).
import type http from "node:http";
import type { FakeSlackCall } from "./slack.js";

export interface FakeUpload {
  filename: string;
  length: number;
  altText: string | null;
  bytes: Buffer | null;
}

export function createFakeUploads(calls: FakeSlackCall[]) {
  const uploads = new Map<string, FakeUpload>();
  return {
    uploads: uploads as ReadonlyMap<string, FakeUpload>,
    /** True when the request was an upload (and has been answered). */
    receive(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): boolean {
      if (!(req.url ?? "").startsWith("/upload/")) return false;
      const id = decodeURIComponent((req.url ?? "").slice("/upload/".length));
      const upload = uploads.get(id);
      if (!upload || req.method !== "POST") {
        res.writeHead(404).end("no such upload");
        return true;
      }
      upload.bytes = body;
      calls.push({
        method: "file_upload",
        args: { id, bytes: body.length },
        token: null,
        at: Date.now(),
        hr: performance.now(),
      });
      res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${body.length}`);
      return true;
    },
    /** The answer to a files.* method, or null for any other method. */
    answer(method: string, args: Record<string, unknown>, base: string): Record<string, unknown> | null {
      if (method === "files.getUploadURLExternal") {
        const length = Number(args.length);
        if (!args.filename || !Number.isInteger(length) || length <= 0)
          return { ok: false, error: "invalid_arguments" };
        const id = `F${String(uploads.size + 1).padStart(8, "0")}`;
        const altText = (args.alt_txt as string | undefined) ?? null;
        uploads.set(id, { filename: String(args.filename), length, altText, bytes: null });
        return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
      }
      if (method === "files.completeUploadExternal") {
        const raw = typeof args.files === "string" ? JSON.parse(args.files) : args.files;
        const files = (raw ?? []) as { id: string; title?: string }[];
        for (const f of files) {
          const u = uploads.get(f.id);
          if (!u?.bytes || u.bytes.length !== u.length) return { ok: false, error: "file_not_found" };
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? "" })) };
      }
      return null;
    },
    reset: () => uploads.clear(),
  };
}
