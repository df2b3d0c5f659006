/**
 * Memberships on both databases: a person acts for a co-building unit they belong to, never for a
 * staff member's own community; the district ends a membership (audited), after which the person
 * cannot act for the unit and a session acting for it is cleared.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { claim, JIAOTONGLU, postedWish } from '../wishes/wishes.test-helpers.js';

describe.each(DIALECTS)('memberships on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('staff may not claim “as” their own community: only co-building (or other membership) units', async () => {
    const { f } = ctx();
    const staff = await f.user('community_staff', JIAOTONGLU);
    const w = await postedWish(f);
    const r = await claim(f, staff.token, w.id, { asUnit: JIAOTONGLU });
    expect(r.status).toBe(403);
    const acting = await f.call('PUT', '/api/memberships/acting', { token: staff.token, body: { unitId: JIAOTONGLU } });
    expect(acting.status).toBe(403);
  });

  it('the district ends a membership: audited, the unit can no longer be acted for, the session’s acting unit is cleared', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const person = await f.user('resident', null);
    const add = await f.call('POST', '/api/memberships', {
      token: admin,
      body: { userId: person.id, unitId: 'C-GDGS', role: 'party_member' },
    });
    expect(add.status).toBe(200);
    expect((await f.call('PUT', '/api/memberships/acting', { token: person.token, body: { unitId: 'C-GDGS' } })).status).toBe(200);
    // Only the district ends one.
    expect((await f.call('DELETE', `/api/memberships/${person.id}/C-GDGS`, { token: person.token })).status).toBe(403);
    const end = await f.call('DELETE', `/api/memberships/${person.id}/C-GDGS`, { token: admin });
    expect(end.status, JSON.stringify(end.body)).toBe(200);
    expect(end.body.items).toEqual([]);
    const session = await ctx().database.db.selectFrom('sessions').select('acting_unit_id').where('user_id', '=', person.id).execute();
    expect(session.map((s) => s.acting_unit_id)).not.toContain('C-GDGS');
    expect((await f.call('GET', '/api/memberships/mine', { token: person.token })).body).toMatchObject({ items: [], actingUnitId: null });
    const w = await postedWish(f);
    expect((await claim(f, person.token, w.id, { asUnit: 'C-GDGS' })).status).toBe(403);
    expect((await f.call('DELETE', `/api/memberships/${person.id}/C-GDGS`, { token: admin })).status).toBe(404);
    const audit = await ctx()
      .database.db.selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', person.id)
      .where('action', '=', 'membership.ended')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
