/**
 * The inspections and rectification API, typed from the server's own zod schemas (one source:
 * server/src/modules/inspections/inspections.schemas.ts; type-only imports, nothing of the
 * server reaches the bundle).
 */
import type { z } from 'zod';
import type * as S from '../../../../server/src/modules/inspections/inspections.schemas';
import { api, qs } from '../../api/client';

export type PointType = S.PointType;
export type Checklist = z.infer<typeof S.checklistSummary>;
export type ChecklistDetail = z.infer<typeof S.checklistDetail>;
export type ChecklistItem = z.infer<typeof S.checklistItem>;
export type ChecklistInput = z.input<typeof S.checklistBody>;
export type ImportResult = z.infer<typeof S.checklistImportResult>;
export type Point = z.infer<typeof S.point>;
export type PointInput = z.input<typeof S.pointBody>;
export type Round = z.infer<typeof S.roundSummary>;
export type RoundDetail = z.infer<typeof S.roundDetail>;
export type RoundPoint = z.infer<typeof S.roundPoint>;
export type RoundInput = z.input<typeof S.roundBody>;
export type Entry = z.infer<typeof S.entry>;
export type EntryInput = z.input<typeof S.entryBody>;
export type EntryResult = z.infer<typeof S.entryResult>;
export type Scores = z.infer<typeof S.roundScores>;
export type ScoreRow = z.infer<typeof S.scoreRow>;
export type Trend = z.infer<typeof S.trend>;
export type SimilarCheck = z.infer<typeof S.similarCheck>;
export type Order = z.infer<typeof S.order>;
export type OrderDetail = z.infer<typeof S.orderDetail>;
export type OrderAction = z.infer<typeof S.orderActionBody>;
export type OrderFilter = Partial<z.output<typeof S.orderListQuery>>;
export type Rates = z.infer<typeof S.ratesResult>;

/** The point types in the server's order (kept here as data: the schema module is type-only). */
export const POINT_TYPES: PointType[] = [
  'back_street',
  'residential',
  'market',
  'toilet',
  'school',
  'kindergarten',
  'community',
  'station',
  'other',
];

const I = '/api/inspections';
const R = '/api/rectification';
const enc = encodeURIComponent;

export const inspections = {
  checklists: (all = false, pointType?: PointType) =>
    api.get<{ items: Checklist[] }>(`${I}/checklists`, { all: all ? '1' : undefined, pointType }).then((r) => r.items),
  checklist: (id: string) => api.get<ChecklistDetail>(`${I}/checklists/${enc(id)}`),
  saveChecklist: (body: ChecklistInput) => api.post<Checklist>(`${I}/checklists`, body),
  templateUrl: `${I}/checklists/template.xlsx`,
  /** Dry run or real import of an .xlsx (multipart "file"); the report comes back for a refused file too. */
  importChecklist: (file: File, pointType: PointType, name: string, dryRun: boolean) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    return api.postAccepting<ImportResult>(
      `${I}/checklists/import`,
      fd,
      { pointType, name, dryRun: dryRun ? '1' : '0' },
      (status, data) => status < 500 && !!data && typeof data === 'object' && 'issues' in data,
    );
  },
  points: (q: { type?: PointType; streetCode?: string; communityCode?: string } = {}) =>
    api.get<{ items: Point[]; total: number }>(`${I}/points`, { ...q, pageSize: 500 }),
  addPoint: (body: PointInput) => api.post<Point>(`${I}/points`, body),
  sample: (seed: number, perType: Partial<Record<PointType, number>>, streetCode?: string) =>
    api.post<{ seed: number; points: Point[] }>(`${I}/rounds/sample`, { seed, perType, ...(streetCode ? { streetCode } : {}) }),
  rounds: (status?: Round['status']) => api.get<{ items: Round[]; total: number }>(`${I}/rounds`, { status }),
  round: (id: string) => api.get<RoundDetail>(`${I}/rounds/${enc(id)}`),
  createRound: (body: RoundInput) => api.post<Round>(`${I}/rounds`, body),
  roundAction: (id: string, action: 'start' | 'finish', version: number) =>
    api.post<Round>(`${I}/rounds/${enc(id)}/actions`, { action, version }),
  entryPath: (roundId: string) => `${I}/rounds/${enc(roundId)}/entries`,
  scores: (id: string) => api.get<Scores>(`${I}/rounds/${enc(id)}/scores`),
  reportUrl: (id: string) => `${I}/rounds/${enc(id)}/report.docx`,
  trend: (streetCode?: string) => api.get<Trend>(`${I}/trend`, { streetCode }),
  similar: (roundId: string, entryId: string) =>
    api.post<{ created: number; items: SimilarCheck[] }>(`${I}/rounds/${enc(roundId)}/entries/${enc(entryId)}/similar`, {}),
  similarChecks: (status?: SimilarCheck['status']) =>
    api.get<{ items: SimilarCheck[] }>(`${I}/similar-checks`, { status }).then((r) => r.items),
  answerSimilar: (id: string, body: { result: 'pass' | 'fail'; photos: string[]; note: string | null; version: number }) =>
    api.post<SimilarCheck>(`${I}/similar-checks/${enc(id)}/answer`, body),
};

export const rectification = {
  orders: (f: OrderFilter = {}) => api.get<{ items: Order[]; total: number }>(`${R}/orders`, { ...f }),
  order: (id: string) => api.get<OrderDetail>(`${R}/orders/${enc(id)}`),
  act: (id: string, body: OrderAction) => api.post<Order>(`${R}/orders/${enc(id)}/actions`, body),
  rates: (roundId?: string) => api.get<Rates>(`${R}/rates`, { roundId }),
  ledgerUrl: (f: OrderFilter = {}) => `${R}/orders/ledger.xlsx${qs({ ...f })}`,
};
