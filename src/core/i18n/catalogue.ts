// The message catalogues, one plain JSON file per locale in ./locales (a translator edits those
// without reading code). Imported as modules, so core stays free of I/O and they load once.
// To add a locale: add its JSON file here and its tag to SUPPORTED_LOCALES (see README).
import en from "./locales/en.json" with { type: "json" };
import es from "./locales/es.json" with { type: "json" };
import zhHantHK from "./locales/zh-Hant-HK.json" with { type: "json" };
import type { Locale } from "./locales.js";
import { pseudoCatalogue } from "./pseudo.js";

/** Every key the source catalogue has; the other locales must have the same (test/core/i18n). */
export type MessageKey = keyof typeof en;
export type Catalogue = Record<string, string>;

export const CATALOGUES: Record<Locale, Catalogue> = {
  en,
  es,
  "zh-Hant-HK": zhHantHK,
  "en-XA": pseudoCatalogue(en),
};
