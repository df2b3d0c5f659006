/**
 * A round's 督查通报 (Word): the round, its score and the ranking of streets, communities and
 * points, then each finding with its place, the unit behind it, the rectification order's state
 * and the inspector's photos, and the rectification rates per unit. Built as a DocSpec; the
 * platform's documents render it.
 */

import { chinaDate } from '../../clock.js';
import { chinaMinute } from '../../platform/documents/china-time.js';
import type { DocumentsService } from '../../platform/documents/documents.service.js';
import type { Block, DocSpec } from '../../platform/documents/spec.js';
import type { Actor } from '../auth/actor.js';
import type { RectificationService } from '../rectification/rectification.service.js';
import { failureTitle } from './entries.service.js';
import type { RoundsService } from './rounds.service.js';
import type { ScoresService } from './scores.service.js';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export async function roundReport(
  deps: { now: Date; rounds: RoundsService; scores: ScoresService; rectification: RectificationService; documents: DocumentsService },
  actor: Actor,
  roundId: string,
): Promise<DocSpec> {
  const round = await deps.rounds.get(actor, roundId);
  const scores = await deps.scores.roundScores(roundId, false);
  const orders = await deps.rectification.ledgerRows(actor, roundId);
  const rates = await deps.rectification.rates(actor, { roundId });
  const items = new Map(round.checklists.flatMap((c) => c.items.map((i) => [i.id, i])));
  const fails = round.points.flatMap((p) => p.entries.filter((e) => e.result === 'fail').map((e) => ({ p, e })));
  const blocks: Block[] = [
    {
      kind: 'fields',
      rows: [
        [
          '督查方式',
          round.mode === 'unannounced' ? '四不两直（不发通知、不打招呼、不听汇报、不用陪同接待，直奔基层、直插现场）' : '计划督查',
        ],
        ['督查日期', round.plannedFor],
        ['督查点位', `${round.pointCount} 个`],
        ['发现问题', `${fails.length} 处`],
        ['总得分率', pct(scores.total.rate)],
      ],
    },
    { kind: 'heading', text: '一、得分与排名', level: 2 },
    {
      kind: 'table',
      header: ['名次', '街道', '得分', '满分', '得分率'],
      rows: scores.streets.map((s) => [String(s.rank), s.name, String(s.earned), String(s.possible), pct(s.rate)]),
    },
    {
      kind: 'table',
      header: ['名次', '社区', '得分', '满分', '得分率'],
      rows: scores.communities.map((s) => [String(s.rank), s.name, String(s.earned), String(s.possible), pct(s.rate)]),
    },
    {
      kind: 'table',
      header: ['名次', '点位', '得分', '满分', '得分率'],
      rows: scores.points.map((s) => [String(s.rank), s.name, String(s.earned), String(s.possible), pct(s.rate)]),
    },
    { kind: 'heading', text: '二、发现的问题', level: 2 },
  ];
  let n = 0;
  for (const { p, e } of fails) {
    n++;
    const item = items.get(e.itemId);
    const order = orders.find((o) => o.id === e.orderId);
    blocks.push(
      {
        kind: 'paragraph',
        text: `${n}. ${p.name}（${p.communityName}）：${item ? failureTitle(item) : e.itemCode}${e.note ? `（${e.note}）` : ''}`,
      },
      {
        kind: 'fields',
        rows: [
          ['检查项', `${item?.group ?? ''} · ${item?.title ?? ''}`],
          ['责任单位', order?.unitName ?? p.unitName],
          ['整改时限', order ? chinaMinute(order.deadlineAt) : '—'],
          [
            '整改状态',
            order
              ? `${order.statusName.zh}${order.overdue ? '（已超期）' : ''}${order.reworkCount ? `，返工 ${order.reworkCount} 次` : ''}${order.recurring ? '，反复出现' : ''}`
              : '—',
          ],
        ],
      },
      ...(await deps.documents.photos(actor, e.photos, 180)),
    );
  }
  if (!fails.length) blocks.push({ kind: 'paragraph', text: '本轮督查未发现问题。' });
  blocks.push(
    { kind: 'heading', text: '三、整改情况', level: 2 },
    {
      kind: 'table',
      header: ['责任单位', '交办', '未结', '超期', '返工', '结案率', '按期结案率', '返工率'],
      rows: rates.units.map((u) => [
        u.unitName,
        String(u.total),
        String(u.open),
        String(u.overdue),
        String(u.reworked),
        pct(u.closeRate),
        pct(u.onTimeRate),
        pct(u.reworkRate),
      ]),
    },
    { kind: 'paragraph', text: '请各责任单位对照问题清单逐一整改，举一反三，按时限反馈整改结果。' },
  );
  return { title: `督查通报：${round.title}`, subtitle: `${round.plannedFor} · 印发于 ${chinaDate(deps.now)}`, blocks };
}
