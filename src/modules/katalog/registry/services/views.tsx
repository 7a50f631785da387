import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { AuditHistoryItem } from '../../../../platform/audit/index.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { SyntheticNotice } from '../../views/app-pages.tsx';
import { SERVICE_AUDIENCES, SERVICE_CHANNELS } from '../db.ts';
import { CheckboxGroup, HistorySection, RefLinks, RegistryListLayout, RegistryNav, Row, type Option } from '../views/common.tsx';
import { SERVICE_STANDARD } from './standard.ts';
import type { ServiceDetail } from './use-cases/get-service.ts';
import './messages.ts';

export const audienceLabel = (ctx: PageContext, a: string) => ctx.t(`katalog.service.audience.${a}` as MessageKey);
export const channelLabel = (ctx: PageContext, c: string) => ctx.t(`katalog.service.channel.${c}` as MessageKey);
const crumbsBase = (ctx: PageContext) => [{ href: '/katalog/services', label: ctx.t('katalog.service.title') }];

export function feeText(ctx: PageContext, fee: string | number | null) {
  if (fee === null) return '—';
  return Number(fee) === 0 ? ctx.t('katalog.service.free') : ctx.fmt.money(Number(fee));
}

export function CompletenessText(props: { ctx: PageContext; c: ServiceDetail['completeness'] }) {
  return <>{props.ctx.t('katalog.service.completeness_value', { filled: props.c.filled, total: props.c.total })}</>;
}

