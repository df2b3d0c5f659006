/**
 * The access matrix, generated from the route registry: every route × every role (plus no
 * account and an Open311 API key) × scope (a request in the actor's scope and requests in other
 * grids, communities, streets and departments).
 *
 * 1. The door: what each route's declared `access` promises is what HTTP does. Every route needs
 *    a probe in PROBES below; a route added without one fails this file (and so does a probe
 *    left behind for a route that is gone).
 * 2. Scope: the rule of docs/roles.md, written here as an explicit table (SEES / HANDLES), is
 *    checked for every route scoped to a request and for every list, count, search, export, map and
 *    measure — community staff never read or change another community's requests anywhere.
 * 3. Every other scoped entity type (places so far) the same way: each route flagged `scoped`
 *    needs an expectation here, walked for every role over fixtures in and out of scope.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Access, routeRegistry } from '../http/route.js';
import { ROLES, type Role } from '../modules/auth/actor.js';
import { DRIVE_PROBES, describeDriveScope } from '../modules/drives/drives.matrix.js';
import { ACTIONS } from '../modules/requests/lifecycle.js';
import { INSPECTION_PROBES, inspectionScopeSuite } from './access-matrix.inspections.js';
import { WISH_PROBES, wishScopeWalk } from './access-matrix.wishes.js';
import { GRIDS, type Res } from './factories.js';
import { useTestApp } from './test-app.js';
import { DIALECTS } from './test-db.js';

/** The accounts walking the matrix: the demo account of every role, then no account, then an API key. */
const USERS = ['admin', 'binhe', 'jiaotonglu', 'dongguan', 'grid', 'hwzx', 'resident', 'volunteer', 'inspector'] as const;
type UserName = (typeof USERS)[number];
const ROLE_OF: Record<UserName, Role> = {
  admin: 'district_admin',
  binhe: 'street_staff',
  jiaotonglu: 'community_staff',
  dongguan: 'community_staff',
  grid: 'grid_worker',
  hwzx: 'department_staff',
  resident: 'resident',
  volunteer: 'volunteer',
  inspector: 'inspector',
};
type ActorName = UserName | 'anonymous' | 'apikey';
const ACTORS: ActorName[] = [...USERS, 'anonymous', 'apikey'];

const TOO_LONG_ID = 'x'.repeat(61);
const NOT_UUID = 'not-a-uuid';
const PROBE_QUERY = '?__probe=1';
const PROBE_BODY = { __probe: 1 };

/**
 * One harmless call per route. The door is checked before any input is read, so each probe sends
 * input that the route refuses: an actor let through gets `passed` (usually 400, nothing written),
 * an actor kept out gets 401 or 403. Routes with no input answer 200 to those let through.
 */
