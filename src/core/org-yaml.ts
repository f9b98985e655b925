// Reading a large org file without holding its whole syntax tree: the `yaml` library's document for
// a file of 20,000 people (3 MB) is ~200 MB of nodes and takes seconds to build, while the same
// text read a few entries at a time stays small and is collected as it goes. The file is cut at its
// top-level keys, and a section that is a block list (`people:` then `  - name: ...` lines) is cut
// further into runs of entries; each piece is parsed on its own, with its text unchanged, so it reads
// exactly as it does in the whole file. Anything outside that plain shape (several documents,
// directives, anchors used across pieces, flow style over several lines at the top, tabs, a syntax
// error anywhere) makes readOrgYaml give up, and the caller parses the whole document as before:
// same values, same messages, same line numbers. Pure.
import { type Document, parseDocument } from "yaml";

/** Entries parsed together: few enough that each piece's tree stays small. */
const ENTRIES_PER_PIECE = 25;

interface Piece {
  /** Character offsets of the piece's text in the file, and the line (1-based) it starts on. */
  start: number;
  end: number;
  line: number;
}

interface Section {
  key: string;
  /** The line of the key. */
  line: number;
  /** The whole section (`key: value`, however written) as one piece... */
  whole?: Piece;
  /** ...or its block list's entries, a run of them per piece (first: the index of its first entry). */
  runs?: (Piece & { first: number; count: number })[];
}

export interface ReadYaml {
  data: Record<string, unknown>;
  /** Line (1-based) of the node at a path, or of its nearest ancestor present in the file. */
  lineOf(path: (string | number)[]): number | undefined;
}

const TOP_KEY = /^([A-Za-z0-9_][A-Za-z0-9_-]*):(?:[ \r]|$)/;

/** The org YAML read piece by piece, or null when it is not in the plain shape (see above). */
export function readOrgYaml(text: string): ReadYaml | null {
  const sections = splitSections(text);
  if (!sections) return null;
  const data: Record<string, unknown> = {};
  for (const s of sections) {
    if (s.whole) {
      const doc = parsePiece(text, s.whole);
      const value = doc && onlyKeyValue(doc, s.key);
      if (!value) return null;
      data[s.key] = value.value;
      continue;
    }
    const list: unknown[] = [];
    for (const run of s.runs!) {
      const doc = parsePiece(text, run);
      const js = doc && toJS(doc);
      if (!js || !Array.isArray(js.value) || js.value.length !== run.count) return null;
      for (const x of js.value) list.push(x);
    }
    data[s.key] = list;
  }
  return { data, lineOf: lineFinder(text, sections) };
}

function parsePiece(text: string, p: Piece): Document | null {
  const doc = parseDocument(text.slice(p.start, p.end), { uniqueKeys: true, prettyErrors: false });
  return doc.errors.length ? null : doc;
}

/** The document as JS, or null when it cannot be (an alias whose anchor is in another piece). */
function toJS(doc: Document): { value: unknown } | null {
  try {
    return { value: doc.toJS() };
  } catch {
    return null;
  }
}

function onlyKeyValue(doc: Document, key: string): { value: unknown } | null {
  const js = toJS(doc);
  if (!js || typeof js.value !== "object" || js.value === null || Array.isArray(js.value)) return null;
  const keys = Object.keys(js.value);
  return keys.length === 1 && keys[0] === key ? { value: (js.value as Record<string, unknown>)[key] } : null;
}

interface Line {
  start: number;
  end: number;
  /** Leading spaces, and whether the line holds anything but spaces and a comment. */
  indent: number;
  content: boolean;
}

function* linesOf(text: string): Generator<Line> {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 32) indent++;
    const first = text[start + indent];
    const blank = start + indent >= end || first === "\r" || first === "#";
    yield { start, end, indent, content: !blank };
    start = end + 1;
  }
}

