import { emptyForm, type PageContext } from '../../../../platform/html/context.ts';
import type { AssessmentRow, DecisionRow } from '../repo.ts';
import { AssessmentForm, CurrentClass } from './time-views.tsx';
import { DecisionActions, DecisionTable, DecisionWhat } from './decision-views.tsx';
import { dateOnlyLabel } from './labels.ts';

export interface AppRationalisation {
  appId: string;
  ended: boolean;
  assessments: AssessmentRow[];
  decisions: DecisionRow[];
  canAssess: boolean;
  canDecide: boolean;
  today: string;
}

/** The app page's rationalisation section: its TIME class and the decisions about it. */
export function AppRationalisationSection(props: { ctx: PageContext; data: AppRationalisation }) {
  const { ctx, data } = props;
  const { t } = ctx;
  const open = data.decisions.find((d) => d.status === 'planned');
  const past = data.decisions.filter((d) => d.status !== 'planned');
  return (
    <section aria-labelledby="rationalisation" id="rasionalisasi">
      <h2 id="rationalisation">{t('katalog.rat.section')}</h2>
      <h3>{t('katalog.rat.time.title')}</h3>
      <CurrentClass ctx={ctx} latest={data.assessments[0]} />
      <p>
        <a href={`/katalog/apps/${data.appId}/time`}>{t('katalog.rat.time.history_link', { count: data.assessments.length })}</a>
      </p>
      {data.canAssess && !data.ended ? (
        <details>
          <summary>{t('katalog.rat.time.assess')}</summary>
          <AssessmentForm ctx={ctx} form={emptyForm()} appId={data.appId} />
        </details>
      ) : null}
      <h3>{t('katalog.rat.decision.title')}</h3>
      {open ? (
        <div class="notice">
          <p>
            <strong>{t('katalog.rat.decision.open')}:</strong> <DecisionWhat ctx={ctx} d={open} />
            {open.target_date ? ` — ${t('katalog.rat.decision.target_date')}: ${dateOnlyLabel(ctx, open.target_date)}` : ''}
          </p>
          <p>
            {t('katalog.rat.decision.reason')}: {open.reason}
            {open.legal_basis ? ` (${t('katalog.field.legal_basis')}: ${open.legal_basis})` : ''}
          </p>
          {data.canDecide ? <DecisionActions ctx={ctx} d={open} returnTo={`/katalog/apps/${data.appId}`} /> : null}
        </div>
      ) : (
        <p>{t('katalog.rat.decision.none_open')}</p>
      )}
      {data.canDecide && !open && !data.ended ? (
        <p>
          <a class="button button-secondary" href={`/katalog/apps/${data.appId}/decisions/new`}>
            {t('katalog.rat.decision.new')}
          </a>
        </p>
      ) : null}
      {past.length ? <DecisionTable ctx={ctx} items={past} today={data.today} caption={t('katalog.rat.decision.past')} showApp={false} canDecide={false} returnTo="" /> : null}
    </section>
  );
}