interface Probe {
  path: string;
  body?: unknown;
  passed: number;
  /** What an Open311 key gets, where a public route treats a credential that is no session as an ended one. */
  asApiKey?: number;
}
const PROBES: Record<string, Probe> = {
  'POST /api/auth/login': { path: '/api/auth/login', body: PROBE_BODY, passed: 400 },
  'POST /api/auth/logout': { path: '/api/auth/logout', passed: 200 }, // run with a throw-away session
  // No credential: `{ user: null }`; a credential that is no (longer a) session: 401.
  'GET /api/auth/me': { path: '/api/auth/me', passed: 200, asApiKey: 401 },
  'GET /api/roles': { path: '/api/roles', passed: 200 },
  'GET /api/users': { path: `/api/users${PROBE_QUERY}`, passed: 400 },
  'POST /api/users': { path: '/api/users', body: PROBE_BODY, passed: 400 },
  'POST /api/users/:id/disable': { path: `/api/users/${NOT_UUID}/disable`, passed: 400 },
  'POST /api/users/:id/enable': { path: `/api/users/${NOT_UUID}/enable`, passed: 400 },
  'POST /api/users/:id/reset-password': { path: `/api/users/${NOT_UUID}/reset-password`, passed: 400 },
  'POST /api/users/:id/unlock': { path: `/api/users/${NOT_UUID}/unlock`, passed: 400 },
  'POST /api/users/:id/end-sessions': { path: `/api/users/${NOT_UUID}/end-sessions`, passed: 400 },
  'POST /api/users/:id/move': { path: `/api/users/${NOT_UUID}/move`, body: PROBE_BODY, passed: 400 },
  'POST /api/auth/password': { path: '/api/auth/password', body: PROBE_BODY, passed: 400 },
  'GET /api/apikeys': { path: '/api/apikeys', passed: 200 },
  'POST /api/apikeys': { path: '/api/apikeys', body: PROBE_BODY, passed: 400 },
  'DELETE /api/apikeys/:id': { path: `/api/apikeys/${NOT_UUID}`, passed: 400 },
  'GET /api/audit': { path: `/api/audit${PROBE_QUERY}`, passed: 400 },
  'GET /api/units': { path: `/api/units${PROBE_QUERY}`, passed: 400 },
  'GET /api/units/:id': { path: `/api/units/${'9'.repeat(41)}`, passed: 400 },
  'POST /api/units': { path: '/api/units', body: PROBE_BODY, passed: 400 },
  'GET /api/geo/outline': { path: '/api/geo/outline', passed: 200 },
  'GET /api/categories': { path: `/api/categories${PROBE_QUERY}`, passed: 400 },
  'PUT /api/categories/:code': { path: '/api/categories/probe_code', body: PROBE_BODY, passed: 400 },
  'GET /api/calendar/:year': { path: '/api/calendar/nineteen', passed: 400 },
  'PUT /api/calendar/:year/confirmation': { path: '/api/calendar/nineteen/confirmation', body: PROBE_BODY, passed: 400 },
  'PUT /api/calendar/days/:date': { path: '/api/calendar/days/2026-02-30', body: PROBE_BODY, passed: 400 },
  'DELETE /api/calendar/days/:date': { path: '/api/calendar/days/2026-02-30', passed: 400 },
  'POST /api/uploads': { path: '/api/uploads', body: PROBE_BODY, passed: 415 },
  'GET /api/uploads/:id': { path: `/api/uploads/${NOT_UUID}`, passed: 400 },
  'POST /api/requests': { path: '/api/requests', body: PROBE_BODY, passed: 400 },
  'GET /api/requests': { path: `/api/requests${PROBE_QUERY}`, passed: 400 },
  'GET /api/requests/:id': { path: `/api/requests/${TOO_LONG_ID}`, passed: 400 },
  'POST /api/requests/:id/actions': { path: `/api/requests/${TOO_LONG_ID}/actions`, body: PROBE_BODY, passed: 400 },
  'GET /api/requests/:id/contact': { path: `/api/requests/${TOO_LONG_ID}/contact`, passed: 400 },
  'GET /api/requests/:id/phone-views': { path: `/api/requests/${TOO_LONG_ID}/phone-views`, passed: 400 },
  'GET /api/requests/:id/card.:format': { path: `/api/requests/${TOO_LONG_ID}/card.pdf`, passed: 400 },
  'GET /api/requests/export': { path: `/api/requests/export${PROBE_QUERY}`, passed: 400 },
  'GET /api/requests/points': { path: `/api/requests/points${PROBE_QUERY}`, passed: 400 },
  'POST /api/track': { path: '/api/track', body: PROBE_BODY, passed: 400 },
  'POST /api/track/actions': { path: '/api/track/actions', body: PROBE_BODY, passed: 400 },
  'GET /api/measures/ranking': { path: `/api/measures/ranking${PROBE_QUERY}`, passed: 400 },
  'GET /api/measures/trend': { path: `/api/measures/trend${PROBE_QUERY}`, passed: 400 },
  'GET /api/measures/export': { path: `/api/measures/export${PROBE_QUERY}`, passed: 400 },
  'GET /api/measures/weights': { path: '/api/measures/weights', passed: 200 },
  'PUT /api/measures/weights': { path: '/api/measures/weights', body: PROBE_BODY, passed: 400 },
  'GET /api/place-types': { path: '/api/place-types', passed: 200 },
  'PUT /api/place-types/:code': { path: '/api/place-types/probe_type', body: PROBE_BODY, passed: 400 },
  'GET /api/places': { path: `/api/places${PROBE_QUERY}`, passed: 400 },
  'GET /api/places/manage': { path: `/api/places/manage${PROBE_QUERY}`, passed: 400 },
  'GET /api/places/nearest': { path: `/api/places/nearest${PROBE_QUERY}`, passed: 400 },
  'GET /api/places/export': { path: `/api/places/export${PROBE_QUERY}`, passed: 400 },
  'POST /api/places/import': { path: `/api/places/import${PROBE_QUERY}`, passed: 400 },
  'GET /api/places/checkins/stats': { path: `/api/places/checkins/stats${PROBE_QUERY}`, passed: 400 },
  'GET /api/places/:id': { path: `/api/places/${NOT_UUID}`, passed: 400 },
  'POST /api/places': { path: '/api/places', body: PROBE_BODY, passed: 400 },
  'PUT /api/places/:id': { path: `/api/places/${NOT_UUID}`, body: PROBE_BODY, passed: 400 },
  'POST /api/places/:id/checkins': { path: `/api/places/${NOT_UUID}/checkins`, body: PROBE_BODY, passed: 400 },
  'POST /api/places/:id/events': { path: `/api/places/${NOT_UUID}/events`, body: PROBE_BODY, passed: 400 },
  'POST /api/places/:id/reports': { path: `/api/places/${NOT_UUID}/reports`, body: PROBE_BODY, passed: 400 },
  'GET /api/public/places': { path: `/api/public/places${PROBE_QUERY}`, passed: 400 },
  'GET /api/public/places.geojson': { path: `/api/public/places.geojson${PROBE_QUERY}`, passed: 400 },
  'GET /api/jobs': { path: `/api/jobs${PROBE_QUERY}`, passed: 400 },
  'POST /api/jobs/:id/retry': { path: `/api/jobs/${NOT_UUID}/retry`, passed: 400 },
  'GET /api/notices': { path: `/api/notices${PROBE_QUERY}`, passed: 400 },
  'GET /api/notices/unread': { path: '/api/notices/unread', passed: 200 },
  'POST /api/notices/:id/read': { path: `/api/notices/${NOT_UUID}/read`, passed: 400 },
  'POST /api/notices/read-all': { path: '/api/notices/read-all', passed: 200 },
  'GET /api/notices/preferences': { path: '/api/notices/preferences', passed: 200 },
  'PUT /api/notices/preferences': { path: '/api/notices/preferences', body: PROBE_BODY, passed: 400 },
  'POST /api/notices/sms-preferences': { path: '/api/notices/sms-preferences', body: PROBE_BODY, passed: 400 },
  ...WISH_PROBES,
  ...DRIVE_PROBES,
  ...INSPECTION_PROBES,
};

/** What the declared access promises an actor: let through, or 401 / 403. */
function door(access: Access, actor: ActorName): 'pass' | 401 | 403 {
  if (access === 'public') return 'pass';
  // An Open311 key is not a session: on /api it is no account at all.
  if (actor === 'anonymous' || actor === 'apikey') return 401;
  if (access === 'apikey') return 401;
  if (access === 'authenticated') return 'pass';
  return access.includes(ROLE_OF[actor]) ? 'pass' : 403;
}

// ---- the scope rule of docs/roles.md, as data -----------------------------------------------

