import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../../../platform/html/components.tsx';
import { PASSWORD_MIN_LENGTH } from '../../../../platform/auth/passwords.ts';
import type { Option } from '../../views/components.tsx';
import type { CitizenProfile } from '../use-cases/profile.ts';
import type { Consent } from '../use-cases/consents.ts';
import '../../messages.ts';

export function RegisterPage(props: { ctx: PageContext; form: FormState }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.register.title')} crumbs={[{ href: '/layanan', label: t('portal.home.title') }, { label: t('portal.register.title') }]}>
      <div class="narrow">
        <h1>{t('portal.register.title')}</h1>
        <p>{t('portal.register.intro')}</p>
        <form method="post" action="/daftar" novalidate>
          <ErrorSummary ctx={ctx} errors={form.errors} />
          <CsrfField ctx={ctx} />
          <TextField ctx={ctx} form={form} name="name" label={t('portal.register.name')} autocomplete="name" required />
          <TextField ctx={ctx} form={form} name="email" label={t('portal.register.email')} hint={t('portal.register.email_hint')} type="email" autocomplete="email" required />
          <TextField
            ctx={ctx}
            form={form}
            name="password"
            label={t('portal.register.password')}
            hint={t('portal.register.password_hint', { min: PASSWORD_MIN_LENGTH })}
            type="password"
            autocomplete="new-password"
            required
          />
          <TextField ctx={ctx} form={form} name="confirmPassword" label={t('portal.register.confirm')} type="password" autocomplete="new-password" required />
          <button type="submit" class="button">
            {t('portal.register.submit')}
          </button>
        </form>
        <p>
          <a href="/login">{t('portal.register.have_account')}</a>
        </p>
      </div>
    </Layout>
  );
}

export function RegisterSentPage(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('portal.register.sent_title')}>
      <div class="narrow">
        <h1>{t('portal.register.sent_title')}</h1>
        <p>{t('portal.register.sent_body')}</p>
      </div>
    </Layout>
  );
}

export function VerifyPage(props: { ctx: PageContext; token: string; valid: boolean; form: FormState }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.register.verify_title')}>
      <div class="narrow">
        <h1>{t('portal.register.verify_title')}</h1>
        <ErrorSummary ctx={ctx} errors={props.form.errors} />
        {props.valid ? (
          <form method="post" action="/daftar/verifikasi">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="token" value={props.token} />
            <p id="f-token">{t('portal.register.verify_body')}</p>
            <button type="submit" class="button">
              {t('portal.register.verify_submit')}
            </button>
          </form>
        ) : props.form.errors.length === 0 ? (
          <p>{t('portal.register.link_invalid')}</p>
        ) : null}
      </div>
    </Layout>
  );
}

export function ProfilePage(props: { ctx: PageContext; profile: CitizenProfile; form: FormState; regencies: Option[]; districts: Option[] }) {
  const { ctx, profile, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.profile.title')}>
      <div class="narrow">
        <h1>{t('portal.profile.title')}</h1>
        <p>{t('portal.profile.intro')}</p>
        <dl class="summary-list">
          <dt>{t('portal.profile.email')}</dt>
          <dd>{profile.email}</dd>
          <dt>{t('portal.profile.nik')}</dt>
          <dd>{profile.nikMasked ?? t('portal.profile.nik_none')}</dd>
        </dl>
        <form method="post" action="/warga/profil" novalidate>
          <ErrorSummary ctx={ctx} errors={form.errors} />
          <CsrfField ctx={ctx} />
          <TextField ctx={ctx} form={form} name="name" label={t('portal.profile.name')} autocomplete="name" required />
          <TextField
            ctx={ctx}
            form={form}
            name="nik"
            label={t('portal.profile.nik')}
            hint={profile.nikMasked ? t('portal.profile.nik_current', { nik: profile.nikMasked }) : t('portal.profile.nik_hint')}
            inputmode="numeric"
            autocomplete="off"
            maxLength={24}
            optional
          />
          <TextField ctx={ctx} form={form} name="phone" label={t('portal.profile.phone')} hint={t('portal.profile.phone_hint')} type="tel" autocomplete="tel" optional />
          <fieldset>
            <legend>{t('portal.profile.address_legend')}</legend>
            <SelectField ctx={ctx} form={form} name="regencyCode" label={t('portal.profile.regency')} options={props.regencies} emptyLabel="—" optional />
            <SelectField ctx={ctx} form={form} name="districtCode" label={t('portal.profile.district')} hint={t('portal.profile.district_hint')} options={props.districts} emptyLabel="—" optional />
            <TextField ctx={ctx} form={form} name="address" label={t('portal.profile.address')} autocomplete="street-address" optional />
          </fieldset>
          <button type="submit" class="button">
            {t('common.save')}
          </button>
        </form>
        <p>
          <a href="/warga/persetujuan">{t('portal.profile.consents_link')}</a>
        </p>
      </div>
    </Layout>
  );
}

export function ConsentsPage(props: { ctx: PageContext; consents: Consent[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.consents.title')} crumbs={[{ href: '/warga/profil', label: t('portal.profile.title') }, { label: t('portal.consents.title') }]}>
      <h1>{t('portal.consents.title')}</h1>
      <p>{t('portal.consents.intro')}</p>
      {props.consents.length === 0 ? (
        <p>{t('portal.consents.none')}</p>
      ) : (
        <table>
          <caption>{t('portal.consents.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portal.consents.purpose')}</th>
              <th scope="col">{t('portal.consents.elements')}</th>
              <th scope="col">{t('portal.consents.agency')}</th>
              <th scope="col">{t('portal.consents.granted')}</th>
              <th scope="col">{t('portal.consents.state')}</th>
            </tr>
          </thead>
          <tbody>
            {props.consents.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.purpose}
                  {c.serviceName && c.serviceKey ? (
                    <>
                      {' '}
                      (<a href={`/layanan/${c.serviceKey}`}>{c.serviceName}</a>)
                    </>
                  ) : null}
                </th>
                <td>{c.dataElements.join(', ')}</td>
                <td>{c.opdName ?? t('portal.consents.portal')}</td>
                <td>{ctx.fmt.date(c.grantedAt)}</td>
                <td>
                  {c.withdrawnAt ? (
                    t('portal.consents.withdrawn_at', { date: ctx.fmt.date(c.withdrawnAt) })
                  ) : (
                    <form method="post" action={`/warga/persetujuan/${c.id}/tarik`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <span>{t('portal.consents.active')}</span>{' '}
                      <button type="submit" class="button button-warning" aria-label={t('portal.consents.withdraw_label', { purpose: c.purpose })}>
                        {t('portal.consents.withdraw')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
