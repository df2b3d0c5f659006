import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useAsync } from '../../app/data';
import { useSession } from '../../app/session';
import { Empty, ErrorNotice, Loading } from '../../components/Feedback';
import { Photos } from '../../components/Photos';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { MobileShell } from '../../shell/MobileShell';
import { type BoardItem, groupName, type Membership, wishes } from './api';
import { wishText } from './i18n';
import './wishes.css';

/**
 * The public wish board on a phone: what each community chose to show ("王**，78岁，想要一台收音机"),
 * filtered by community and group, the lit count, and "我来认领" (one claimer; a late one is told it is taken).
 */
export default function WishBoardPage() {
  const { lang } = useI18n();
  const tw = useBundle(wishText);
  const { user } = useSession();
  const loc = useLocation();
  const [params, setParams] = useSearchParams();
  const community = params.get('community') ?? '';
  const group = params.get('group') ?? '';
  const board = useAsync(() => wishes.board({ communityCode: community || undefined, groupCode: group || undefined }), [community, group]);
  const units = useAsync(
    () => (user ? wishes.memberships() : Promise.resolve({ items: [] as Membership[], actingUnitId: null })),
    [user?.id],
  );
  const [claiming, setClaiming] = useState<BoardItem | null>(null);
  const [asUnit, setAsUnit] = useState('');
  const [result, setResult] = useState<{ id: string; ok: boolean; text: string } | null>(null);
  const cobuild = (units.data?.items ?? []).filter((m) => m.unitKind === 'cobuild');
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  async function claim(item: BoardItem) {
    try {
      // The choice is remembered for this session (the next claim offers it first).
      if ((asUnit || null) !== (units.data?.actingUnitId ?? null)) await wishes.actFor(asUnit || null);
      await wishes.claim(item.id, asUnit || undefined);
      setResult({ id: item.id, ok: true, text: tw('wish.claim.done') });
    } catch (e) {
      setResult({ id: item.id, ok: false, text: e instanceof ApiError ? e.text(lang) : String(e) });
    }
    setClaiming(null);
    board.reload();
    units.reload();
  }

  return (
    <MobileShell title={tw('wish.board.title')}>
      <section className="lx-hero lx-wish-hero" aria-labelledby="wish-title">
        <h1 id="wish-title">{tw('wish.board.title')}</h1>
        <p>{tw('wish.board.intro')}</p>
        {board.data && (
          <p className="lx-wish-lit" data-testid="wish-lit">
            {tw('wish.board.lit', { n: board.data.lit })}
          </p>
        )}
      </section>
      <nav className="lx-row lx-wish-links" aria-label={tw('wish.board.title')}>
        <Link className="lx-btn is-small" to="/wishes/new">
          {tw('wish.board.post')}
        </Link>
        {user && (
          <>
            <Link className="lx-btn is-small" to="/wishes/claims">
              {tw('wish.board.myClaims')}
            </Link>
            <Link className="lx-btn is-small" to="/wishes/mine">
              {tw('wish.board.myWishes')}
            </Link>
          </>
        )}
      </nav>
      <div className="lx-card">
        <div className="lx-field">
          <label htmlFor="wish-community">{tw('wish.board.community')}</label>
          <select id="wish-community" value={community} onChange={(e) => set('community', e.target.value)}>
            <option value="">{tw('wish.board.allCommunities')}</option>
            {board.data?.communities.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="lx-seg lx-wish-groups">
          <legend className="lx-legend">{tw('wish.board.group')}</legend>
          {[{ code: '', zh: tw('wish.board.allGroups'), en: tw('wish.board.allGroups') }, ...(board.data?.groups ?? [])].map((g) => (
            <label key={g.code || 'all'}>
              <input type="radio" name="wish-group" checked={group === g.code} onChange={() => set('group', g.code)} />
              <span>{g[lang]}</span>
            </label>
          ))}
        </fieldset>
      </div>
      {board.loading && !board.data ? (
        <Loading />
      ) : board.error ? (
        <ErrorNotice error={board.error} onRetry={board.reload} />
      ) : !board.data?.items.length ? (
        <Empty title={tw('wish.board.empty')} icon="heart" />
      ) : (
        <ul className="lx-list" data-testid="wish-board">
          {board.data.items.map((w) => (
            <li key={w.id} className="lx-item lx-wish" data-testid={`wish-${w.number}`}>
              <div className="lx-item-top">
                <span className="lx-tag">{groupName(board.data?.groups, w.groupCode, lang)}</span>
                <span className="lx-muted">{w.communityName}</span>
              </div>
              <p className="lx-wish-text">{w.text}</p>
              <div className="lx-item-meta">
                <span>{tw('wish.board.value', { n: w.valueYuan })}</span>
                {w.status !== 'published' && (
                  <span className="lx-wish-done">
                    {w.status === 'confirmed' ? tw('wish.board.lit.one') : tw('wish.board.taken')}
                    {w.litBy ? ` · ${tw(w.status === 'confirmed' ? 'wish.board.litBy' : 'wish.board.claimedBy', { unit: w.litBy })}` : ''}
                  </span>
                )}
              </div>
              {/* Delivery photos only of a lit wish whose recipient agreed to publish them (the server sends no others). */}
              {w.status === 'confirmed' && <Photos ids={w.photos} />}
              {result?.id === w.id && (
                <p className={`lx-alert ${result.ok ? 'is-ok' : 'is-error'}`} role="alert" data-testid="wish-claim-result">
                  {result.text}
                </p>
              )}
              {w.status === 'published' &&
                (!user ? (
                  <Link className="lx-btn is-primary is-block" to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`}>
                    {tw('wish.board.loginToClaim')}
                  </Link>
                ) : claiming?.id === w.id ? (
                  <div className="lx-wish-claim">
                    {cobuild.length > 0 && (
                      <div className="lx-field">
                        <label htmlFor={`as-${w.id}`}>{tw('wish.claim.as')}</label>
                        <select id={`as-${w.id}`} value={asUnit} onChange={(e) => setAsUnit(e.target.value)}>
                          <option value="">{tw('wish.claim.self')}</option>
                          {cobuild.map((m) => (
                            <option key={m.unitId} value={m.unitId}>
                              {m.unitName}
                            </option>
                          ))}
                        </select>
                      </div>
                    )}
                    <div className="lx-row">
                      <button type="button" className="lx-btn is-primary" data-testid="wish-claim-confirm" onClick={() => void claim(w)}>
                        {tw('wish.claim.confirm')}
                      </button>
                      <button type="button" className="lx-btn" onClick={() => setClaiming(null)}>
                        {tw('wish.claim.cancel')}
                      </button>
                    </div>
                  </div>
                ) : (
                  <button
                    type="button"
                    className="lx-btn is-primary is-block"
                    data-testid="wish-claim"
                    onClick={() => {
                      setResult(null);
                      setAsUnit(units.data?.actingUnitId ?? cobuild[0]?.unitId ?? '');
                      setClaiming(w);
                    }}
                  >
                    {tw('wish.board.claim')}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
    </MobileShell>
  );
}
