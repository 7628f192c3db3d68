// The windows of one long stream (decode/window.ts), matched where a core is free: each is
// offered to a helper (a worker with nothing to match, see pool.ts matchWindow), else
// matched here, so a single 144 MB line keeps every core busy instead of one. Hits are
// placed in stream order whatever order the windows finish in: a decoded view's hit is
// dropped when the window before reported it (runtime/place-window.ts), which needs that order.
import type { Hit, Provenance, TextWindow, WarningKind } from '../types.js';
import type { Matcher } from '../engine/compile.js';
import { windowViews } from '../decode/window.js';
import { bytesOf } from '../decode/base64.js';
import { placeViewHits } from '../decode/view-map.js';

/** What one view of a window gave: hits in window coordinates, and what stopped it short. */
export interface ViewHits {
  encoding?: string;
  hits: Hit[];
  warnings: Array<{ kind: WarningKind; message: string }>;
  /** A decoder's bound left part of the view undecoded (counted as decodeCapped). */
  capped?: boolean;
}

/** Matches a window's text on another thread; undefined when no helper is free now. */
export interface WindowHelper {
  match(text: string): Promise<ViewHits[]> | undefined;
  /**
   * Whether a window no helper took waits for one of this stream's windows out to come back
   * instead of being matched here: when user rules are loaded (they stay off this thread),
   * and when the helpers out already fill every core, where matching here too only slows
   * them and leaves them idle while this thread matches (2 cores, 2 helpers: ~7 % faster on
   * one 144 MB line).
   */
  waitWhenBusy(): boolean;
}

export interface WindowMatchOptions {
  inlineAllow: boolean;
  extraCanaries: ReadonlyMap<string, string>;
}

/**
 * Every view of a window matched: the same work wherever it runs (a worker, this thread).
 * `engine` is compiled with decode's marks (DECODE_MARKS), as a runner's is: the one keyword
 * pass, over a latin1 copy whose offsets are the text's, also tells which escapes to look for
 * and gives the base64 search its bytes (a window read three times over was ~40 % slower).
 */
export function matchWindow(engine: Matcher, text: string, opts: WindowMatchOptions): ViewHits[] {
  const bytes = bytesOf(text);
  const present = engine.keywordsInBytes(bytes);
  const out: ViewHits[] = [];
  for (const tc of windowViews(text, [], () => present.size > 0, { bytes, marks: present.marks })) {
    const warnings: ViewHits['warnings'] = [];
    if (tc.limit) warnings.push({ kind: 'decode', message: tc.limit });
    let hits = engine.scan(tc.text, {
      // The raw view's keywords are the pass's; a decoded view finds its own.
      keywords: tc.encoding === undefined ? present : undefined,
      onLimit: (l) => void warnings.push({ kind: l.kind, message: l.message }),
      inlineAllow: opts.inlineAllow,
      extraCanaries: opts.extraCanaries,
    });
    hits = placeViewHits(hits, tc.text, tc.origin);
    if (hits.length || warnings.length) out.push({ ...(tc.encoding !== undefined ? { encoding: tc.encoding } : {}), hits, warnings, ...(tc.limit ? { capped: true } : {}) });
  }
  return out;
}

interface Queued {
  window: TextWindow;
  at: Provenance[];
  views?: ViewHits[];
  /** Set while a helper has the window. */
  done?: Promise<void>;
}

/** Places one window's view hits in the content's result (the runner knows how). */
export type PlaceWindow = (views: ViewHits[], window: TextWindow, at: Provenance[]) => void;

/** The windows of the streams inside one content, matched here or by a helper, placed in order. */
export class StreamWindows {
  private readonly queue: Queued[] = [];

  constructor(
    private readonly local: (text: string) => ViewHits[],
    private readonly helper: WindowHelper | undefined,
    private readonly place: PlaceWindow,
  ) {}

  /** decode/window.ts takeWindow: a busy helper means matching here, or waiting (waitWhenBusy). */
  readonly take = async (text: string, window: TextWindow, at: Provenance[]): Promise<void> => {
    const q: Queued = { window, at };
    let remote = this.helper?.match(text);
    while (!remote && this.helper?.waitWhenBusy()) {
      const out = this.queue.filter((x) => x.done && !x.views);
      if (!out.length) break;
      await Promise.race(out.map((x) => x.done));
      remote = this.helper.match(text);
    }
    this.queue.push(q);
    if (!remote) q.views = this.local(text);
    else {
      // A helper that fails (a worker that died) loses nothing: the window is matched here.
      q.done = remote.then(
        (views) => void (q.views = views),
        () => void (q.views = this.local(text)),
      );
    }
    this.placeReady();
  };

  /** Wait for the helpers' windows and place the rest. */
  async finish(): Promise<void> {
    for (const q of this.queue) if (q.done) await q.done;
    this.placeReady();
  }

  private placeReady(): void {
    let n = 0;
    for (const q of this.queue) {
      if (!q.views) break;
      this.place(q.views, q.window, q.at);
      n++;
    }
    if (n) this.queue.splice(0, n);
  }
}
