/**
 * What a request kind means for the engine, configured in one place. Intake, the overdue sweep,
 * the measures (三率), Open311 and the public boards read these flags; nothing else decides by
 * the kind's name.
 */
export const KINDS = ['problem', 'help', 'suggestion', 'wish', 'finding'] as const;
export type Kind = (typeof KINDS)[number];

export interface KindPolicy {
  /** Whether intake takes it. `wish` and `finding` are retired by their programmes (wishes, inspections). */
  intake: boolean;
  /** Which clock runs on it: the category's time limits (sign/contact/resolve), or none. */
  clock: 'sla' | null;
  /** Whether the overdue sweep escalates it (督办). */
  overdueSweep: boolean;
  /** Whether it counts in the district's 三率 and rankings. */
  measured: boolean;
  /** Whether Open311 (GeoReport v2) publishes it. */
  open311: boolean;
  /** Whether a public board or map may show it. */
  publicBoard: boolean;
  zh: string;
  en: string;
}

export const KIND_POLICY: Record<Kind, KindPolicy> = {
  problem: {
    intake: true,
    clock: 'sla',
    overdueSweep: true,
    measured: true,
    open311: true,
    publicBoard: true,
    zh: '问题反映',
    en: 'Problem',
  },
  suggestion: {
    intake: true,
    clock: 'sla',
    overdueSweep: true,
    measured: true,
    open311: true,
    publicBoard: true,
    zh: '意见建议',
    en: 'Suggestion',
  },
  // Help for a person: handled on the clock and counted, but never published (it is about someone).
  help: { intake: true, clock: 'sla', overdueSweep: true, measured: true, open311: false, publicBoard: false, zh: '求助', en: 'Help' },
  // Retired kinds: rows filed before the wishes and inspections programmes stay as history.
  // Retired by the wishes programme (modules/wishes): intake refuses it.
  wish: { intake: false, clock: null, overdueSweep: false, measured: false, open311: false, publicBoard: false, zh: '微心愿', en: 'Wish' },
  // Retired by the inspections programme (modules/inspections): intake refuses it, old rows stay.
  finding: {
    intake: false,
    clock: null,
    overdueSweep: false,
    measured: false,
    open311: false,
    publicBoard: false,
    zh: '督查发现',
    en: 'Finding',
  },
};

export const kindsWhere = (flag: keyof Pick<KindPolicy, 'intake' | 'overdueSweep' | 'measured' | 'open311' | 'publicBoard'>): Kind[] =>
  KINDS.filter((k) => KIND_POLICY[k][flag]);

export const kindPolicy = (kind: string): KindPolicy | undefined => KIND_POLICY[kind as Kind];
