// Key characters (base64 of both alphabets, base32, hex, key ids: A-Z a-z 0-9 + / _ -) and the
// bounded runs of them around an offset: the trigger of the escape views and of the joined-
// literals view both ask whether decoding or joining makes such a run long enough for a key.

/** A run this long can be a key (the shortest formats the rules know are around 16+). */
export const KEY_RUN = 16;

export function isKeyChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2b || c === 0x2f || c === 0x5f || c === 0x2d;
}

/** Key characters right before `at`, not before `floor`, at most KEY_RUN. */
export function keyCharsBefore(text: string, at: number, floor = 0): number {
  let n = 0;
  while (n < KEY_RUN && at - 1 - n >= floor && isKeyChar(text.charCodeAt(at - 1 - n))) n++;
  return n;
}

/** Key characters from `at` on, at most KEY_RUN. */
export function keyCharsAfter(text: string, at: number): number {
  let n = 0;
  while (n < KEY_RUN && at + n < text.length && isKeyChar(text.charCodeAt(at + n))) n++;
  return n;
}
