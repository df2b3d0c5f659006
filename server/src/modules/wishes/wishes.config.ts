/** The district's settings for wishes (settings key `wishes.config`): groups, caps, claim time. */
import type { Executor } from '../../platform/executor.js';
import type { WishConfig } from './wishes.schema.js';

export const WISH_CONFIG_KEY = 'wishes.config';

export const DEFAULT_WISH_CONFIG: WishConfig = {
  groups: [
    { code: 'children', zh: '儿童', en: 'Children' },
    { code: 'elderly', zh: '长者', en: 'Older people' },
    { code: 'hardship', zh: '困难家庭', en: 'Families in hardship' },
    { code: 'disabled', zh: '残障人士', en: 'People with disabilities' },
    { code: 'old_party_member', zh: '老党员', en: 'Veteran party members' },
  ],
  valueCapYuan: 300,
  claimDays: 7,
  graceDays: 2,
  householdYearlyCap: 2,
  openClaimsPerPerson: 3,
};

export async function readWishConfig(db: Executor): Promise<WishConfig> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', WISH_CONFIG_KEY).executeTakeFirst();
  return row ? { ...DEFAULT_WISH_CONFIG, ...(JSON.parse(row.value) as Partial<WishConfig>) } : DEFAULT_WISH_CONFIG;
}

export async function writeWishConfig(db: Executor, config: WishConfig): Promise<void> {
  const value = JSON.stringify(config);
  await db
    .insertInto('settings')
    .values({ key: WISH_CONFIG_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
