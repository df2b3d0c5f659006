/** The wishes' and memberships' tables (migration 0014_wishes; modules/wishes, modules/memberships). */
import type { Generated } from 'kysely';

/** A person's membership of a unit besides their account's own (migration 0014; docs/roles.md). */
export interface MembershipTable {
  user_id: string;
  unit_id: string;
  role: string;
  since: string;
  created_at: string;
  demo: Generated<number>;
  ended_at: string | null;
}

/** 微心愿 (modules/wishes; docs/wishes.md). */
export interface WishTable {
  id: string;
  number: string;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
  district_code: string;
  street_code: string | null;
  community_code: string;
  grid_code: string | null;
  group_code: string;
  title: string;
  story: string | null;
  value_yuan: number;
  recipient_name: string;
  recipient_age: number | null;
  recipient_phone: string | null;
  household_key: string;
  board_text: string | null;
  contact_mode: string;
  contact_name: string | null;
  contact_phone: string | null;
  phone_consent: number;
  photo_consent: number;
  channel: string;
  poster_user_id: string | null;
  poster_phone: string | null;
  entered_by: string | null;
  claimer_user_id: string | null;
  claimer_name: string | null;
  claimer_unit_id: string | null;
  claimed_at: string | null;
  claim_due_at: string | null;
  reminded_at: string | null;
  fulfilled_at: string | null;
  service_record_id: string | null;
  confirmed_at: string | null;
  decline_reason: string | null;
  request_id: string | null;
  /** The aid drive the wish belongs to (a festival's wish drive), or null. */
  drive_id: string | null;
  year: number;
  demo: Generated<number>;
}

export interface WishTables {
  memberships: MembershipTable;
  wishes: WishTable;
  /** Every household key of a wish (hashed ID number, phone, register household): caps and duplicates. */
  wish_keys: { wish_id: string; key: string };
}
