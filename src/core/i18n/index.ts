// Translation for every user-visible string: negotiation (locales.ts, whose.ts), catalogues
// (catalogue.ts), formatting (format.ts). Logs and error codes stay English and never go through here.
export { CATALOGUES, type MessageKey } from "./catalogue.js";
export { formatNumber, formatShortDate, type MessageValues, t, tMaybe } from "./format.js";
export {
  isLanguageTag,
  LANGUAGE_NAMES,
  type Locale,
  matchLocale,
  PSEUDO_LOCALE,
  resolveLocale,
  SOURCE_LOCALE,
  SUPPORTED_LOCALES,
} from "./locales.js";
export { formatDay, periodLabel } from "./period-label.js";
export { pseudoMessage } from "./pseudo.js";
export { channelLocale, readerLocale } from "./whose.js";
