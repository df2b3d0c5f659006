import type { AttributeAnswers, AttributeDef } from '../../../api/types';
import { Field } from '../../../components/Field';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { requestsText } from '../i18n';

/** Answers the form checks before sending (the server checks them again, by name). */
export function missingAttributes(defs: AttributeDef[], answers: AttributeAnswers): string[] {
  return defs
    .filter((d) => d.required)
    .filter((d) => {
      const v = answers[d.code];
      return Array.isArray(v) ? v.length === 0 : !v?.trim();
    })
    .map((d) => d.code);
}

/** Only what was answered, trimmed: the body's `attributes`. */
export function answered(answers: AttributeAnswers): AttributeAnswers | undefined {
  const out = Object.fromEntries(
    Object.entries(answers)
      .map(([k, v]) => [k, Array.isArray(v) ? v : v.trim()] as const)
      .filter(([, v]) => v.length > 0),
  );
  return Object.keys(out).length ? out : undefined;
}

/** The chosen category's extra questions (GeoReport v2 service attributes), defined at the desk. */
export function AttributeFields({
  defs,
  value,
  onChange,
  errors,
}: {
  defs: AttributeDef[];
  value: AttributeAnswers;
  onChange: (next: AttributeAnswers) => void;
  errors: Record<string, string>;
}) {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  if (!defs.length) return null;
  const label = (d: AttributeDef) => (lang === 'en' ? (d.descriptionEn ?? d.description) : d.description);
  const optionName = (o: { name: string; nameEn?: string }) => (lang === 'en' ? (o.nameEn ?? o.name) : o.name);
  const set = (code: string, v: string | string[]) => onChange({ ...value, [code]: v });
  return (
    <div data-testid="attribute-fields">
      {defs.map((d) => {
        const v = value[d.code];
        if (d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist') {
          const multi = d.datatype === 'multivaluelist';
          const chosen = Array.isArray(v) ? v : v ? [v] : [];
          return (
            <fieldset key={d.code} aria-invalid={errors[d.code] ? true : undefined}>
              <legend>
                {label(d)}
                {d.required && <span className="lx-req"> *</span>}
                {multi && <span className="lx-muted"> （{t('report.attr.multi')}）</span>}
              </legend>
              <div className="lx-seg">
                {(d.values ?? []).map((o) => (
                  <label key={o.key}>
                    <input
                      type={multi ? 'checkbox' : 'radio'}
                      name={`attr-${d.code}`}
                      value={o.key}
                      checked={chosen.includes(o.key)}
                      onChange={(e) =>
                        set(d.code, multi ? (e.target.checked ? [...chosen, o.key] : chosen.filter((k) => k !== o.key)) : o.key)
                      }
                    />
                    <span>{optionName(o)}</span>
                  </label>
                ))}
              </div>
              {errors[d.code] && <p className="lx-error">{errors[d.code]}</p>}
            </fieldset>
          );
        }
        const text = typeof v === 'string' ? v : '';
        return (
          <Field
            key={d.code}
            label={label(d)}
            required={d.required}
            error={errors[d.code]}
            hint={d.required ? undefined : t('common.optional')}
          >
            {d.datatype === 'text' ? (
              <textarea name={`attr-${d.code}`} maxLength={2000} value={text} onChange={(e) => set(d.code, e.target.value)} />
            ) : (
              <input
                name={`attr-${d.code}`}
                type={d.datatype === 'number' ? 'number' : d.datatype === 'datetime' ? 'date' : 'text'}
                inputMode={d.datatype === 'number' ? 'decimal' : undefined}
                maxLength={200}
                value={text}
                onChange={(e) => set(d.code, e.target.value)}
              />
            )}
          </Field>
        );
      })}
    </div>
  );
}