/** The requests every matrix runs against: open ones (o*) and ones rated this month (m*, for the measures). */
const FIXTURES = [
  'oJt',
  'oGrid2',
  'oAccepted',
  'oDept',
  'oDg',
  'oDeptOther',
  'oVol',
  'oInsp',
  'oOtherStreet',
  'mJt',
  'mDept',
  'mDg',
] as const;
type Fx = (typeof FIXTURES)[number];
/**
 * oJt: resident's, 交通路社区第1网格 (the `grid` account's grid)   oGrid2: 交通路社区第2网格
 * oAccepted: resident's 垃圾清运 at 交通路 grid 1, not dispatched yet (no handler)
 * oDept: resident's 垃圾清运 at 交通路 grid 1, dispatched to 区环卫中心 (hwzx)
 * oDg: 东关社区 grid 1 (with a photo)   oDeptOther: 东关, dispatched to 区住建局   oVol: filed by the volunteer at 东关
 * oInsp: the inspector's patrol finding at 东关   oOtherStreet: a grid of another street
 * mJt / mDept / mDg: like oJt / oDept / oDg but resolved and rated (valid follow-ups of the month)
 */
const ALL: Fx[] = [...FIXTURES];
const SEES: Record<UserName, Fx[]> = {
  admin: ALL,
  binhe: ALL.filter((x) => x !== 'oOtherStreet'),
  jiaotonglu: ['oJt', 'oGrid2', 'oAccepted', 'oDept', 'mJt', 'mDept'],
  dongguan: ['oDg', 'oDeptOther', 'oVol', 'oInsp', 'mDg'],
  grid: ['oJt', 'oAccepted', 'oDept', 'mJt', 'mDept'], // its grid, whoever handles it; not the next grid
  hwzx: ['oDept', 'mDept'], // what is dispatched to the department
  resident: ['oJt', 'oAccepted', 'oDept', 'mJt', 'mDept'], // what she filed
  volunteer: ['oVol'],
  inspector: ['oInsp'],
};
/** Handler or dispatcher of the request: may note it, and see the caller's phone. */
const HANDLES: Record<UserName, Fx[]> = {
  admin: SEES.admin,
  binhe: SEES.binhe,
  jiaotonglu: SEES.jiaotonglu,
  dongguan: SEES.dongguan,
  grid: ['oJt', 'mJt'],
  hwzx: ['oDept', 'mDept'],
  resident: [],
  volunteer: [],
  inspector: [],
};
const COMMUNITY_OF = { jiaotonglu: '141102001002', dongguan: '141102001001' } as const;

