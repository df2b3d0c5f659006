import { Suspense } from 'react';
import { Link } from 'react-router';
import { Icon } from '../../components/CategoryIcon';
import { useBundle } from '../../i18n/bundle';
import { wishText } from './i18n';

/** The home page's tile for 微心愿 (its words come with the feature's own bundle). */
export function WishTile() {
  return (
    <Suspense fallback={<span className="lx-tile" aria-hidden="true" />}>
      <TileBody />
    </Suspense>
  );
}

function TileBody() {
  const tw = useBundle(wishText);
  return (
    <Link className="lx-tile" to="/wishes" data-testid="home-wishes">
      <Icon name="heart" size={32} />
      <strong>{tw('wish.home.tile')}</strong>
      <span>{tw('wish.home.tileHint')}</span>
    </Link>
  );
}

/** The desk menu's entry. */
export function WishMenuLabel() {
  return (
    <Suspense fallback={<Link to="/desk/wishes">微心愿</Link>}>
      <MenuBody />
    </Suspense>
  );
}

function MenuBody() {
  const tw = useBundle(wishText);
  return <Link to="/desk/wishes">{tw('wish.desk.title')}</Link>;
}
