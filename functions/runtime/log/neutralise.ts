/**
 * C0 and C1 control characters and the Unicode bidirectional controls (U+061C,
 * U+200E/F, U+202A–U+202E, U+2066–U+2069): text from a token or a request that
 * holds one could rewrite how a log line or a citizen's access view reads
 * ("Trojan Source"). Line breaks included: one record, one line.
 */
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with every control and bidi character replaced by U+FFFD, so the change stays visible. */
export function neutralise(text: string): string {
  return text.replace(UNSAFE, '\ufffd');
}
