/**
 * The printable 工单 card of one request: number, category, place, status, the timeline, the
 * request's photos and a QR code with a signed link to its page. The reporter's phone is masked
 * (the card is paper: it travels); who may print it is who may read the request (its policy).
 */
import { chinaMinute } from '../../platform/documents/china-time.js';

import { CONTENT_TYPES } from '../../platform/documents/documents.service.js';
import type { Block, DocSpec } from '../../platform/documents/spec.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { maskName } from './requests.presenter.js';

const PEOPLE = new Set(['resident', 'volunteer']);

type CardServices = Pick<Services, 'requests' | 'categories' | 'org' | 'documents' | 'clock'>;

/** The card as a file, for the route: rendered in the asked format. */
export async function requestCardFile(s: CardServices, actor: Actor, idOrNumber: string, format: 'pdf' | 'docx') {
  const { number, spec } = await requestCard(s, actor, idOrNumber);
  return { fileName: `${number}.${format}`, mime: CONTENT_TYPES[format], body: await s.documents.render(spec, format) };
}

export async function requestCard(s: CardServices, actor: Actor, idOrNumber: string): Promise<{ number: string; spec: DocSpec }> {
  const { request: r, timeline } = await s.requests.get(actor, idOrNumber);
  const category = await s.categories.get(r.categoryCode);
  const unitName = async (id: string | null) => (id ? ((await s.org.get(id))?.name ?? id) : null);
  const place = [await unitName(r.communityCode), await unitName(r.gridCode), r.address].filter(Boolean).join(' ');
  const handler = await unitName(r.handlerUnitId);
  const photos = timeline.flatMap((e) => e.photos);
  const blocks: Block[] = [
    {
      kind: 'fields',
      rows: [
        ['编号', r.number],
        ['类别', category?.name ?? r.categoryCode],
        ['状态', r.statusName.zh],
        ['地点', place || '—'],
        ['承办单位', handler ?? '—'],
        // paper travels: the name masked as for the public, the phone masked always
        ['反映人', r.anonymous ? '匿名' : `${maskName(r.reporter.name) ?? '—'}  ${r.reporter.phone ?? ''}`.trim()],
        ['受理时间', chinaMinute(r.createdAt, '—')],
        ['办结时限', chinaMinute(r.deadlines.resolve, '—')],
      ],
    },
    await s.documents.qrBlock(`/grid/r/${r.id}`, '扫码打开工单（需登录，按权限查看）', 90),
    { kind: 'heading', text: '诉求内容', level: 2 },
    { kind: 'paragraph', text: r.description },
    { kind: 'heading', text: '处理经过', level: 2 },
    {
      kind: 'table',
      header: ['时间', '环节', '经办', '说明'],
      widths: [20, 14, 22, 44],
      // residents and volunteers who filed or rated are named as the public sees them
      rows: timeline.map((e) => [
        chinaMinute(e.at, '—'),
        e.actionName.zh,
        PEOPLE.has(e.actor.role) ? (maskName(e.actor.name) ?? '') : e.actor.name,
        e.note ?? '',
      ]),
    },
  ];
  const images = await s.documents.photos(actor, photos, 160);
  if (images.length) blocks.push({ kind: 'heading', text: '现场照片', level: 2 }, ...images);
  return {
    number: r.number,
    spec: { title: '连心 · 诉求工单卡', subtitle: `${r.number} · 打印于 ${chinaMinute(s.clock.now().toISOString(), '—')}`, blocks },
  };
}
