// Processes as /proc shows them (Linux): to find a CLI's children while it runs and prove none
// outlives it.
import { readdirSync, readFileSync } from 'node:fs';

export interface Proc {
  pid: number;
  ppid: number;
  /** 'Z' for a zombie (exited, not yet reaped: it runs nothing). */
  state: string;
  args: string[];
}

function read(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, ppid: Number(rest[1]), state: rest[0]!, args };
  } catch {
    return null; // gone meanwhile
  }
}

export function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = read(Number(name));
    if (p) out.push(p);
  }
  return out;
}

/** Every live (non-zombie) descendant of `pid`. */
export function descendants(pid: number): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!parents.has(p.pid) && parents.has(p.ppid)) {
        parents.add(p.pid);
        if (p.state !== 'Z') found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** Live processes whose arguments mention `text` (e.g. a temp repository's path). */
export function mentioning(text: string): Proc[] {
  return processes().filter((p) => p.state !== 'Z' && p.pid !== process.pid && p.args.some((a) => a.includes(text)));
}
