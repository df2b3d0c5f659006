/**
 * "Another connection holds the lock": SQLite's busy/locked codes and PostgreSQL's serialization,
 * deadlock and lock-not-available. The one list the error handler (409 "try again") and the
 * services that retry briefly (a claim, an entry) share.
 */
const BUSY_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_LOCKED',
  '40001', // PostgreSQL serialization_failure
  '40P01', // PostgreSQL deadlock_detected
  '55P03', // PostgreSQL lock_not_available
]);

export const isBusy = (e: unknown): boolean => BUSY_CODES.has((e as { code?: string } | null)?.code ?? '');

/** Runs `fn` again (briefly, with jitter) while the database answers busy; other errors pass. */
export async function busyRetry<T>(fn: () => Promise<T>, tries = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries || !isBusy(e)) throw e;
      await new Promise((r) => setTimeout(r, 15 * i + Math.random() * 20));
    }
  }
}
