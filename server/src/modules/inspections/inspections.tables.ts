/** Table types of migration 0016 (创城督查), joined into `DB` in db/schema.ts. */
export interface ChecklistTable {
  id: string;
  point_type: string;
  name: string;
  version: number;
  current: number;
  created_by: string | null;
  created_at: string;
}
export interface ChecklistItemTable {
  id: string;
  checklist_id: string;
  code: string;
  grp: string;
  title: string;
  failure: string;
  weight: number;
  deduct_per_finding: number | null;
  responsible: 'point_unit' | 'community' | 'street' | 'department';
  department_id: string | null;
  limit_value: number;
  limit_unit: 'hours' | 'working_days' | 'working_hours';
  sort: number;
}
export interface InspectionPointTable {
  id: string;
  name: string;
  type: string;
  place_id: string | null;
  unit_id: string;
  district_code: string;
  street_code: string;
  community_code: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  created_at: string;
}
export interface InspectionRoundTable {
  id: string;
  title: string;
  mode: 'planned' | 'unannounced';
  status: 'planned' | 'in_progress' | 'finished';
  planned_for: string;
  started_at: string | null;
  finished_at: string | null;
  district_code: string;
  street_code: string | null;
  recheck: 'any' | 'same' | 'other';
  sample_seed: number | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface InspectionRoundPointTable {
  round_id: string;
  point_id: string;
  checklist_id: string;
}
export interface InspectionEntryTable {
  id: string;
  round_id: string;
  point_id: string;
  item_id: string;
  item_code: string;
  result: 'pass' | 'fail' | 'na';
  count: number;
  note: string | null;
  taken_at: string;
  lat: number | null;
  lng: number | null;
  inspector_id: string;
  order_id: string | null;
  created_at: string;
  updated_at: string;
}
export interface RectificationOrderTable {
  id: string;
  source_type: string;
  source_id: string;
  round_id: string | null;
  title: string;
  item_code: string | null;
  point_id: string | null;
  point_name: string | null;
  unit_id: string;
  district_code: string;
  street_code: string;
  community_code: string;
  status: 'open' | 'answered' | 'closed' | 'withdrawn';
  deadline_at: string;
  rework_count: number;
  recurring: number;
  /** The last 督办 by anyone; the overdue job's own, once per deadline, is overdue_escalated_at. */
  escalated_at: string | null;
  overdue_escalated_at: string | null;
  /** The item's time limit, so a rework (send_back) gets a fresh deadline from it. */
  limit_value: number;
  limit_unit: 'hours' | 'working_days' | 'working_hours';
  answered_at: string | null;
  closed_at: string | null;
  inspector_id: string | null;
  recheck: 'any' | 'same' | 'other';
  version: number;
  created_at: string;
  updated_at: string;
}
export interface SimilarCheckTable {
  id: string;
  source_entry_id: string;
  round_id: string;
  point_id: string;
  item_id: string;
  unit_id: string;
  district_code: string;
  street_code: string;
  community_code: string;
  status: 'pending' | 'passed' | 'failed';
  note: string | null;
  order_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  answered_at: string | null;
}

export interface InspectionTables {
  checklists: ChecklistTable;
  checklist_items: ChecklistItemTable;
  inspection_points: InspectionPointTable;
  inspection_rounds: InspectionRoundTable;
  inspection_round_points: InspectionRoundPointTable;
  inspection_entries: InspectionEntryTable;
  rectification_orders: RectificationOrderTable;
  similar_checks: SimilarCheckTable;
}
