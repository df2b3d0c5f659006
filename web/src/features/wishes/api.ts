/** The wishes API as the web app uses it (server: modules/wishes/wishes.schema.ts). */
/** Types come from the server's response schemas (z.infer; type-only, nothing of the server is bundled). */
import type { BoardItemView, BoardView, WishConfig, WishDetailView, WishView } from '../../../../server/src/modules/wishes/wishes.schema';
import { api } from '../../api/client';

export type { WishStatus } from '../../../../server/src/modules/wishes/wish.lifecycle';
export type WishGroup = WishConfig['groups'][number];
export type BoardItem = BoardItemView;
export type Board = BoardView;
export type Wish = WishView;
export type WishDetail = WishDetailView;
export type { WishConfig };
export interface Membership {
  unitId: string;
  unitName: string;
  unitKind: string;
  home: boolean;
}

const wishPath = (id: string, rest = '') => `/api/wishes/${encodeURIComponent(id)}${rest}`;

export const wishes = {
  board: (q: { communityCode?: string; groupCode?: string }) => api.get<Board>('/api/wishes/board', { ...q, pageSize: 50 }),
  config: () => api.get<WishConfig>('/api/wishes/config'),
  create: (body: Record<string, unknown>) => api.post<{ wish: Wish }>('/api/wishes', body),
  list: (q: { status?: string }) => api.get<{ items: Wish[]; total: number }>('/api/wishes', { ...q, pageSize: 200 }),
  mine: () => api.get<{ items: Wish[]; total: number }>('/api/wishes/mine'),
  claims: () => api.get<{ items: Wish[]; total: number }>('/api/wishes/claims'),
  get: (id: string) => api.get<WishDetail>(wishPath(id)),
  claim: (id: string, asUnit?: string) => api.post<WishDetail>(wishPath(id, '/claim'), asUnit ? { asUnit } : {}),
  act: (id: string, body: Record<string, unknown>) => api.post<WishDetail>(wishPath(id, '/actions'), body),
  contact: (id: string) => api.get<{ name: string; phone: string; kind: string }>(wishPath(id, '/contact')),
  stats: () =>
    api.get<{
      fulfilled: number;
      byUnit: { key: string; name: string; count: number }[];
      byCommunity: { key: string; name: string; count: number }[];
      byDrive: { key: string; name: string; count: number }[];
    }>('/api/wishes/stats'),
  memberships: () => api.get<{ items: Membership[]; actingUnitId: string | null }>('/api/memberships/mine'),
  /** Remembers, for this session, the unit the person acts for (null: themselves). */
  actFor: (unitId: string | null) => api.put<{ actingUnitId: string | null }>('/api/memberships/acting', { unitId }),
};

export const groupName = (groups: WishGroup[] | undefined, code: string, lang: 'zh' | 'en') => {
  const g = groups?.find((x) => x.code === code);
  return g ? g[lang] : code;
};
