import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('starts with a BOM, quotes what needs quoting and ends lines with CRLF', () => {
    const text = toCsv([
      ['编号', '内容'],
      ['LX1', '他说："垃圾，没人管"\n第二行'],
    ]).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe('编号,内容\r\nLX1,"他说：""垃圾，没人管""\n第二行"\r\n');
  });

  it('defuses text that Excel would run as a formula, but leaves numbers alone', () => {
    const text = toCsv([['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', -3, 4.5]]).toString('utf8');
    expect(text.slice(1)).toBe(`"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),-3,4.5\r\n`);
  });
});
