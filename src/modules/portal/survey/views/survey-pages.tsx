import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { RadioGroup } from '../../views/components.tsx';
import { ELEMENT_CODES } from '../ikm.ts';
import { EDUCATIONS, GENDERS, OCCUPATIONS } from '../use-cases/submit-survey.ts';
import '../../messages.ts';

export function SurveyPage(props: { ctx: PageContext; token: string; serviceName: string; opdName: string | null; form: FormState }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const scale = [1, 2, 3, 4].map((v) => ({ value: String(v), label: t(`portal.survey.scale.${v}` as MessageKey) }));
  const labels = Object.fromEntries(ELEMENT_CODES.map((c) => [c, t(`portal.element.${c}` as MessageKey)]));
  return (
    <Layout ctx={ctx} title={t('portal.survey.title')}>
      <div class="narrow">
        <h1>{t('portal.survey.title')}</h1>
        <p>{t('portal.survey.intro', { service: props.serviceName, agency: props.opdName ?? '—' })}</p>
        <form method="post" action={`/survei/${props.token}`} novalidate>
          <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
          <CsrfField ctx={ctx} />
          {ELEMENT_CODES.map((code) => (
            <RadioGroup key={code} ctx={ctx} form={form} name={code} legend={t(`portal.survey.question.${code}` as MessageKey)} options={scale} required />
          ))}
          <fieldset>
            <legend>{t('portal.survey.profile')}</legend>
            <SelectField ctx={ctx} form={form} name="gender" label={t('portal.survey.gender')} options={GENDERS.map((g) => ({ value: g, label: t(`portal.survey.gender.${g}`) }))} emptyLabel={t('portal.survey.not_said')} optional />
            <SelectField ctx={ctx} form={form} name="education" label={t('portal.survey.education')} options={EDUCATIONS.map((g) => ({ value: g, label: t(`portal.survey.education.${g}`) }))} emptyLabel={t('portal.survey.not_said')} optional />
            <SelectField ctx={ctx} form={form} name="occupation" label={t('portal.survey.occupation')} options={OCCUPATIONS.map((g) => ({ value: g, label: t(`portal.survey.occupation.${g}`) }))} emptyLabel={t('portal.survey.not_said')} optional />
          </fieldset>
          <TextArea ctx={ctx} form={form} name="suggestion" label={t('portal.survey.suggestion')} rows={3} optional />
          <button type="submit" class="button">
            {t('portal.survey.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
