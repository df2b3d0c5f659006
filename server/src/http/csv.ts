/**
 * CSV for Excel users: UTF-8 with a BOM (so Chinese opens intact), CRLF lines, quoted fields,
 * and text that Excel would run as a formula (=, +, -, @ at the start) prefixed with an
 * apostrophe — request texts come from the public.
 */
export function toCsv(rows: readonly (readonly unknown[])[]): Buffer {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`, 'utf8');
}
