/** Requests filed from this device, so a resident can follow them without retyping. */
export interface RecentReport {
  number: string;
  title: string;
  at: string;
  phone?: string;
  code?: string;
}

const KEY = 'lx.recent';

export function recentReports(): RecentReport[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) || '[]') as RecentReport[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export function rememberReport(r: RecentReport): void {
  const list = [r, ...recentReports().filter((x) => x.number !== r.number)].slice(0, 10);
  localStorage.setItem(KEY, JSON.stringify(list));
}
