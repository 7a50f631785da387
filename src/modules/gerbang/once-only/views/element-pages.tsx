import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { GerbangSettings } from '../../config.ts';
import { CheckboxField, GerbangNav, rootCrumb } from '../../control/views/common.tsx';
import { KEY_KINDS, SUBJECT_KINDS, type KeyKind, type SubjectKind } from '../db.ts';
import type { ElementRow } from '../repo.ts';
import { elementServiceId } from '../schemas.ts';

export const SUBJECT_KIND_KEYS = {
  person: 'once_only.subject.person',
  business: 'once_only.subject.business',
  parcel: 'once_only.subject.parcel',
  other: 'once_only.subject.other',
} as const satisfies Record<SubjectKind, MessageKey>;

export const KEY_KIND_KEYS = {
  nik: 'once_only.key.nik',
  nkk: 'once_only.key.nkk',
  nib: 'once_only.key.nib',
  nop: 'once_only.key.nop',
  other: 'once_only.key.other',
} as const satisfies Record<KeyKind, MessageKey>;

const labels = (ctx: PageContext): Record<string, string> => ({
  code: ctx.t('once_only.code'),
  name: ctx.t('once_only.name'),
  description: ctx.t('once_only.description'),
  subjectKind: ctx.t('once_only.subject_kind'),
  keyKind: ctx.t('once_only.key_kind'),
  serviceId: ctx.t('once_only.source_service'),
  pathTemplate: ctx.t('once_only.path_template'),
  fields: ctx.t('once_only.fields'),
  recordKey: ctx.t('once_only.record_key'),
  changedFields: ctx.t('once_only.changed_fields'),
});

function ElementFields(props: { ctx: PageContext; form: FormState; editing: boolean; serviceOptions: { value: string; label: string }[] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <>
      <div class="narrow">
        {props.editing ? null : <TextField ctx={ctx} form={form} name="code" label={t('once_only.code')} hint={t('once_only.code_hint')} maxLength={60} required />}
        <TextField ctx={ctx} form={form} name="name" label={t('once_only.name')} maxLength={200} required />
        <TextArea ctx={ctx} form={form} name="description" label={t('once_only.description')} optional rows={2} />
        <SelectField ctx={ctx} form={form} name="subjectKind" label={t('once_only.subject_kind')} options={SUBJECT_KINDS.map((k) => ({ value: k, label: t(SUBJECT_KIND_KEYS[k]) }))} required />
        <SelectField ctx={ctx} form={form} name="keyKind" label={t('once_only.key_kind')} options={KEY_KINDS.map((k) => ({ value: k, label: t(KEY_KIND_KEYS[k]) }))} required />
        <SelectField ctx={ctx} form={form} name="serviceId" label={t('once_only.source_service')} hint={t('once_only.source_service_hint')} options={props.serviceOptions} emptyLabel="" required />
        <TextField ctx={ctx} form={form} name="pathTemplate" label={t('once_only.path_template')} hint={t('once_only.path_template_hint')} maxLength={500} required />
      </div>
      <TextArea ctx={ctx} form={form} name="fields" label={t('once_only.fields')} hint={t('once_only.fields_hint')} rows={6} required />
      {props.editing ? <CheckboxField ctx={ctx} name="active" label={t('once_only.active')} hint={t('once_only.active_hint')} checked={form.values.active === true || form.values.active === 'true'} /> : null}
    </>
  );
}

