/** The drives' endpoints and answer shapes (server/src/modules/drives/drives.schema.ts). */
import { api } from '../../api/client';

export type DriveStatus = 'preparing' | 'distributing' | 'closed';
export type DeliveryStatus = 'delivered' | 'confirmed' | 'disputed' | 'voided';
export type ConfirmMethod = 'photo' | 'code' | 'callback';
interface Label {
  zh: string;
  en: string;
}

/** In the target's unit (households or parcels); disputed and voided deliveries are not delivered. */
export interface Progress {
  target: number;
  targetUnit: 'recipients' | 'packs';
  delivered: number;
  confirmed: number;
  disputed: number;
  recipients: number;
}

export interface DriveSummary {
  id: string;
  title: string;
  organiserName: string;
  organiserUnitId: string;
  status: DriveStatus;
  statusName: Label;
  version: number;
  demo: boolean;
  createdAt: string;
  progress: Progress;
}

export interface DriveItem {
  id: string;
  name: string;
  contents: string | null;
  valueYuan: number | null;
  unitLabel: string;
  pledged: number;
  received: number;
  delivered: number;
  confirmed: number;
  disputed: number;
  stock: number;
}

export interface Pledge {
  id: string;
  itemId: string;
  donorKind: 'unit' | 'person';
  donorName: string;
  donorPhone: string | null;
  quantity: number;
  received: number;
  note: string | null;
  createdAt: string;
}

export interface Drive extends DriveSummary {
  description: string | null;
  items: DriveItem[];
  pledges: Pledge[];
  receipts: { id: string; itemId: string; pledgeId: string | null; quantity: number; note: string | null; receivedAt: string }[];
  actions: ('start' | 'close' | 'reopen')[];
  timeline: { at: string; action: string; actorName: string | null; note: string | null }[];
}

export interface Delivery {
  id: string;
  recipientId: string;
  itemId: string;
  itemName: string;
  quantity: number;
  status: DeliveryStatus;
  statusName: Label;
  version: number;
  confirmMethod: ConfirmMethod | null;
  confirmedByName: string | null;
  confirmedAt: string | null;
  deliveredByName: string;
  deliveredAt: string;
  note: string | null;
  photos: string[];
  actions: ('confirm' | 'dispute' | 'void')[];
}

export interface Recipient {
  id: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  communityCode: string;
  communityName: string;
  reason: string;
  /** The entitlement the organiser set: what one delivery takes. */
  itemId: string;
  quantity: number;
  hasCode: boolean;
  delivery: Delivery | null;
}

export type Confirmation = { method: 'photo'; photos: string[] } | { method: 'code'; code: string } | { method: 'callback' };

const base = (id: string) => `/api/drives/${encodeURIComponent(id)}`;

export const drives = {
  list: (status?: DriveStatus) => api.get<{ items: DriveSummary[]; total: number }>('/api/drives', { status, pageSize: 200 }),
  get: (id: string) => api.get<Drive>(base(id)),
  create: (body: unknown) => api.post<Drive>('/api/drives', body),
  act: (id: string, action: string, version: number) => api.post<Drive>(`${base(id)}/actions`, { action, version }),
  addItem: (id: string, body: unknown) => api.post<Drive>(`${base(id)}/items`, body),
  pledge: (id: string, body: unknown) => api.post<Drive>(`${base(id)}/pledges`, body),
  receive: (id: string, body: unknown) => api.post<Drive>(`${base(id)}/receipts`, body),
  recipients: (id: string) => api.get<{ items: Recipient[]; total: number }>(`${base(id)}/recipients`),
  addRecipient: (id: string, body: unknown) => api.post<Recipient>(`${base(id)}/recipients`, body),
  contact: (id: string, rid: string) =>
    api.get<{ name: string; phone: string | null; idNumber: string | null }>(`${base(id)}/recipients/${encodeURIComponent(rid)}/contact`),
  deliver: (id: string, body: { recipientId: string; confirmation: Confirmation; note?: string }, key: string) =>
    api.post<Delivery>(`${base(id)}/deliveries`, body, { 'Idempotency-Key': key }),
  deliveryAction: (id: string, did: string, body: unknown) =>
    api.post<Delivery>(`${base(id)}/deliveries/${encodeURIComponent(did)}/actions`, body),
  stats: () =>
    api.get<{ items: { driveId: string; title: string; month: string; delivered: number; confirmed: number }[] }>('/api/drives/stats'),
  ledgerUrl: (id: string) => `${base(id)}/ledger.xlsx`,
};
