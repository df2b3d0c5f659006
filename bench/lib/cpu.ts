/**
 * CPU time used by processes (Linux /proc), so that intake can be reported as CPU per request as
 * well as requests per second: on a shared or busy machine the throughput depends on what else
 * runs, the CPU a request costs much less so.
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux this runs on

/** user + system CPU seconds of one process, or null when /proc cannot tell. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds of a process and all its children (a PostgreSQL postmaster and its backends). */
export function treeCpuSeconds(rootPid: number): number | null {
  const root = cpuSeconds(rootPid);
  if (root === null) return null;
  let total = root;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === rootPid) total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
