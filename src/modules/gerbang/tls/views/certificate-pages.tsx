import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { GerbangSettings } from '../../config.ts';
import type { SubsystemRow } from '../../control/repo.ts';
import { subsystemIdOf } from '../../control/use-cases/visibility.ts';
import { rootCrumb } from '../../control/views/common.tsx';
import type { ClientCertRow } from '../repo.ts';
import type { CertificateStatus } from '../use-cases/list-client-certificates.ts';
import { MAX_CERT_DAYS } from '../use-cases/issue-client-certificate.ts';
import '../messages.ts';

type CertificateView = ClientCertRow & { status: CertificateStatus };

const shortHex = (hex: string) => `${hex.slice(0, 16)}…`;

function IssueForm(props: { ctx: PageContext; settings: GerbangSettings; subsystem: SubsystemRow; form: FormState }) {
  const { ctx, subsystem: s } = props;
  const { t } = ctx;
  const identifier = subsystemIdOf(props.settings, s);
  return (
    <form method="post" action={`/gerbang/subsystems/${s.id}/certificates`} novalidate>
      <h3 id="issue-certificate">{t('tls.issue')}</h3>
      <ErrorSummary ctx={ctx} errors={props.form.errors} labels={{ csr: t('tls.csr'), days: t('tls.days') }} />
      <CsrfField ctx={ctx} />
      <p>{t('tls.issue_intro')}</p>
      <TextArea ctx={ctx} form={props.form} name="csr" label={t('tls.csr')} hint={t('tls.csr_hint', { client: identifier })} optional rows={8} />
      <div class="narrow">
        <TextField ctx={ctx} form={props.form} name="days" label={t('tls.days')} hint={t('tls.days_hint', { days: props.settings.certDays, max: MAX_CERT_DAYS })} inputmode="numeric" optional maxLength={4} />
      </div>
      <button type="submit" class="button">
        {t('tls.issue')}
      </button>
    </form>
  );
}

/** The subsystem page's section: its client certificates, revoke buttons and the issue form. */
export function CertificatesSection(props: { ctx: PageContext; settings: GerbangSettings; subsystem: SubsystemRow; certificates: CertificateView[]; canManage: boolean; form: FormState }) {
  const { ctx, subsystem: s } = props;
  const { t, fmt } = ctx;
  const identifier = subsystemIdOf(props.settings, s);
  return (
    <>
      <h2 id="certificates">{t('tls.certificates')}</h2>
      <p>{t('tls.certificates_intro', { client: identifier })}</p>
      <p>
        <a href="/gerbang/ca.pem">{t('tls.ca_link')}</a>
      </p>
      {props.certificates.length === 0 ? (
        <p>{t('tls.certificates_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('tls.certificates')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tls.serial')}</th>
              <th scope="col">{t('tls.key')}</th>
              <th scope="col">{t('tls.valid_from')}</th>
              <th scope="col">{t('tls.valid_until')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.certificates.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <code title={`${t('tls.fingerprint')}: ${c.fingerprint}`}>{shortHex(c.serial)}</code>
                </th>
                <td>{c.key_algorithm}</td>
                <td>{fmt.dateTime(c.not_before)}</td>
                <td>{fmt.dateTime(c.not_after)}</td>
                <td>{t(`tls.status.${c.status}`)}</td>
                <td>
                  <a href={`/gerbang/subsystems/${s.id}/certificates/${c.id}/certificate.pem`} download={`${s.code}-${c.serial.slice(0, 8)}.pem`}>
                    {t('tls.download')}
                    <span class="visually-hidden"> {c.serial}</span>
                  </a>
                  {props.canManage && !c.revoked_at ? (
                    <form method="post" action={`/gerbang/subsystems/${s.id}/certificates/${c.id}/revoke`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="link-button" aria-label={t('tls.revoke_label', { serial: c.serial })}>
                        {t('tls.revoke')}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canManage && s.active ? <IssueForm ctx={ctx} settings={props.settings} subsystem={s} form={props.form} /> : null}
    </>
  );
}

/** The issue form on a page of its own: where a refused request comes back with its errors. */
export function IssueCertificatePage(props: { ctx: PageContext; settings: GerbangSettings; subsystem: SubsystemRow; form: FormState }) {
  const { ctx, subsystem } = props;
  const { t } = ctx;
  const back = `/gerbang/subsystems/${subsystem.id}`;
  return (
    <Layout ctx={ctx} title={t('tls.issue')} crumbs={[rootCrumb(ctx), { href: back, label: subsystem.name }, { label: t('tls.issue') }]}>
      <h1>{t('tls.issue')}</h1>
      <IssueForm ctx={ctx} settings={props.settings} subsystem={subsystem} form={props.form} />
      <p>
        <a href={`${back}#certificates`}>{t('tls.back')}</a>
      </p>
    </Layout>
  );
}

/** Shown once, straight from the issue POST: a private key Padu made is never stored. */
export function CertificateIssuedPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  subsystem: SubsystemRow;
  certificate: ClientCertRow;
  privateKeyPem: string | null;
  caPem: string;
  tlsBase: string;
}) {
  const { ctx, subsystem, certificate: c } = props;
  const { t, fmt } = ctx;
  const identifier = subsystemIdOf(props.settings, subsystem);
  const back = `/gerbang/subsystems/${subsystem.id}`;
  const pem = (id: string, label: string, value: string) => (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} readOnly rows={value.split('\n').length} spellcheck={false} autocomplete="off">
        {value}
      </textarea>
    </div>
  );
  return (
    <Layout ctx={ctx} title={t('tls.issued_title')} crumbs={[rootCrumb(ctx), { href: back, label: subsystem.name }, { label: t('tls.issued_title') }]}>
      <h1>{t('tls.issued_title')}</h1>
      {props.privateKeyPem ? (
        <div class="flash" role="alert">
          <h2>{t('gerbang.token_copy_now')}</h2>
          <p>{t('tls.issued_key_warning')}</p>
        </div>
      ) : null}
      <dl class="summary-list">
        <dt>{t('gerbang.identifier')}</dt>
        <dd>
          <code>{identifier}</code>
        </dd>
        <dt>{t('tls.serial')}</dt>
        <dd>
          <code>{c.serial}</code>
        </dd>
        <dt>{t('tls.fingerprint')}</dt>
        <dd>
          <code>{c.fingerprint}</code>
        </dd>
        <dt>{t('tls.key')}</dt>
        <dd>{c.key_algorithm}</dd>
        <dt>{t('tls.valid_until')}</dt>
        <dd>{fmt.dateTime(c.not_after)}</dd>
      </dl>
      {props.privateKeyPem ? pem('f-private-key', t('tls.private_key'), props.privateKeyPem) : null}
      {pem('f-certificate', t('tls.certificate'), c.certificate)}
      {pem('f-ca', t('tls.ca_certificate'), props.caPem)}
      <p>{t('tls.usage')}</p>
      <pre>
        <code>{`curl --cert klien.crt --key klien.key --cacert padu-ca.pem \\\n     -H "X-Road-Client: ${identifier}" \\\n     ${props.tlsBase}/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE/…`}</code>
      </pre>
      <p>
        <a href={`${back}#certificates`}>{t('tls.back')}</a>
      </p>
    </Layout>
  );
}
