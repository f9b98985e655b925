// Files upload v2, spelled out: files.getUploadURLExternal for each file (with its alt text), the
// bytes POSTed to the URL Slack hands back, then one files.completeUploadExternal that shares them
// in a channel with a comment. Written here rather than through WebClient.files.uploadV2 because
// that helper sends the alt text as `alt_text`, while the method's documented argument is `alt_txt`.
import type { SlackWebClient as WebClient } from "./client.js";

export interface UploadFile {
  bytes: Buffer;
  filename: string;
  title: string;
  /** Read by screen readers in place of the image. */
  alt: string;
}

/** How long the POST of one file's bytes may take. */
const UPLOAD_TIMEOUT_MS = 15_000;

export async function uploadFiles(
  client: WebClient,
  channelId: string,
  files: UploadFile[],
  initialComment: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const f of files) {
    const target = await client.files.getUploadURLExternal({
      filename: f.filename,
      length: f.bytes.length,
      alt_txt: f.alt,
    } as Parameters<WebClient["files"]["getUploadURLExternal"]>[0]);
    if (!target.upload_url || !target.file_id) throw new Error("files.getUploadURLExternal returned no upload URL");
    const res = await fetch(target.upload_url, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: f.bytes,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`uploading ${f.filename} failed: HTTP ${res.status}`);
    ids.push(target.file_id);
  }
  await client.files.completeUploadExternal({
    files: ids.map((id, i) => ({ id, title: files[i]!.title })) as [{ id: string; title?: string }],
    channel_id: channelId,
    initial_comment: initialComment,
  });
  return ids;
}
