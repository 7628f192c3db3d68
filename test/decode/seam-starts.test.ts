// The seam-start cursor remembers one search per needle between calls; asked in any order it
// answers as a fresh cursor (one that never remembered anything) does.
import { expect, test } from '@jest/globals';
import { SeamStarts } from '../../src/decode/seam-starts.js';

const first = (text: string, from: number) => new SeamStarts(text).first(from);

test('a quote after a key character before a gap, prefix or quote starts a seam; others do not', () => {
  const text = 'x = "ab" + "cd"; y = ("ab" , 1); z = "ab"\n  f"cd"; w = $A$B; v = "a" .x';
  const want = [text.indexOf('" + "'), text.indexOf('"\n'), text.indexOf('$A$B')];
  const got: number[] = [];
  const starts = new SeamStarts(text);
  for (let s = starts.first(0); s >= 0; s = starts.first(s + 1)) got.push(s);
  // `"ab" ,` ends in blanks then a comma; `"a" .x` in a dot; the `"cd";` quotes end in `;`
  expect(got).toEqual(want.sort((a, b) => a - b));
});

test('asked out of order, a kept cursor answers as a fresh one', () => {
  const parts = ['"', "'", '`', '$', '${', '}', ' ', '+', '\n', '//c\n', '#c\n', 'f', 'AK', 'x_', ',', ';', '$A'];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  let hits = 0;
  for (let n = 0; n < 500; n++) {
    const text = Array.from({ length: 30 }, () => parts[Math.floor(rnd() * parts.length)]).join('');
    const kept = new SeamStarts(text);
    for (let k = 0; k < 20; k++) {
      const from = Math.floor(rnd() * (text.length + 1));
      const want = first(text, from);
      if (want >= 0) hits++;
      expect([text, from, kept.first(from)]).toEqual([text, from, want]);
    }
  }
  expect(hits).toBeGreaterThan(1000);
});
