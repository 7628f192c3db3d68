// Printing: short per-case lines while the bench runs, and the summary table at the end.
// MB = 10^6 bytes throughout (throughput and RSS alike).

export const MB = 1e6;

export const fmt = {
  s: (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 3 : 2)} s` : '–'),
  mbps: (x) => (Number.isFinite(x) ? `${x.toFixed(x < 100 ? 1 : 0)} MB/s` : '–'),
  ratio: (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–'),
  mb: (bytes) => (bytes == null || !Number.isFinite(bytes) ? '–' : `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`),
};

export function log(line = '') {
  process.stdout.write(`${line}\n`);
}

export function heading(title, detail) {
  log();
  log(`== ${title}${detail ? ` — ${detail}` : ''}`);
}

/** One measured command: "  label  1.234 s  56.7 MB/s  2.10× floor  RSS 120 MB". */
export function line(row) {
  const parts = [
    `  ${row.label.padEnd(36)}`,
    fmt.s(row.median).padStart(9),
    row.mbps != null ? fmt.mbps(row.mbps).padStart(12) : ''.padStart(12),
    row.ratio != null ? `${fmt.ratio(row.ratio)} floor`.padStart(14) : ''.padStart(14),
    row.rss != null ? `  RSS ${fmt.mb(row.rss)}` : '',
  ];
  log(parts.join('').trimEnd());
  if (row.notes?.length) for (const n of row.notes) log(`      ! ${n}`);
}

export function error(text) {
  for (const l of String(text).split('\n')) log(`  ERROR ${l}`);
}

/** rows: [{ case, label, median, mbps, ratio, rss, target, notes[] , error }] */
export function summaryTable(rows) {
  const header = ['case', 'median', 'MB/s', '×floor', 'peak RSS', 'target', 'note'];
  const cells = rows.map((r) =>
    r.error
      ? [r.case, 'error', '', '', '', r.target ?? '', 'command failed (see above)']
      : [
          r.case,
          fmt.s(r.median),
          r.mbps != null ? fmt.mbps(r.mbps).replace(' MB/s', '') : '',
          r.ratio != null ? fmt.ratio(r.ratio) : '',
          r.rss != null ? fmt.mb(r.rss) : '',
          r.target ?? '',
          (r.notes ?? []).join('; '),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const right = new Set([1, 2, 3, 4]);
  const render = (c) =>
    c
      .map((x, i) => (right.has(i) ? String(x).padStart(widths[i]) : String(x).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  log();
  log('== Summary (MB = 10^6 bytes; medians; targets are goals, not failures)');
  log(render(header));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) log(render(c));
}
