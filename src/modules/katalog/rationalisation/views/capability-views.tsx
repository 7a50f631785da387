import type { PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { SelectField } from '../../../../platform/html/components.tsx';
import type { CapabilityCoverage } from '../use-cases/get-capability-coverage.ts';

type Option = { value: string; label: string };
type Item = CapabilityCoverage['items'][number];

function CapabilityTable(props: { ctx: PageContext; items: Item[]; caption: string; withApps: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('katalog.rat.capability.code')}</th>
          <th scope="col">{t('katalog.rat.capability.name')}</th>
          {props.withApps ? <th scope="col">{t('katalog.rat.capability.apps')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.items.map((i) => (
          <tr key={i.code}>
            <th scope="row">
              <code>{i.code}</code>
            </th>
            <td>{i.name}</td>
            {props.withApps ? (
              <td>
                <ul class="plain-list">
                  {i.apps.map((a) => (
                    <li key={a.id}>
                      <a href={`/katalog/apps/${a.id}`}>{a.acronym ? `${a.name} (${a.acronym})` : a.name}</a> — {a.opdName ?? t('katalog.no_owner')}
                    </li>
                  ))}
                </ul>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Which level-2 capabilities no active app supports, which one supports, and which several do. */
export function CapabilityPage(props: { ctx: PageContext; coverage: CapabilityCoverage; filter: { opdId: string; kind: string }; opdOptions: Option[] }) {
  const { ctx, coverage, filter } = props;
  const { t, fmt } = ctx;
  const several = coverage.items.filter((i) => i.apps.length > 1).sort((a, b) => b.apps.length - a.apps.length || a.code.localeCompare(b.code));
  const single = coverage.items.filter((i) => i.apps.length === 1);
  const gaps = coverage.items.filter((i) => i.apps.length === 0);
  return (
    <Layout ctx={ctx} title={t('katalog.rat.capability.title')} crumbs={[{ href: '/katalog', label: t('katalog.rat.overview.title') }, { label: t('katalog.rat.capability.title') }]}>
      <h1>{t('katalog.rat.capability.title')}</h1>
      <p>{t('katalog.rat.capability.intro')}</p>
      <form method="get" action="/katalog/capabilities" class="filters">
        <SelectField
          ctx={ctx}
          name="kind"
          label={t('katalog.rat.capability.kind')}
          options={[
            { value: 'RAB', label: t('katalog.rat.capability.kind_rab') },
            { value: 'RAL', label: t('katalog.rat.capability.kind_ral') },
          ]}
          value={filter.kind}
          emptyLabel={t('common.all')}
        />
        {props.opdOptions.length > 1 ? <SelectField ctx={ctx} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} /> : null}
        <button type="submit" class="button button-secondary">
          {t('katalog.rat.filter')}
        </button>
      </form>
      <dl class="summary-list">
        <dt>{t('katalog.rat.capability.several')}</dt>
        <dd>{fmt.number(coverage.several)}</dd>
        <dt>{t('katalog.rat.capability.single')}</dt>
        <dd>{fmt.number(coverage.single)}</dd>
        <dt>{t('katalog.rat.capability.gaps')}</dt>
        <dd>{fmt.number(coverage.gaps)}</dd>
      </dl>
      <h2>{t('katalog.rat.capability.several')}</h2>
      {several.length ? <CapabilityTable ctx={ctx} items={several} caption={t('katalog.rat.capability.several_caption')} withApps /> : <p>{t('katalog.rat.none')}</p>}
      <h2>{t('katalog.rat.capability.gaps')}</h2>
      {gaps.length ? <CapabilityTable ctx={ctx} items={gaps} caption={t('katalog.rat.capability.gaps_caption')} withApps={false} /> : <p>{t('katalog.rat.none')}</p>}
      <h2>{t('katalog.rat.capability.single')}</h2>
      {single.length ? <CapabilityTable ctx={ctx} items={single} caption={t('katalog.rat.capability.single_caption')} withApps /> : <p>{t('katalog.rat.none')}</p>}
    </Layout>
  );
}
