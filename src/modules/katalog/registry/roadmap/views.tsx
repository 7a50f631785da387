import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { AuditHistoryItem } from '../../../../platform/audit/index.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { SyntheticNotice } from '../../views/app-pages.tsx';
import { ROADMAP_AREAS } from '../../db.ts';
import { ROADMAP_STATUSES } from '../db.ts';
import { HistorySection, RefLinks, RegistryNav, Row, type Option } from '../views/common.tsx';
import type { RoadmapDetail } from './use-cases/get-roadmap-item.ts';
import './messages.ts';

export const areaLabel = (ctx: PageContext, a: string) => ctx.t(`katalog.roadmap.area.${a}` as MessageKey);
export const statusLabel = (ctx: PageContext, s: string) => ctx.t(`katalog.roadmap.status.${s}` as MessageKey);
const crumbsBase = (ctx: PageContext) => [{ href: '/katalog/roadmap', label: ctx.t('katalog.roadmap.title') }];

/** The years the timeline shows: the span of the items, at most 15 columns. */
export function timelineYears(items: { start_year: number; end_year: number }[]): number[] {
  if (items.length === 0) return [];
  const first = Math.min(...items.map((i) => i.start_year));
  const last = Math.min(Math.max(...items.map((i) => i.end_year)), first + 14);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export function RoadmapPage(props: { ctx: PageContext; items: RoadmapDetail[]; filter: { opdId: string; area: string; status: string; year: string }; opdOptions: Option[]; canCreate: boolean }) {
  const { ctx, items, filter } = props;
  const { t } = ctx;
  const years = timelineYears(items);
  return (
    <Layout ctx={ctx} title={t('katalog.roadmap.title')} crumbs={[{ href: '/katalog/apps', label: t('nav.katalog') }, { label: t('katalog.roadmap.title') }]}>
      <h1>{t('katalog.roadmap.title')}</h1>
      <RegistryNav ctx={ctx} current="/katalog/roadmap" />
      <p>{t('katalog.roadmap.intro')}</p>
      <SyntheticNotice ctx={ctx} show={items.some((i) => i.synthetic)} />
      {props.canCreate ? (
        <p>
          <a class="button" href="/katalog/roadmap/new">
            {t('katalog.roadmap.new')}
          </a>
        </p>
      ) : null}
      <form method="get" action="/katalog/roadmap" class="filters">
        {props.opdOptions.length > 1 ? <SelectField ctx={ctx} name="opdId" label={t('katalog.roadmap.field.owner')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} /> : null}
        <SelectField ctx={ctx} name="area" label={t('katalog.roadmap.field.area')} options={ROADMAP_AREAS.map((a) => ({ value: a, label: areaLabel(ctx, a) }))} value={filter.area} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="status" label={t('katalog.roadmap.field.status')} options={ROADMAP_STATUSES.map((s) => ({ value: s, label: statusLabel(ctx, s) }))} value={filter.status} emptyLabel={t('common.all')} />
        <TextField ctx={ctx} name="year" inputmode="numeric" label={t('katalog.roadmap.field.years')} value={filter.year} />
        <button type="submit" class="button button-secondary">
          {t('common.filter')}
        </button>
      </form>
      {items.length === 0 ? (
        <p>{t('katalog.roadmap.empty')}</p>
      ) : (
        <table>
          <caption>{t('katalog.roadmap.timeline')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.roadmap.field.title')}</th>
              <th scope="col">{t('katalog.roadmap.field.owner')}</th>
              <th scope="col">{t('katalog.roadmap.field.status')}</th>
              {years.map((y) => (
                <th scope="col" key={y}>
                  {y}
                </th>
              ))}
            </tr>
          </thead>
          {ROADMAP_AREAS.filter((a) => items.some((i) => i.area === a)).map((area) => (
            <tbody key={area}>
              <tr>
                <th scope="rowgroup" colSpan={3 + years.length}>
                  {areaLabel(ctx, area)}
                </th>
              </tr>
              {items
                .filter((i) => i.area === area)
                .map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <a href={`/katalog/roadmap/${i.id}`}>{i.title}</a>
                    </th>
                    <td>{i.owner_name ?? t('katalog.roadmap.no_owner')}</td>
                    <td>{statusLabel(ctx, i.status)}</td>
                    {years.map((y) => (
                      <td key={y}>
                        {y >= i.start_year && y <= i.end_year ? (
                          <>
                            <span aria-hidden="true">■</span>
                            <span class="visually-hidden">{t('katalog.roadmap.in_year', { year: y })}</span>
                          </>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                ))}
            </tbody>
          ))}
        </table>
      )}
    </Layout>
  );
}

export function RoadmapFormPage(props: { ctx: PageContext; form: FormState; opdOptions: Option[]; item?: RoadmapDetail }) {
  const { ctx, form, item } = props;
  const { t } = ctx;
  const title = item ? t('katalog.roadmap.edit_title', { title: item.title }) : t('katalog.roadmap.new');
  const crumbs = [...crumbsBase(ctx), ...(item ? [{ href: `/katalog/roadmap/${item.id}`, label: item.title }] : []), { label: title }];
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs}>
      <h1>{title}</h1>
      <form method="post" action={item ? `/katalog/roadmap/${item.id}` : '/katalog/roadmap'} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        {item ? <input type="hidden" name="version" value={String(item.version)} /> : <TextField ctx={ctx} form={form} name="key" label={t('katalog.field.key')} hint={t('katalog.field.key_hint')} optional maxLength={80} />}
        <SelectField ctx={ctx} form={form} name="area" label={t('katalog.roadmap.field.area')} options={ROADMAP_AREAS.map((a) => ({ value: a, label: areaLabel(ctx, a) }))} required />
        <TextField ctx={ctx} form={form} name="title" label={t('katalog.roadmap.field.title')} required maxLength={300} />
        <TextArea ctx={ctx} form={form} name="description" label={t('katalog.roadmap.field.description')} optional rows={3} />
        <TextArea ctx={ctx} form={form} name="baseline" label={t('katalog.roadmap.field.baseline')} optional rows={2} />
        <TextArea ctx={ctx} form={form} name="target" label={t('katalog.roadmap.field.target')} optional rows={2} />
        <TextField ctx={ctx} form={form} name="startYear" inputmode="numeric" label={t('katalog.roadmap.field.start_year')} required maxLength={4} />
        <TextField ctx={ctx} form={form} name="endYear" inputmode="numeric" label={t('katalog.roadmap.field.end_year')} required maxLength={4} />
        <SelectField ctx={ctx} form={form} name="ownerOpdId" label={t('katalog.roadmap.field.owner')} options={props.opdOptions} emptyLabel={t('katalog.roadmap.no_owner')} />
        <TextField ctx={ctx} form={form} name="budgetCode" label={t('katalog.roadmap.field.budget_code')} hint={t('katalog.roadmap.field.budget_code_hint')} optional maxLength={40} />
        <SelectField ctx={ctx} form={form} name="status" label={t('katalog.roadmap.field.status')} options={ROADMAP_STATUSES.map((s) => ({ value: s, label: statusLabel(ctx, s) }))} required />
        <fieldset>
          <legend>{t('katalog.roadmap.field.links')}</legend>
          <p class="hint">{t('katalog.roadmap.field.links_hint')}</p>
          <TextField ctx={ctx} form={form} name="linkApps" label={t('katalog.roadmap.field.link_apps')} optional />
          <TextField ctx={ctx} form={form} name="linkServices" label={t('katalog.roadmap.field.link_services')} optional />
          <TextField ctx={ctx} form={form} name="linkDatasets" label={t('katalog.roadmap.field.link_datasets')} optional />
          <TextField ctx={ctx} form={form} name="linkInfra" label={t('katalog.roadmap.field.link_infra')} optional />
        </fieldset>
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

export function RoadmapItemPage(props: { ctx: PageContext; item: RoadmapDetail; history: AuditHistoryItem[]; canEdit: boolean }) {
  const { ctx, item: i } = props;
  const { t, fmt } = ctx;
  const title = t('katalog.roadmap.page_title', { title: i.title });
  const refs = (list: RoadmapDetail['links']['app'], base: string) => list.map((r) => ({ ...r, href: `${base}/${r.id}` }));
  return (
    <Layout ctx={ctx} title={title} crumbs={[...crumbsBase(ctx), { label: i.title }]}>
      <h1>{title}</h1>
      <SyntheticNotice ctx={ctx} show={i.synthetic} />
      {props.canEdit ? (
        <p>
          <a class="button button-secondary" href={`/katalog/roadmap/${i.id}/edit`}>
            {t('katalog.edit')}
          </a>
        </p>
      ) : null}
      <dl class="summary-list">
        <Row label={t('katalog.field.key')}>
          <code>{i.key}</code>
        </Row>
        <Row label={t('katalog.roadmap.field.area')}>{areaLabel(ctx, i.area)}</Row>
        <Row label={t('katalog.roadmap.field.description')}>{i.description}</Row>
        <Row label={t('katalog.roadmap.field.baseline')}>{i.baseline}</Row>
        <Row label={t('katalog.roadmap.field.target')}>{i.target}</Row>
        <Row label={t('katalog.roadmap.field.years')}>{i.start_year === i.end_year ? String(i.start_year) : `${i.start_year}–${i.end_year}`}</Row>
        <Row label={t('katalog.roadmap.field.owner')}>{i.owner_name ?? t('katalog.roadmap.no_owner')}</Row>
        <Row label={t('katalog.roadmap.field.budget_code')}>{i.budget_code ? <code>{i.budget_code}</code> : null}</Row>
        <Row label={t('katalog.roadmap.field.status')}>{statusLabel(ctx, i.status)}</Row>
        <Row label={t('katalog.roadmap.field.link_apps')}>
          <RefLinks ctx={ctx} items={refs(i.links.app, '/katalog/apps')} />
        </Row>
        <Row label={t('katalog.roadmap.field.link_services')}>
          <RefLinks ctx={ctx} items={refs(i.links.service, '/katalog/services')} />
        </Row>
        <Row label={t('katalog.roadmap.field.link_datasets')}>
          <RefLinks ctx={ctx} items={refs(i.links.dataset, '/katalog/datasets')} />
        </Row>
        <Row label={t('katalog.roadmap.field.link_infra')}>
          <RefLinks ctx={ctx} items={refs(i.links.infra, '/katalog/infra')} />
        </Row>
        <Row label={t('katalog.field.updated_at')}>{fmt.dateTime(i.updated_at)}</Row>
      </dl>
      <HistorySection ctx={ctx} history={props.history} />
    </Layout>
  );
}
