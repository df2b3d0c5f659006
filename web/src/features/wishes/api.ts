/** The wishes API as the web app uses it (server: modules/wishes/wishes.schema.ts). */
import { api } from '../../api/client';

export type WishStatus = 'submitted' | 'published' | 'declined' | 'claimed' | 'fulfilled' | 'confirmed' | 'converted' | 'cancelled';
export interface WishGroup {
  code: string;
  zh: string;
  en: string;
}
export interface BoardItem {
  id: string;
  number: string;
  text: string;
  groupCode: string;
  communityCode: string;
  communityName: string;
  status: 'published' | 'claimed' | 'fulfilled' | 'confirmed';
  valueYuan: number;
  litBy: string | null;
}
export interface Board {
  items: BoardItem[];
  total: number;
  lit: number;
  groups: WishGroup[];
  communities: { code: string; name: string }[];
}
export interface Wish {
  id: string;
  number: string;
  status: WishStatus;
  version: number;
  communityCode: string;
  groupCode: string;
  title: string;
  story: string | null;
  valueYuan: number;
  boardText: string;
  recipientName: string;
  recipientAge: number | null;
  recipientPhone: string | null;
  claimerName: string | null;
  claimerUnitId: string | null;
  claimDueAt: string | null;
  declineReason: string | null;
  createdAt: string;
}
export interface WishDetail {
  wish: Wish;
  actions: string[];
  timeline: { at: string; action: string; actionName: { zh: string; en: string }; note: string | null; by: string }[];
  photos: string[];
}
export interface WishConfig {
  groups: WishGroup[];
  valueCapYuan: number;
  claimDays: number;
  graceDays: number;
  householdYearlyCap: number;
}
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
  mine: () => api.get<{ items: Wish[] }>('/api/wishes/mine'),
  claims: () => api.get<{ items: Wish[] }>('/api/wishes/claims'),
  get: (id: string) => api.get<WishDetail>(wishPath(id)),
  claim: (id: string, asUnit?: string) => api.post<WishDetail>(wishPath(id, '/claim'), asUnit ? { asUnit } : {}),
  act: (id: string, body: Record<string, unknown>) => api.post<WishDetail>(wishPath(id, '/actions'), body),
  contact: (id: string) => api.get<{ name: string; phone: string; kind: string }>(wishPath(id, '/contact')),
  stats: () =>
    api.get<{
      fulfilled: number;
      byUnit: { key: string; name: string; count: number }[];
      byCommunity: { key: string; name: string; count: number }[];
    }>('/api/wishes/stats'),
  memberships: () => api.get<{ items: Membership[]; actingUnitId: string | null }>('/api/memberships/mine'),
  /** Remembers, for this session, the unit the person acts for (null: themselves). */
  actFor: (unitId: string | null) => api.put<{ actingUnitId: string | null }>('/api/memberships/acting', { unitId }),
};

export const groupName = (groups: WishGroup[] | undefined, code: string, lang: 'zh' | 'en') => {
  const g = groups?.find((x) => x.code === code);
  return g ? g[lang] : code;
};
