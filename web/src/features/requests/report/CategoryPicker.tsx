import type { Category, Kind } from '../../../api/types';
import { Icon } from '../../../components/CategoryIcon';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { requestsText } from '../i18n';

/** Category tiles with icons and plain words; radio buttons underneath, so arrows and screen readers work. */
export function CategoryPicker({
  categories,
  kind,
  value,
  onChange,
  error,
  legend,
  hint,
}: {
  categories: Category[];
  kind: Kind;
  value: string;
  onChange: (code: string) => void;
  error?: string | null;
  legend: string;
  /** Overrides the resident's "选错了也没关系" for staff. */
  hint?: string;
}) {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const list = categories.filter((c) => c.active && c.kinds.includes(kind));
  return (
    <fieldset aria-describedby={error ? 'cat-err' : 'cat-hint'} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <p className="lx-hint" id="cat-hint">
        {hint ?? t('report.categoryHint')}
      </p>
      <div className="lx-cats">
        {list.map((c) => (
          <label key={c.code}>
            <input type="radio" name="category" value={c.code} checked={value === c.code} onChange={() => onChange(c.code)} />
            <span className="lx-cat" data-testid={`cat-${c.code}`}>
              <Icon name={c.icon} size={30} />
              <span>{lang === 'en' ? c.nameEn : c.name}</span>
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p className="lx-error" id="cat-err">
          {error}
        </p>
      )}
    </fieldset>
  );
}
