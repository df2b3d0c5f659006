import type { AttributeAnswers as Answers, AttributeDef, Category } from '../api/types';
import { useI18n } from '../i18n';

/** The label of an attribute and of its chosen values, in the current language. */
export function attributeText(def: AttributeDef | undefined, value: string | string[], lang: string): string {
  const values = Array.isArray(value) ? value : [value];
  return values
    .map((v) => {
      const option = def?.values?.find((o) => o.key === v);
      return option ? (lang === 'en' ? (option.nameEn ?? option.name) : option.name) : v;
    })
    .join('、');
}

/** A request's answers to its category's extra questions (道路破损: 损坏类型 …), as a short list. */
export function AttributeAnswers({ answers, category }: { answers: Answers | null; category: Category | undefined }) {
  const { lang } = useI18n();
  const entries = Object.entries(answers ?? {});
  if (!entries.length) return null;
  return (
    <dl className="lx-attrs" data-testid="attribute-answers">
      {entries.map(([code, value]) => {
        const def = category?.attributes.find((a) => a.code === code);
        return (
          <div key={code}>
            <dt>{def ? (lang === 'en' ? (def.descriptionEn ?? def.description) : def.description) : code}</dt>
            <dd>{attributeText(def, value, lang)}</dd>
          </div>
        );
      })}
    </dl>
  );
}