function splitSections(text: string): Section[] | null {
  if (text.charCodeAt(0) === 0xfeff) return null;
  const sections: Section[] = [];
  const seen = new Set<string>();
  let lineNo = 0;
  let startedDoc = false;
  /** The section being read, and for a block list: its entries' indent and the entry starts so far. */
  let current: { key: string; start: number; line: number; listIndent?: number; entries: Piece[] } | null = null;
  let pendingList = false;
  const close = (end: number) => {
    if (!current) return;
    const piece = { start: current.start, end, line: current.line };
    if (current.listIndent === undefined) sections.push({ key: current.key, line: current.line, whole: piece });
    else sections.push({ key: current.key, line: current.line, runs: runsOf(current.entries, end) });
    current = null;
  };
  for (const l of linesOf(text)) {
    lineNo++;
    if (!l.content) continue;
    const head = text.slice(l.start + l.indent, Math.min(l.end, l.start + l.indent + 2));
    if (head[0] === "\t") return null;
    if (current && pendingList) {
      // The first line of a section whose key line gave no value: a block list, or anything else.
      pendingList = false;
      if (/^-(?:[ \r]|$)/.test(head)) {
        current.listIndent = l.indent;
        current.entries.push({ start: l.start, end: l.end, line: lineNo });
        continue;
      }
      if (l.indent === 0) close(l.start);
      else continue;
    }
    if (current && current.listIndent !== undefined && l.indent <= current.listIndent) {
      const isEntry = l.indent === current.listIndent && /^-(?:[ \r]|$)/.test(text.slice(l.start + l.indent, l.end));
      if (isEntry) {
        current.entries.push({ start: l.start, end: l.end, line: lineNo });
        continue;
      }
      if (l.indent !== 0) return null;
    } else if (l.indent > 0) {
      if (!current) return null;
      continue;
    }
    // A line at the left margin: the next top-level key (or the one document start marker).
    const lineText = text.slice(l.start, l.end);
    if (!current && !startedDoc && sections.length === 0 && /^---[ \r]*(?:#.*)?$/.test(lineText)) {
      startedDoc = true;
      continue;
    }
    const m = TOP_KEY.exec(lineText);
    if (!m || seen.has(m[1]!) || m[1] === "__proto__") return null;
    close(l.start);
    seen.add(m[1]!);
    current = { key: m[1]!, start: l.start, line: lineNo, entries: [] };
    const rest = lineText.slice(m[0].length).trim();
    pendingList = rest === "" || rest.startsWith("#");
  }
  close(text.length);
  return sections;
}

/** Entries (each from its first line to the next entry) grouped in runs of ENTRIES_PER_PIECE. */
function runsOf(entries: Piece[], end: number): (Piece & { first: number; count: number })[] {
  const runs: (Piece & { first: number; count: number })[] = [];
  for (let i = 0; i < entries.length; i += ENTRIES_PER_PIECE) {
    const count = Math.min(ENTRIES_PER_PIECE, entries.length - i);
    const next = entries[i + count];
    runs.push({ start: entries[i]!.start, end: next ? next.start : end, line: entries[i]!.line, first: i, count });
  }
  return runs;
}

/**
 * Finds lines again on demand (for problems and warnings, usually few): the piece holding the path
 * is parsed again, a handful kept, and the node's offset counted in lines from the piece's start.
 */
function lineFinder(text: string, sections: Section[]): (path: (string | number)[]) => number | undefined {
  const byKey = new Map(sections.map((s) => [s.key, s]));
  const docs = new Map<number, Document>();
  const docOf = (p: Piece) => {
    let doc = docs.get(p.start);
    if (!doc) {
      if (docs.size >= 16) docs.clear();
      doc = parseDocument(text.slice(p.start, p.end), { uniqueKeys: true, prettyErrors: false });
      docs.set(p.start, doc);
    }
    return doc;
  };
  const lineAt = (p: Piece, doc: Document, path: unknown[]) => {
    const node = path.length ? doc.getIn(path, true) : doc.contents;
    const range = (node as { range?: [number, number] } | null | undefined)?.range;
    if (!range) return undefined;
    let line = p.line;
    for (let i = text.indexOf("\n", p.start); i >= 0 && i < p.start + range[0]; i = text.indexOf("\n", i + 1)) line++;
    return line;
  };
  const firstLine = sections[0]?.line;
  return (path) => {
    for (let p = [...path]; p.length > 0; p = p.slice(0, -1)) {
      const s = byKey.get(String(p[0]));
      if (!s) continue;
      if (s.whole) {
        const line = lineAt(s.whole, docOf(s.whole), p);
        if (line !== undefined) return line;
        continue;
      }
      const runs = s.runs!;
      if (p.length === 1) return runs[0]!.line;
      const index = p[1];
      // Runs hold ENTRIES_PER_PIECE entries each (the last one fewer).
      const run = typeof index === "number" ? runs[Math.floor(index / ENTRIES_PER_PIECE)] : undefined;
      if (!run || typeof index !== "number") continue;
      const line = lineAt(run, docOf(run), [index - run.first, ...p.slice(2)]);
      if (line !== undefined) return line;
    }
    return firstLine;
  };
}
