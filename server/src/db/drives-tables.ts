/** The aid drives' tables (migration 0015_drives; modules/drives). */

export interface DriveTable {
  id: string;
  title: string;
  description: string | null;
  organiser_unit_id: string;
  organiser_name: string;
  target_count: number;
  target_unit: 'recipients' | 'packs';
  status: 'preparing' | 'distributing' | 'closed';
  version: number;
  district_code: string;
  street_code: string | null;
  community_code: string | null;
  grid_code: string | null;
  demo: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DriveItemTable {
  id: string;
  drive_id: string;
  name: string;
  contents: string | null;
  value_yuan: number | null;
  unit_label: string;
  received: number;
  delivered: number;
  stock: number;
  sort: number;
  created_at: string;
}

export interface DrivePledgeTable {
  id: string;
  drive_id: string;
  item_id: string;
  donor_kind: 'unit' | 'person';
  donor_name: string;
  donor_phone: string | null;
  quantity: number;
  received: number;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface DriveReceiptTable {
  id: string;
  drive_id: string;
  item_id: string;
  pledge_id: string | null;
  quantity: number;
  note: string | null;
  received_by: string | null;
  received_at: string;
}

export interface DriveRecipientTable {
  id: string;
  drive_id: string;
  name: string;
  phone: string | null;
  id_number: string | null;
  household_key: string;
  district_code: string;
  street_code: string | null;
  community_code: string;
  reason: string;
  item_id: string;
  quantity: number;
  code_hash: string | null;
  code_attempts: number;
  demo: number;
  created_by: string | null;
  created_at: string;
}

export interface DriveDeliveryTable {
  id: string;
  drive_id: string;
  recipient_id: string;
  household_key: string;
  item_id: string;
  quantity: number;
  status: 'delivered' | 'confirmed' | 'disputed' | 'voided';
  version: number;
  confirm_method: 'photo' | 'code' | 'callback' | null;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: string | null;
  note: string | null;
  delivered_by: string | null;
  delivered_by_name: string;
  delivered_at: string;
  district_code: string;
  community_code: string;
  demo: number;
  created_at: string;
  updated_at: string;
}

export interface DriveTables {
  drives: DriveTable;
  drive_items: DriveItemTable;
  drive_pledges: DrivePledgeTable;
  drive_receipts: DriveReceiptTable;
  drive_recipients: DriveRecipientTable;
  drive_deliveries: DriveDeliveryTable;
}
