/** An instant as China time to the minute, for documents: "2026-03-10 14:05"; `empty` for none. */
export const chinaMinute = (iso: string | null, empty = ''): string =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : empty;