/** The registry of authoritative sources: each data element, its ONE source, and (for the SPBE team) registering one. */
export function ElementListPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  elements: ElementRow[];
  canManage: boolean;
  serviceOptions: { value: string; label: string }[];
  form: FormState;
}) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('once_only.elements_title')} crumbs={[rootCrumb(ctx), { label: t('once_only.elements_title') }]}>
      <h1>{t('once_only.elements_title')}</h1>
      <p class="lead">{t('once_only.elements_intro')}</p>
      <GerbangNav ctx={ctx} current="/gerbang/elements" />
      {props.elements.length === 0 ? (
        <p>{t('once_only.elements_empty')}</p>
      ) : (
        <table>
          <caption>{t('once_only.elements_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('once_only.code')}</th>
              <th scope="col">{t('once_only.name')}</th>
              <th scope="col">{t('once_only.key_kind')}</th>
              <th scope="col">{t('once_only.source')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.elements.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <a href={`/gerbang/elements/${e.id}`}>
                    <code>{e.code}</code>
                  </a>
                </th>
                <td>{e.name}</td>
                <td>{t(KEY_KIND_KEYS[e.key_kind])}</td>
                <td>
                  {e.provider_opd_name}
                  <br />
                  <code>
                    {e.method} {elementServiceId(props.settings, e)}
                    {e.path_template}
                  </code>
                </td>
                <td>{e.active ? t('once_only.active_yes') : t('once_only.active_no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canManage ? (
        <>
          <h2 id="new-element">{t('once_only.new_element')}</h2>
          <form method="post" action="/gerbang/elements" novalidate>
            <ErrorSummary ctx={ctx} errors={form.errors} labels={labels(ctx)} />
            <CsrfField ctx={ctx} />
            <ElementFields ctx={ctx} form={form} editing={false} serviceOptions={props.serviceOptions} />
            <button type="submit" class="button">
              {t('once_only.new_element_submit')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

/** One data element: its source, its fields; editing (SPBE team) and publishing a change (the source's agency). */
export function ElementPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  element: ElementRow;
  canManage: boolean;
  canPublish: boolean;
  serviceOptions: { value: string; label: string }[];
  editForm: FormState;
  changeForm: FormState;
}) {
  const { ctx, element: e } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={e.name} crumbs={[rootCrumb(ctx), { href: '/gerbang/elements', label: t('once_only.elements_title') }, { label: e.code }]}>
      <h1>{e.name}</h1>
      <GerbangNav ctx={ctx} current="/gerbang/elements" />
      {e.description ? <p>{e.description}</p> : null}
      <dl class="facts">
        <dt>{t('once_only.code')}</dt>
        <dd>
          <code>{e.code}</code>
        </dd>
        <dt>{t('once_only.subject_kind')}</dt>
        <dd>{t(SUBJECT_KIND_KEYS[e.subject_kind])}</dd>
        <dt>{t('once_only.key_kind')}</dt>
        <dd>{t(KEY_KIND_KEYS[e.key_kind])}</dd>
        <dt>{t('once_only.source')}</dt>
        <dd>
          {e.provider_opd_name} — <a href={`/gerbang/services/${e.service_id}`}>{e.service_name}</a>
          <br />
          <code>
            {e.method} /r1/{elementServiceId(props.settings, e)}
            {e.path_template}
          </code>
        </dd>
        <dt>{t('common.status')}</dt>
        <dd>{e.active ? t('once_only.active_yes') : t('once_only.active_no')}</dd>
      </dl>
      <h2>{t('once_only.fields')}</h2>
      <table>
        <caption class="visually-hidden">{t('once_only.fields')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('once_only.field_name')}</th>
            <th scope="col">{t('once_only.field_label')}</th>
            <th scope="col">{t('once_only.field_type')}</th>
            <th scope="col">{t('once_only.field_source')}</th>
          </tr>
        </thead>
        <tbody>
          {e.fields.map((f) => (
            <tr key={f.name}>
              <th scope="row">
                <code>{f.name}</code>
              </th>
              <td>{f.label}</td>
              <td>{f.type}</td>
              <td>
                <code>{f.source ?? f.name}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canPublish ? (
        <>
          <h2 id="publish">{t('once_only.publish_title')}</h2>
          <p>{t('once_only.publish_intro')}</p>
          <form method="post" action={`/gerbang/elements/${e.id}/changes`} novalidate>
            <ErrorSummary ctx={ctx} errors={props.changeForm.errors} labels={labels(ctx)} />
            <CsrfField ctx={ctx} />
            <div class="narrow">
              <TextField ctx={ctx} form={props.changeForm} name="recordKey" label={t('once_only.record_key')} hint={t(KEY_KIND_KEYS[e.key_kind])} maxLength={100} required />
              <TextField ctx={ctx} form={props.changeForm} name="changedFields" label={t('once_only.changed_fields')} hint={t('once_only.changed_fields_hint')} optional maxLength={1000} />
            </div>
            <button type="submit" class="button button-secondary">
              {t('once_only.publish_submit')}
            </button>
          </form>
        </>
      ) : null}
      {props.canManage ? (
        <>
          <h2 id="edit">{t('once_only.edit_element')}</h2>
          <form method="post" action={`/gerbang/elements/${e.id}`} novalidate>
            <ErrorSummary ctx={ctx} errors={props.editForm.errors} labels={labels(ctx)} />
            <CsrfField ctx={ctx} />
            <ElementFields ctx={ctx} form={props.editForm} editing serviceOptions={props.serviceOptions} />
            <button type="submit" class="button">
              {t('once_only.save')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}
