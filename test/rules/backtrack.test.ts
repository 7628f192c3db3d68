// The backtracking bound that lets a user rule run without the watchdog: small for the
// shapes token and `keyword = value` rules have, unbounded for everything that can backtrack
// without limit, and unbounded (never small) for what the parser does not understand.
import { stepsPerChar } from '../../src/rules/backtrack.js';
import { FAST_STEPS } from '../../src/engine/bounds.js';

describe('stepsPerChar', () => {
  it.each([
    // lookbehind 2 + the 4-char literal, then the rest only where the literal occurs (every 4th char at most)
    ['a token: literal prefix, fixed-length body', '(?<![A-Za-z0-9_])(?<secret>ab1_[A-Za-z0-9]{30})(?![A-Za-z0-9])', '', 17],
    // [ \t]{0,4} cannot start what follows it ([:=], the quotes, the value): adds, not multiplies
    ['keyword = value with optional quotes and spaces', 'password["\']?[ \\t]{0,4}[:=][ \\t]{0,4}["\']?(?<secret>[A-Za-z0-9_+/=.-]{16,64})(?![A-Za-z0-9_+/=.-])', 'i', 41],
    ['a literal that overlaps itself (period 1) gets no amortisation', 'aaa[0-9]{0,4}x', '', 16],
  ])('%s: small and exact', (_what, pattern, flags, expected) => {
    expect(stepsPerChar(pattern, flags)).toBe(expected);
    expect(expected).toBeLessThanOrEqual(FAST_STEPS);
  });

  it.each([
    ['an unbounded repeat', 'key=(?<secret>[a-z]+)'],
    ['a star', 'key=.*'],
    ['an open range', 'key=[a-z]{8,}'],
    ['a backreference', '(?<q>["\'])[a-z]{8}\\k<q>'],
    ['a numbered backreference', '(["\'])[a-z]{8}\\1'],
    ['a bounded repeat of overlapping alternatives (exponential)', '(?<secret>(?:a|aa){1,40}b)'],
    ['a property escape (not modelled)', 'key=\\p{L}{8}'],
    ['an astral character (not modelled)', 'key=\u{1F511}{2}'],
  ])('%s: unbounded', (_what, pattern) => {
    expect(stepsPerChar(pattern, 'u')).toBe(Infinity);
  });

  it.each([
    ['stacked repeats over the same class', 'key[a-z]{0,50}[a-z]{0,50}x'],
    ['stacked lazy prefixes', '(?:api|key)[\\w.-]{0,50}?[\\s"\']{0,5}?[=:]{1,3}?[\\w.-]{0,50}?(?<secret>[a-z0-9]{32})'],
    ['a small group repeated', '(?:a|b){0,8}c'],
  ])('%s: over the fast-path limit', (_what, pattern) => {
    expect(stepsPerChar(pattern)).toBeGreaterThan(FAST_STEPS);
  });

  it('sees a class escape inside brackets for what it is: [\\b] is a backspace, and may start [\\x08]', () => {
    // Were [\b] read as the letter b, it would look disjoint from \x08 and the repeat would add.
    expect(stepsPerChar('k[\\b]{0,5}[\\x08]')).toBe(stepsPerChar('k[\\x08]{0,5}[\\x08]'));
    expect(stepsPerChar('k[\\b]{0,5}[\\x08]')).toBeGreaterThan(stepsPerChar('k[\\b]{0,5}b'));
  });

  it('with i and u, k and s overlap non-ASCII letters (K and U+212A, S and U+017F): not disjoint from a non-ASCII class', () => {
    // [^a-z] holds U+212A, which k matches under iu: the repeat multiplies.
    expect(stepsPerChar('x[k]{0,9}[^a-z]', 'iu')).toBeGreaterThan(stepsPerChar('x[k]{0,9}[^a-z]', 'i'));
  });

  it('gives up (unbounded) on a pattern too complex to analyse, instead of taking long', () => {
    const pattern = Array.from({ length: 40 }, (_, i) => `(?:x${i}|y${i})?`).join('') + 'z';
    expect(stepsPerChar(pattern)).toBe(Infinity);
  });
});
