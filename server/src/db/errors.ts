/** What a database error means, the same on SQLite and PostgreSQL. */

/** A unique or primary-key constraint refused the write (PostgreSQL 23505, SQLite's UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: string }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint|duplicate key/.test(e.message)
  );
}
