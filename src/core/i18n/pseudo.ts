// The pseudo-locale en-XA (the tag Android and Chrome use for it): every English message accented
// and about 40% longer, in brackets. Generated from the source catalogue, so it is always complete.
// Layout tests run every card, form and message through it: text that overflows a platform limit,
// or a message cut short (its closing bracket lost), shows up before a translator's longer words do.
// `/nps language en-XA` shows it in a real client too.

const ACCENTS: Record<string, string> = {
  a: "á",
  e: "é",
  i: "í",
  o: "ó",
  u: "ú",
  c: "ç",
  n: "ñ",
  y: "ý",
  A: "Á",
  E: "É",
  I: "Í",
  O: "Ó",
  U: "Ú",
  C: "Ç",
  N: "Ñ",
  Y: "Ý",
};

/** Accents the literal text of an ICU message and pads it by ~40%; placeholders stay intact. */
export function pseudoMessage(message: string): string {
  let out = "";
  let letters = 0;
  // "text" where words are ours (top level, a plural or select option's body); "arg" inside {…}.
  const stack: ("text" | "arg")[] = ["text"];
  for (const ch of message) {
    const top = stack[stack.length - 1];
    if (ch === "{") {
      stack.push(top === "text" ? "arg" : "text");
      out += ch;
    } else if (ch === "}") {
      if (stack.length > 1) stack.pop();
      out += ch;
    } else if (top === "text") {
      if (/\p{L}/u.test(ch)) letters++;
      out += ACCENTS[ch] ?? ch;
    } else {
      out += ch;
    }
  }
  if (letters === 0) return message;
  return `[${out} ${"~".repeat(Math.ceil(letters * 0.4))}]`;
}

export function pseudoCatalogue(source: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, pseudoMessage(v)]));
}