export function ServiceListPage(props: {
  ctx: PageContext;
  items: ServiceDetail[];
  hasNext: boolean;
  page: number;
  filter: { q: string; opdId: string; audience: string };
  opdOptions: Option[];
  canCreate: boolean;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <RegistryListLayout
      ctx={ctx}
      area="service"
      path="/katalog/services"
      synthetic={props.items.some((s) => s.synthetic)}
      canCreate={props.canCreate}
      filter={filter}
      opdOptions={props.opdOptions}
      extraFilter={
        <SelectField ctx={ctx} name="audience" label={t('katalog.service.field.audience')} options={SERVICE_AUDIENCES.map((a) => ({ value: a, label: audienceLabel(ctx, a) }))} value={filter.audience} emptyLabel={t('common.all')} />
      }
    >
      {props.items.length === 0 ? (
        <p>{t('katalog.service.empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('katalog.service.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.service.field.name')}</th>
              <th scope="col">{t('katalog.field.opd')}</th>
              <th scope="col">{t('katalog.service.field.audience')}</th>
              <th scope="col">{t('katalog.service.completeness')}</th>
              <th scope="col">{t('katalog.service.field.sla')}</th>
              <th scope="col">{t('katalog.service.field.fee')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`/katalog/services/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.opd_name ?? t('katalog.no_owner')}</td>
                <td>{audienceLabel(ctx, s.audience)}</td>
                <td>
                  {s.completeness.filled}/{s.completeness.total}
                </td>
                <td>{s.sla_working_days ?? '—'}</td>
                <td>{feeText(ctx, s.fee)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </RegistryListLayout>
  );
}

export function ServiceFormPage(props: { ctx: PageContext; form: FormState; action: string; opdOptions: Option[]; title: string; isNew: boolean; version?: number; service?: { id: string; name: string } }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const crumbs = [...crumbsBase(ctx), ...(props.service ? [{ href: `/katalog/services/${props.service.id}`, label: props.service.name }] : []), { label: props.title }];
  return (
    <Layout ctx={ctx} title={props.title} crumbs={crumbs}>
      <h1>{props.title}</h1>
      <form method="post" action={props.action} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        {props.version ? <input type="hidden" name="version" value={String(props.version)} /> : null}
        {props.isNew ? <TextField ctx={ctx} form={form} name="key" label={t('katalog.field.key')} hint={t('katalog.field.key_hint')} optional maxLength={80} /> : null}
        <TextField ctx={ctx} form={form} name="name" label={t('katalog.service.field.name')} required maxLength={300} />
        <TextArea ctx={ctx} form={form} name="description" label={t('katalog.service.field.description')} optional />
        <SelectField ctx={ctx} form={form} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} emptyLabel={t('katalog.no_owner')} />
        <SelectField ctx={ctx} form={form} name="audience" label={t('katalog.service.field.audience')} options={SERVICE_AUDIENCES.map((a) => ({ value: a, label: audienceLabel(ctx, a) }))} required />
        <TextField ctx={ctx} form={form} name="ralCode" label={t('katalog.service.field.ral')} hint={t('katalog.service.field.ral_hint')} optional maxLength={40} />
        <TextField ctx={ctx} form={form} name="slaWorkingDays" inputmode="numeric" label={t('katalog.service.field.sla')} optional />
        <TextField ctx={ctx} form={form} name="fee" inputmode="numeric" label={t('katalog.service.field.fee')} hint={t('katalog.service.field.fee_hint')} optional />
        <TextField ctx={ctx} form={form} name="feeNote" label={t('katalog.service.field.fee_note')} optional maxLength={500} />
        <CheckboxGroup ctx={ctx} form={form} name="channels" legend={t('katalog.service.field.channels')} options={SERVICE_CHANNELS.map((c) => ({ value: c, label: channelLabel(ctx, c) }))} />
        <TextField ctx={ctx} form={form} name="appKeys" label={t('katalog.service.field.apps')} hint={t('katalog.registry.app_keys_hint')} optional />
        <fieldset>
          <legend>{t('katalog.service.field.standard')}</legend>
          <p class="hint">{t('katalog.service.field.standard_hint')}</p>
          {SERVICE_STANDARD.groups.map((g) => (
            <fieldset key={g.code}>
              <legend lang="id">{g.name}</legend>
              {g.components.map((c) => (
                <TextArea key={c.code} ctx={ctx} form={form} name={`std_${c.code}`} label={`${c.code}. ${c.name}`} optional rows={3} />
              ))}
            </fieldset>
          ))}
        </fieldset>
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

export function ServicePage(props: { ctx: PageContext; service: ServiceDetail; history: AuditHistoryItem[]; canEdit: boolean; canOpenApp: (opdId: string | null) => boolean }) {
  const { ctx, service: s } = props;
  const { t, fmt } = ctx;
  const title = t('katalog.service.page_title', { name: s.name });
  const missing = s.completeness.missing.map((code) => SERVICE_STANDARD.components.find((c) => c.code === code)?.name ?? code);
  return (
    <Layout ctx={ctx} title={title} crumbs={[...crumbsBase(ctx), { label: s.name }]}>
      <h1>{title}</h1>
      <SyntheticNotice ctx={ctx} show={s.synthetic} />
      {props.canEdit ? (
        <p>
          <a class="button button-secondary" href={`/katalog/services/${s.id}/edit`}>
            {t('katalog.edit')}
          </a>
        </p>
      ) : null}
      <dl class="summary-list">
        <Row label={t('katalog.field.key')}>
          <code>{s.key}</code>
        </Row>
        <Row label={t('katalog.service.field.description')}>{s.description}</Row>
        <Row label={t('katalog.field.opd')}>{s.opd_name ?? t('katalog.no_owner')}</Row>
        <Row label={t('katalog.service.field.audience')}>{audienceLabel(ctx, s.audience)}</Row>
        <Row label={t('katalog.service.field.ral')}>
          {s.ral_code ? (
            <>
              <code>{s.ral_code}</code> {s.ral_name ?? ''}
            </>
          ) : null}
        </Row>
        <Row label={t('katalog.service.field.sla')}>{s.sla_working_days === null ? null : t('katalog.service.days', { count: s.sla_working_days })}</Row>
        <Row label={t('katalog.service.field.fee')}>
          {feeText(ctx, s.fee)}
          {s.fee_note ? ` — ${s.fee_note}` : ''}
        </Row>
        <Row label={t('katalog.service.field.channels')}>{s.channels.map((c) => channelLabel(ctx, c)).join(', ')}</Row>
        <Row label={t('katalog.service.field.apps')}>
          <RefLinks ctx={ctx} items={s.apps.map((a) => ({ ...a, href: props.canOpenApp(a.opd_id) ? `/katalog/apps/${a.id}` : null }))} />
        </Row>
        <Row label={t('katalog.field.updated_at')}>{fmt.dateTime(s.updated_at)}</Row>
      </dl>
      <h2>{t('katalog.service.field.standard')}</h2>
      <p>
        <strong>{t('katalog.service.completeness')}:</strong> <CompletenessText ctx={ctx} c={s.completeness} />
        {missing.length ? (
          <>
            {'. '}
            {t('katalog.service.missing', { list: missing.join(', ') })}
          </>
        ) : null}
      </p>
      <dl class="summary-list">
        {SERVICE_STANDARD.components.map((c) => (
          <Row key={c.code} label={`${c.code}. ${c.name}`}>
            {s.standard[c.code]}
          </Row>
        ))}
      </dl>
      <HistorySection ctx={ctx} history={props.history} />
    </Layout>
  );
}