describe.each(DIALECTS)('access matrix on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const tokens = {} as Record<ActorName, string | undefined>;
  const fx = {} as Record<Fx, { id: string; number: string; version: number }>;
  let dgPhoto = '';
  let otherStreetCommunity = '';

  const call = (actor: ActorName, method: string, path: string, body?: unknown): Promise<Res> =>
    ctx().f.call(method, path, { token: tokens[actor], body });

  beforeAll(async () => {
    const { f, app } = ctx();
    for (const u of USERS) tokens[u] = await f.login(u);
    tokens.anonymous = undefined;
    const key = await f.call('POST', '/api/apikeys', { token: tokens.admin, body: { name: '矩阵测试客户端' } });
    expect(key.status).toBe(201);
    tokens.apikey = key.body.key;

    const resident2 = await f.user('resident', null, 'matrix-resident2');
    const units = await app.services.org.list();
    const far = units.find((u) => u.kind === 'grid' && u.street_code !== '141102001' && u.lat !== null)!;
    otherStreetCommunity = far.community_code!;
    const file = async (token: string | undefined, body: Record<string, unknown>) => f.request({ token, body });
    const act = async (who: string, id: string, body: Record<string, unknown>) => {
      const r = await f.act(await f.login(who), id, body);
      expect(r.status, `${who} ${body.action} ${JSON.stringify(r.body)}`).toBe(200);
    };
    const rateAfterWork = async (id: string, worker: string, rater: string) => {
      for (const b of [{ action: 'sign' }, { action: 'contact', note: '已联系' }, { action: 'resolve', reply: '已处理' }])
        await act(worker, id, b);
      const r = await f.act(rater, id, { action: 'rate', rating: 'satisfied', resolved: true });
      expect(r.status).toBe(200);
    };
    const keep = (k: Fx, r: any) => {
      fx[k] = { id: r.id, number: r.number, version: r.version };
    };

    keep('oJt', await file(tokens.resident, { description: '矩阵：交通路一网格' }));
    keep('oGrid2', await file(resident2.token, { description: '矩阵：交通路二网格', location: await f.at('141102001002-02') }));
    keep('oAccepted', await file(tokens.resident, { categoryCode: 'garbage', description: '矩阵：待派单' }));
    const dept = await file(tokens.resident, { categoryCode: 'garbage', description: '矩阵：垃圾清运' });
    await act('admin', dept.id, { action: 'dispatch', handlerUnitId: 'D-HWZX' });
    keep('oDept', dept);
    // A photo that only those who see 东关's request may open.
    const boundary = `----lx${randomUUID()}`;
    const up = await app.server.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { authorization: `Bearer ${resident2.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(up.statusCode, up.body).toBe(201);
    dgPhoto = JSON.parse(up.body).id;
    keep('oDg', await file(resident2.token, { description: '矩阵：东关', location: await f.at(GRIDS.dongguan), photos: [dgPhoto] }));
    const deptOther = await file(resident2.token, {
      categoryCode: 'road_damage',
      attributes: { damage_type: 'pothole' },
      description: '矩阵：东关道路',
      location: await f.at(GRIDS.dongguan),
    });
    await act('admin', deptOther.id, { action: 'dispatch', handlerUnitId: 'D-ZJJ' });
    keep('oDeptOther', deptOther);
    keep('oVol', await file(tokens.volunteer, { description: '矩阵：志愿者反映', location: await f.at(GRIDS.dongguan) }));
    keep(
      'oInsp',
      // the interim `finding` kind is retired (inspections): the inspector files a problem like anyone
      await file(tokens.inspector, {
        description: '矩阵：督查发现',
        location: await f.at(GRIDS.dongguan),
        reporterPhone: undefined,
      }),
    );
    keep('oOtherStreet', await file(resident2.token, { description: '矩阵：别的街道', location: { lat: far.lat!, lng: far.lng! } }));

    const mJt = await file(tokens.resident, { description: '矩阵：已评价 交通路' });
    await rateAfterWork(mJt.id, 'grid', tokens.resident!);
    keep('mJt', mJt);
    const mDept = await file(tokens.resident, { categoryCode: 'garbage', description: '矩阵：已评价 环卫' });
    await act('admin', mDept.id, { action: 'dispatch', handlerUnitId: 'D-HWZX' });
    await rateAfterWork(mDept.id, 'hwzx', tokens.resident!);
    keep('mDept', mDept);
    const mDg = await file(resident2.token, { description: '矩阵：已评价 东关', location: await f.at(GRIDS.dongguan) });
    await rateAfterWork(mDg.id, 'dongguan', resident2.token);
    keep('mDg', mDg);
    for (const k of FIXTURES)
      fx[k].version = (
        await ctx().database.db.selectFrom('requests').select('version').where('id', '=', fx[k].id).executeTakeFirstOrThrow()
      ).version;
  }, 120_000);

  it('covers every role, and every route of the registry has exactly one probe', () => {
    expect([...new Set(USERS.map((u) => ROLE_OF[u]))].sort()).toEqual([...ROLES].sort());
    const keys = routeRegistry.map((r) => `${r.method} ${r.url}`);
    expect(new Set(keys).size).toBe(keys.length);
    const missing = keys.filter((k) => !(k in PROBES));
    const stale = Object.keys(PROBES).filter((k) => !keys.includes(k));
    expect(missing, 'routes without a probe: add them to PROBES in server/src/test/access-matrix.test.ts').toEqual([]);
    expect(stale, 'probes of routes that no longer exist').toEqual([]);
    // Every route Fastify serves under /api is one the registry knows (so the door check ran).
    for (const r of routeRegistry) expect(ctx().app.server.hasRoute({ method: r.method, url: r.url }), `${r.method} ${r.url}`).toBe(true);
    // The scope table names every fixture for the centre, and every role's scope is in it.
    expect(SEES.admin).toEqual(ALL);
  });

  it('the door: every route × every actor gets what the route’s declared access promises', async () => {
    const { f } = ctx();
    const failures: string[] = [];
    for (const r of routeRegistry) {
      const key = `${r.method} ${r.url}`;
      const probe = PROBES[key];
      if (!probe) continue; // reported by the coverage test
      for (const actor of ACTORS) {
        let token = tokens[actor];
        if (key === 'POST /api/auth/logout' && actor in ROLE_OF) {
          // A throw-away session, so that the matrix keeps its own.
          const login = await f.call('POST', '/api/auth/login', { body: { username: actor, password: 'Lianxin@2026' } });
          token = login.body.token;
        }
        const res = await f.call(r.method, probe.path, { token, body: probe.body });
        const want = door(r.access, actor);
        const expected = want === 'pass' ? (actor === 'apikey' ? (probe.asApiKey ?? probe.passed) : probe.passed) : want;
        if (res.status !== expected)
          failures.push(`${key} as ${actor}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        else if (want !== 'pass') {
          expect(res.body.error.code).toBe(want === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
          expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }
    }
    expect(failures).toEqual([]);
    // Nothing the probes sent was written.
    for (const t of ['users', 'api_keys'] as const) {
      const n = await ctx()
        .database.db.selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n), t).toBe(t === 'users' ? 10 : 1);
    }
  });

  describe('scope: request-scoped routes', () => {
    const scoped = () => routeRegistry.filter((r) => r.scoped === 'request');
    /** What a request-scoped route answers an actor for one fixture; the keys are the routes flagged scoped: 'request'. */
    const EXPECT: Record<string, (a: UserName, x: Fx) => number> = {
      'GET /api/requests/:id': (a, x) => (SEES[a].includes(x) ? 200 : 404),
      // A note: only on live requests, only by a handler or dispatcher.
      'POST /api/requests/:id/actions': (a, x) =>
        !SEES[a].includes(x) ? 404 : x.startsWith('m') ? 409 : HANDLES[a].includes(x) ? 200 : 403,
      'GET /api/requests/:id/contact': (a, x) => (!SEES[a].includes(x) ? 404 : HANDLES[a].includes(x) ? 200 : 403),
      'GET /api/requests/:id/phone-views': (a, x) => (!SEES[a].includes(x) ? 404 : HANDLES[a].includes(x) ? 200 : 403),
      // the printable card: whoever reads the request (phone masked on it for everyone)
      'GET /api/requests/:id/card.:format': (a, x) => (SEES[a].includes(x) ? 200 : 404),
    };
    const PATH: Record<string, (id: string) => { method: string; path: string; body?: unknown }> = {
      'GET /api/requests/:id': (id) => ({ method: 'GET', path: `/api/requests/${id}` }),
      'POST /api/requests/:id/actions': (id) => ({
        method: 'POST',
        path: `/api/requests/${id}/actions`,
        body: { action: 'comment', note: '矩阵备注' },
      }),
      'GET /api/requests/:id/contact': (id) => ({ method: 'GET', path: `/api/requests/${id}/contact` }),
      'GET /api/requests/:id/phone-views': (id) => ({ method: 'GET', path: `/api/requests/${id}/phone-views` }),
      // Word rather than PDF: the same scope check, half the rendering time over the 216 calls
      'GET /api/requests/:id/card.:format': (id) => ({ method: 'GET', path: `/api/requests/${id}/card.docx` }),
    };

    it('every request-scoped route has a scope expectation', () => {
      expect(
        scoped()
          .map((r) => `${r.method} ${r.url}`)
          .sort(),
      ).toEqual(Object.keys(EXPECT).sort());
    });

    it('every request-scoped route × every role × every fixture (by id and by number); no account → 401', async () => {
      const failures: string[] = [];
      for (const r of scoped()) {
        const key = `${r.method} ${r.url}`;
        for (const x of FIXTURES)
          for (const ref of [fx[x].id, fx[x].number]) {
            for (const a of USERS) {
              const c = PATH[key]!(ref);
              const res = await call(a, c.method, c.path, c.body);
              const want = EXPECT[key]!(a, x);
              if (res.status !== want)
                failures.push(`${key} ${x} as ${a}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
              // A request out of scope is "not found", exactly as one that does not exist: nothing leaks.
              if (want === 404) expect(JSON.stringify(res.body)).not.toContain(fx[x].id);
            }
            for (const a of ['anonymous', 'apikey'] as const) {
              const c = PATH[key]!(ref);
              expect((await call(a, c.method, c.path, c.body)).status).toBe(401);
            }
          }
      }
      expect(failures).toEqual([]);
    });

    it('community staff cannot take any step on another community’s request; its version does not move', async () => {
      const bodies: Record<string, Record<string, unknown>> = {
        dispatch: { handlerUnitId: GRIDS.jiaotonglu },
        contact: { note: 'x' },
        resolve: { reply: 'x' },
        rate: { rating: 'satisfied', resolved: true },
        return: { reason: 'x' },
        request_extension: { days: 2, reason: 'x' },
        deny_extension: { reason: 'x' },
        supervise: { note: 'x' },
        reopen: { reason: 'x' },
        reject: { reason: 'x' },
        merge: { targetId: fx.oJt.id },
        comment: { note: 'x' },
      };
      for (const [who, theirs] of [
        ['dongguan', ['oJt', 'oGrid2', 'oAccepted', 'oDept', 'mJt', 'mDept']],
        ['jiaotonglu', ['oDg', 'oDeptOther', 'oVol', 'oInsp', 'mDg', 'oOtherStreet']],
      ] as const) {
        for (const x of theirs) {
          const before = await ctx()
            .database.db.selectFrom('requests')
            .select(['version', 'status'])
            .where('id', '=', fx[x].id)
            .executeTakeFirstOrThrow();
          for (const action of ACTIONS) {
            const res = await call(who, 'POST', `/api/requests/${fx[x].id}/actions`, { action, ...(bodies[action] ?? {}) });
            expect(res.status, `${who} ${action} on ${x}`).toBe(404);
          }
          const after = await ctx()
            .database.db.selectFrom('requests')
            .select(['version', 'status'])
            .where('id', '=', fx[x].id)
            .executeTakeFirstOrThrow();
          expect(after, x).toEqual(before);
        }
      }
      // Nor merge its own request into another community's, nor dispatch into another community.
      const own = fx.oAccepted.id;
      const before = await ctx()
        .database.db.selectFrom('requests')
        .select(['version', 'status'])
        .where('id', '=', own)
        .executeTakeFirstOrThrow();
      const merge = await call('jiaotonglu', 'POST', `/api/requests/${own}/actions`, { action: 'merge', targetId: fx.oDg.number });
      expect(merge.status).toBe(400);
      expect(merge.body.error.field).toBe('targetId');
      for (const target of [GRIDS.dongguan, COMMUNITY_OF.dongguan, otherStreetCommunity, '141102001', 'D-HWZX']) {
        const dispatch = await call('jiaotonglu', 'POST', `/api/requests/${own}/actions`, { action: 'dispatch', handlerUnitId: target });
        expect(dispatch.status, target).toBe(403);
      }
      const after = await ctx()
        .database.db.selectFrom('requests')
        .select(['version', 'status'])
        .where('id', '=', own)
        .executeTakeFirstOrThrow();
      expect(after).toEqual(before);
    });
  });

  describe('scope: lists, totals, search, exports, map points, measures, photos, accounts', () => {
    const visible = (a: UserName) => new Set(SEES[a].map((x) => fx[x].id));
    const fixtureIds = () => new Set(FIXTURES.map((x) => fx[x].id));

    it('the list shows exactly the requests in scope, and its total counts only them', async () => {
      for (const a of USERS) {
        const res = await call(a, 'GET', '/api/requests?pageSize=200');
        expect(res.status, a).toBe(200);
        const ids = res.body.items.map((i: any) => i.id).filter((id: string) => fixtureIds().has(id));
        expect(new Set(ids), a).toEqual(visible(a));
        expect(res.body.total, a).toBe(visible(a).size);
        expect(res.body.items).toHaveLength(res.body.total);
        // Filters cannot widen the scope: asking for another unit gives nothing.
        if (a === 'jiaotonglu' || a === 'dongguan') {
          const otherUnit = a === 'jiaotonglu' ? COMMUNITY_OF.dongguan : COMMUNITY_OF.jiaotonglu;
          for (const q of [
            `unitId=${otherUnit}`,
            `unitId=${GRIDS[a === 'jiaotonglu' ? 'dongguan' : 'jiaotonglu']}`,
            `unitId=${otherStreetCommunity}`,
            'unitId=141102001',
            'unitId=141102',
          ]) {
            const r = await call(a, 'GET', `/api/requests?${q}&pageSize=200`);
            const leaked = r.body.items.filter((i: any) => !visible(a).has(i.id) && fixtureIds().has(i.id));
            expect(leaked, `${a} ${q}`).toEqual([]);
          }
          for (const queue of ['new', 'unassigned', 'overdue', 'supervised', 'mine', 'extension']) {
            const r = await call(a, 'GET', `/api/requests?queue=${queue}&pageSize=200`);
            expect(r.status).toBe(200);
            for (const i of r.body.items) expect(i.communityCode, `${a} queue ${queue}`).toBe(COMMUNITY_OF[a]);
          }
        }
      }
    });

    it('search by number (q) finds a request only in scope; search by words and phone too', async () => {
      for (const a of USERS)
        for (const x of FIXTURES) {
          const res = await call(a, 'GET', `/api/requests?q=${fx[x].number}`);
          expect(res.body.total, `${a} q=${x}`).toBe(SEES[a].includes(x) ? 1 : 0);
          expect(res.body.items.map((i: any) => i.id)).toEqual(SEES[a].includes(x) ? [fx[x].id] : []);
        }
      for (const a of ['jiaotonglu', 'dongguan'] as const) {
        const words = await call(a, 'GET', `/api/requests?q=${encodeURIComponent('矩阵')}&pageSize=200`);
        for (const i of words.body.items) expect(i.communityCode).toBe(COMMUNITY_OF[a]);
        const phone = await call(a, 'GET', '/api/requests?q=13935812345&pageSize=200');
        for (const i of phone.body.items) expect(i.communityCode).toBe(COMMUNITY_OF[a]);
      }
    });

    it('the requests export (CSV) and the map points hold only the requests in scope', async () => {
      for (const a of USERS) {
        const csv = await call(a, 'GET', '/api/requests/export?format=csv');
        const points = await call(a, 'GET', '/api/requests/points');
        const mayExport = ['district_admin', 'street_staff', 'community_staff', 'department_staff', 'grid_worker'].includes(ROLE_OF[a]);
        if (!mayExport) {
          expect([csv.status, points.status], a).toEqual([403, 403]);
          continue;
        }
        expect(csv.status, a).toBe(200);
        const text = String(csv.body);
        for (const x of FIXTURES) expect(text.includes(fx[x].number), `${a} export ${x}`).toBe(SEES[a].includes(x));
        expect(text).not.toContain('13935812345');
        const ids = new Set(points.body.items.map((p: any) => p.id).filter((id: string) => fixtureIds().has(id)));
        expect(ids, `${a} points`).toEqual(visible(a));
      }
    });

    it('measures: ranking rows, the ranking export and the trend count only the actor’s scope', async () => {
      const month = '2026-03';
      const ranking = async (a: UserName, level: string) => {
        const r = await call(a, 'GET', `/api/measures/ranking?month=${month}&level=${level}`);
        expect(r.status, a).toBe(200);
        return r.body.rows as { unitId: string; counts: { valid: number } }[];
      };
      const valid = (rows: { unitId: string; counts: { valid: number } }[]) =>
        Object.fromEntries(rows.filter((r) => r.counts.valid > 0).map((r) => [r.unitId, r.counts.valid]));
      // Community staff see their own community's row only, with their own counts.
      expect((await ranking('jiaotonglu', 'community')).map((r) => r.unitId)).toEqual([COMMUNITY_OF.jiaotonglu]);
      expect(valid(await ranking('jiaotonglu', 'community'))).toEqual({ [COMMUNITY_OF.jiaotonglu]: 2 });
      expect((await ranking('dongguan', 'community')).map((r) => r.unitId)).toEqual([COMMUNITY_OF.dongguan]);
      expect(valid(await ranking('dongguan', 'community'))).toEqual({ [COMMUNITY_OF.dongguan]: 1 });
      expect(valid(await ranking('jiaotonglu', 'street'))).toEqual({});
      expect(valid(await ranking('grid', 'community'))).toEqual({ [COMMUNITY_OF.jiaotonglu]: 2 });
      // The department counts only what it handled (not the grid's request in the same community).
      expect(valid(await ranking('hwzx', 'community'))).toEqual({ [COMMUNITY_OF.jiaotonglu]: 1 });
      // The street sees its communities; the centre sees all.
      const street = await ranking('binhe', 'community');
      expect(street.every((r) => r.unitId.startsWith('141102001'))).toBe(true);
      expect(valid(street)).toEqual({ [COMMUNITY_OF.jiaotonglu]: 2, [COMMUNITY_OF.dongguan]: 1 });
      expect(valid(await ranking('binhe', 'street'))).toEqual({ '141102001': 3 });
      expect((await ranking('binhe', 'street')).map((r) => r.unitId)).toEqual(['141102001']);
      expect(valid(await ranking('admin', 'community'))).toEqual({ [COMMUNITY_OF.jiaotonglu]: 2, [COMMUNITY_OF.dongguan]: 1 });

      // The ranking export: the same rows, nothing more.
      for (const a of ['jiaotonglu', 'dongguan'] as const) {
        const csv = await call(a, 'GET', `/api/measures/export?month=${month}&level=community&format=csv`);
        expect(csv.status).toBe(200);
        const lines = String(csv.body).trim().split(/\r?\n/).slice(1);
        expect(
          lines.map((l) => l.split(',')[1]),
          a,
        ).toEqual([COMMUNITY_OF[a]]);
      }
      const streetCsv = String((await call('binhe', 'GET', `/api/measures/export?month=${month}&level=community&format=csv`)).body);
      expect(streetCsv).not.toContain(otherStreetCommunity);
      // The trend of another community, asked by name, is empty; the own trend counts only the own scope.
      const trendOther = await call('jiaotonglu', 'GET', `/api/measures/trend?unitId=${COMMUNITY_OF.dongguan}&months=1`);
      expect(trendOther.status).toBe(200);
      expect(trendOther.body.items.map((i: any) => i.counts.valid)).toEqual([0]);
      const trendOwn = await call('jiaotonglu', 'GET', '/api/measures/trend?months=1');
      expect(trendOwn.body.items.map((i: any) => i.counts.valid)).toEqual([2]);
      const trendHwzx = await call('hwzx', 'GET', '/api/measures/trend?months=1');
      expect(trendHwzx.body.items.map((i: any) => i.counts.valid)).toEqual([1]);
    });

    it('a photo of a request is opened only by those who see the request (or its uploader)', async () => {
      for (const a of USERS) {
        const res = await call(a, 'GET', `/api/uploads/${dgPhoto}`);
        expect(res.status, a).toBe(SEES[a].includes('oDg') ? 200 : 404);
      }
      expect((await call('anonymous', 'GET', `/api/uploads/${dgPhoto}`)).status).toBe(404);
    });

    it('account lists show only accounts inside the actor’s unit', async () => {
      const users = await ctx().database.db.selectFrom('users').select(['username', 'unit_id']).execute();
      const unitOf = new Map(users.map((u) => [u.username, u.unit_id]));
      for (const [a, unit] of [
        ['jiaotonglu', COMMUNITY_OF.jiaotonglu],
        ['dongguan', COMMUNITY_OF.dongguan],
        ['binhe', '141102001'],
      ] as const) {
        const res = await call(a, 'GET', '/api/users');
        expect(res.status).toBe(200);
        const names: string[] = res.body.items.map((u: any) => u.username);
        expect(names.length).toBeGreaterThan(0);
        for (const n of names) expect(unitOf.get(n)?.startsWith(unit), `${a} sees ${n}`).toBe(true);
        expect(JSON.stringify(res.body)).not.toMatch(/1393580000\d/); // phones masked
      }
    });
  });

  describe('scope: place-scoped routes (便民地图)', () => {
    const PLACE_FIXTURES = ['pJt', 'pJtHidden', 'pDeptHidden', 'pDgHidden', 'pOtherHidden'] as const;
    type Px = (typeof PLACE_FIXTURES)[number];
    /**
     * pJt: a public station in 交通路社区; pJtHidden: a non-public one there; pDeptHidden: a non-public
     * toilet in 交通路 managed by 区环卫中心; pDgHidden: non-public in 东关社区; pOtherHidden: non-public in
     * another street. Who manages which (places.policy.ts, docs/roles.md):
     */
    const MANAGES: Record<UserName, Px[]> = {
      admin: [...PLACE_FIXTURES],
      binhe: ['pJt', 'pJtHidden', 'pDeptHidden', 'pDgHidden'],
      jiaotonglu: ['pJt', 'pJtHidden', 'pDeptHidden'],
      dongguan: ['pDgHidden'],
      grid: [],
      hwzx: ['pDeptHidden'],
      resident: [],
      volunteer: [],
      inspector: [],
    };
    const DESK_ROLES: Role[] = ['district_admin', 'street_staff', 'community_staff', 'department_staff'];
    const desk = (a: ActorName) => a !== 'anonymous' && a !== 'apikey' && DESK_ROLES.includes(ROLE_OF[a]);
    const isPublic = (x: Px) => x === 'pJt';
    const px = {} as Record<Px, { id: string; view: Record<string, unknown> }>;

    /** What a place-scoped route answers an actor for one place; the keys are the routes flagged scoped: 'place'. */
    const EXPECT: Record<string, (a: ActorName, x: Px) => number> = {
      // Public places are for everyone; the others for the units that manage them only, and "not found" to the rest.
      'GET /api/places/:id': (a, x) => (isPublic(x) || (a in MANAGES && MANAGES[a as UserName].includes(x)) ? 200 : 404),
      // A stale version: managers are told it changed (409), the others that there is no such place.
      'PUT /api/places/:id': (a, x) =>
        a === 'anonymous' || a === 'apikey' ? 401 : !desk(a) ? 403 : MANAGES[a as UserName].includes(x) ? 409 : 404,
      // An event ending before it starts: refused to managers (400) after the scope check.
      'POST /api/places/:id/events': (a, x) =>
        a === 'anonymous' || a === 'apikey' ? 401 : !desk(a) ? 403 : MANAGES[a as UserName].includes(x) ? 400 : 404,
      // Check-ins and problem reports are for public places only, whoever asks.
      'POST /api/places/:id/checkins': (_a, x) => (isPublic(x) ? 201 : 404),
      'POST /api/places/:id/reports': (_a, x) => (isPublic(x) ? 201 : 404),
    };
    const PATH: Record<string, (x: Px) => { method: string; path: string; body?: unknown }> = {
      'GET /api/places/:id': (x) => ({ method: 'GET', path: `/api/places/${px[x].id}` }),
      'PUT /api/places/:id': (x) => ({ method: 'PUT', path: `/api/places/${px[x].id}`, body: { ...px[x].view, version: 99 } }),
      'POST /api/places/:id/events': (x) => ({
        method: 'POST',
        path: `/api/places/${px[x].id}/events`,
        body: { title: '矩阵活动', startsAt: '2026-03-20T10:00:00+08:00', endsAt: '2026-03-20T09:00:00+08:00' },
      }),
      'POST /api/places/:id/checkins': (x) => ({ method: 'POST', path: `/api/places/${px[x].id}/checkins`, body: { group: '环卫工人' } }),
      'POST /api/places/:id/reports': (x) => ({
        method: 'POST',
        path: `/api/places/${px[x].id}/reports`,
        body: { problem: 'dirty', description: '矩阵：场所问题' },
      }),
    };

    beforeAll(async () => {
      const { f, app } = ctx();
      const near = async (grid: string) => {
        const p = await f.at(grid);
        return { lat: p.lat + 0.0003, lng: p.lng + 0.0003 };
      };
      const far = (await app.services.org.list()).find((u) => u.kind === 'grid' && u.street_code !== '141102001' && u.lat !== null)!;
      const make = async (x: Px, body: Record<string, unknown>) => {
        const full = {
          typeCode: 'station',
          name: `矩阵场所-${x}`,
          address: '矩阵路1号',
          contactPhone: '0358-8221234',
          hours: { kind: 'always' },
          attrs: { facilities: ['饮水'], capacity: 4, area: 10 },
          public: false,
          ...body,
        };
        const r = await f.call('POST', '/api/places', { token: tokens.admin, body: full });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        const {
          id,
          typeName,
          hoursText,
          openNow,
          streetCode,
          communityCode,
          managingUnit,
          contact,
          demo,
          version,
          distanceMetres,
          ...rest
        } = r.body;
        px[x] = { id, view: { ...rest, managingUnitId: managingUnit?.id ?? null, contactName: contact.name, contactPhone: contact.phone } };
      };
      await make('pJt', { location: await near(GRIDS.jiaotonglu), public: true });
      await make('pJtHidden', { location: await near(GRIDS.jiaotonglu) });
      await make('pDeptHidden', {
        typeCode: 'toilet',
        location: await near(GRIDS.jiaotonglu),
        managingUnitId: 'D-HWZX',
        attrs: { accessible: true },
      });
      await make('pDgHidden', { location: await near(GRIDS.dongguan) });
      await make('pOtherHidden', { location: { lat: far.lat! + 0.0003, lng: far.lng! + 0.0003 } });
    }, 60_000);

    it('every place-scoped route has a scope expectation, and no route is scoped to an entity type without a walk', () => {
      expect(new Set(routeRegistry.filter((r) => r.scoped).map((r) => r.scoped))).toEqual(
        new Set(['request', 'place', 'wish', 'drive', 'inspection', 'rectification']),
      );
      expect(
        routeRegistry
          .filter((r) => r.scoped === 'place')
          .map((r) => `${r.method} ${r.url}`)
          .sort(),
      ).toEqual(Object.keys(EXPECT).sort());
    });

    it('every place-scoped route × every actor × every place: managers in scope only, the rest see public places or nothing', async () => {
      const failures: string[] = [];
      for (const r of routeRegistry.filter((x) => x.scoped === 'place')) {
        const key = `${r.method} ${r.url}`;
        for (const x of PLACE_FIXTURES)
          for (const a of ACTORS) {
            const c = PATH[key]!(x);
            const res = await call(a, c.method, c.path, c.body);
            const want = EXPECT[key]!(a, x);
            if (res.status !== want)
              failures.push(`${key} ${x} as ${a}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
            if (want === 404) expect(JSON.stringify(res.body)).not.toContain(`矩阵场所-${x}`);
          }
      }
      expect(failures).toEqual([]);
    });

    it('the desk list of places holds exactly the places each role manages', async () => {
      for (const a of USERS) {
        if (!desk(a)) continue;
        const r = await call(a, 'GET', '/api/places/manage?pageSize=200&q=矩阵场所');
        expect(r.status, `${a}: ${JSON.stringify(r.body).slice(0, 200)}`).toBe(200);
        const names = new Set((r.body.items as { name: string }[]).map((p) => p.name));
        const want = new Set(MANAGES[a].map((x) => `矩阵场所-${x}`));
        expect(names, a).toEqual(want);
      }
    });
  });

  describe('scope: wish-scoped routes (微心愿)', () => wishScopeWalk(ctx, ACTORS, call));
  describeDriveScope(ctx, ACTORS, (a, m, p, b) => call(a as ActorName, m, p, b));
  inspectionScopeSuite(ctx, call, ACTORS, ROLE_OF);

  describe('Open311 (outside the registry: an API key in the body)', () => {
    it('filing needs a valid key; reading is public and shows no personal data', async () => {
      const { f } = ctx();
      const at = await f.at(GRIDS.jiaotonglu);
      const form = (extra: Record<string, string>) =>
        new URLSearchParams({
          service_code: 'city_appearance',
          lat: String(at.lat),
          long: String(at.lng),
          description: '矩阵：Open311',
          phone: '13935812345',
          ...extra,
        }).toString();
      const post = (body: string) =>
        ctx().app.server.inject({
          method: 'POST',
          url: '/open311/v2/requests.json',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: body,
        });
      const none = await post(form({}));
      expect([400, 403]).toContain(none.statusCode);
      const wrong = await post(form({ api_key: 'lx_wrong' }));
      expect(wrong.statusCode).toBe(403);
      // A session token is not an API key.
      expect((await post(form({ api_key: tokens.admin! }))).statusCode).toBe(403);
      const ok = await post(form({ api_key: tokens.apikey! }));
      expect(ok.statusCode, ok.body).toBe(201);
      const number = JSON.parse(ok.body)[0].service_request_id as string;
      const list = await ctx().app.server.inject({ method: 'GET', url: `/open311/v2/requests.json?service_request_id=${number}` });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain('13935812345');
      expect(list.body).not.toContain('139****2345');
      // The request it made is scoped like any other: 交通路 sees it, 东关 does not.
      expect((await call('jiaotonglu', 'GET', `/api/requests?q=${number}`)).body.total).toBe(1);
      expect((await call('dongguan', 'GET', `/api/requests?q=${number}`)).body.total).toBe(0);
    });
  });
});
