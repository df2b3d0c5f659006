import { z } from 'zod';

const iso = z.iso.datetime({ offset: true });

/** What a programme records: who served, for which work item, when, how long, with what evidence. */
export const serviceRecordInput = z.strictObject({
  person: z.union([z.strictObject({ userId: z.string().min(1).max(60) }), z.strictObject({ name: z.string().trim().min(1).max(40) })]),
  entity: z.strictObject({ type: z.string().regex(/^[a-z_]{2,40}$/), id: z.string().min(1).max(60) }),
  startedAt: iso,
  endedAt: iso,
  /** Defaults to the span from start to end; may be less (a break), never more. */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  note: z.string().trim().max(500).optional(),
  /** Unattached uploads of the recording account (photos, a signed sheet), attached to the record. */
  evidence: z.array(z.string().min(1).max(60)).max(9).default([]),
  place: z.strictObject({
    districtCode: z.string().min(1).max(20),
    streetCode: z.string().max(20).nullable().default(null),
    communityCode: z.string().max(20).nullable().default(null),
    gridCode: z.string().max(40).nullable().default(null),
  }),
});
export type ServiceRecordInput = z.input<typeof serviceRecordInput>;

export const SERVICE_RECORD_ENTITY = 'service_record';

export interface ServiceRecordView {
  id: string;
  person: { userId: string | null; name: string | null; key: string };
  entity: { type: string; id: string };
  startedAt: string;
  endedAt: string;
  minutes: number;
  note: string | null;
  status: 'pending' | 'confirmed' | 'rejected';
  version: number;
  recordedBy: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  rejectReason: string | null;
  evidence: string[];
}
