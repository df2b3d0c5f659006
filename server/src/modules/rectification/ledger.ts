/** The rectification ledger (整改台账) as Excel: every order in the caller's scope with its state. */

import ExcelJS from 'exceljs';
import { chinaDate } from '../../clock.js';
import { chinaMinute } from '../../platform/documents/china-time.js';
import type { presentOrder } from './rectification.presenter.js';

const SOURCES: Record<string, string> = { inspection: '督查发现', similar: '举一反三', hazard: '隐患排查' };

export async function ledgerXlsx(rows: ReturnType<typeof presentOrder>[], now: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账');
  ws.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '来源', key: 'source', width: 10 },
    { header: '问题', key: 'title', width: 30 },
    { header: '点位', key: 'point', width: 24 },
    { header: '责任单位', key: 'unit', width: 20 },
    { header: '交办时间', key: 'created', width: 18 },
    { header: '整改时限', key: 'deadline', width: 18 },
    { header: '状态', key: 'status', width: 10 },
    { header: '是否超期', key: 'overdue', width: 10 },
    { header: '返工次数', key: 'rework', width: 10 },
    { header: '反复出现', key: 'recurring', width: 10 },
    { header: '督办时间', key: 'escalated', width: 18 },
    { header: '销号时间', key: 'closed', width: 18 },
    { header: '按期销号', key: 'onTime', width: 10 },
  ];
  for (const [i, r] of rows.entries())
    ws.addRow({
      n: i + 1,
      source: SOURCES[r.sourceType] ?? r.sourceType,
      title: r.title,
      point: r.pointName ?? '',
      unit: r.unitName,
      created: chinaMinute(r.createdAt),
      deadline: chinaMinute(r.deadlineAt),
      status: r.statusName.zh,
      overdue: r.overdue ? '是' : '否',
      rework: r.reworkCount,
      recurring: r.recurring ? '是' : '否',
      escalated: chinaMinute(r.escalatedAt),
      closed: chinaMinute(r.closedAt),
      onTime: r.closedOnTime === null ? '' : r.closedOnTime ? '是' : '否',
    });
  ws.getRow(1).font = { bold: true };
  ws.addRow([]);
  ws.addRow([`导出于 ${chinaDate(now)}`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
