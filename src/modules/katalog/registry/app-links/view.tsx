import type { PageContext } from '../../../../platform/html/context.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { katalogPolicy } from '../../policy.ts';
import { channelLabel, IntegratedBadge } from '../integrations/views.tsx';
import { SecurityAuditTable } from '../infra/views.tsx';
import type { IntegrationRow } from '../integrations/repo.ts';
import type { AppLinks } from './get-app-links.ts';
import '../messages.ts';

function IntegrationList(props: { ctx: PageContext; items: IntegrationRow[]; side: 'consumer' | 'provider'; actor: Actor | null; canEdit: boolean }) {
  const { ctx, side } = props;
  const { t } = ctx;
  if (props.items.length === 0) return <p>{t('katalog.integration.none')}</p>;
  return (
    <ul class="plain-list">
      {props.items.map((g) => {
        const other = side === 'consumer' ? { id: g.consumer_app_id, name: g.consumer_name, opd: g.consumer_opd_id } : { id: g.provider_app_id, name: g.provider_name, opd: g.provider_opd_id };
        return (
          <li key={g.id}>
            {katalogPolicy.read(props.actor, other.opd) ? <a href={`/katalog/apps/${other.id}`}>{other.name}</a> : <>{other.name} {t('katalog.registry.not_linked_readable')}</>}
            {g.dataset_name ? ` (${g.dataset_name})` : ''} — {channelLabel(ctx, g.channel)} <IntegratedBadge ctx={ctx} integrated={g.integrated} />
            {props.canEdit && side === 'provider' ? (
              <>
                {' '}
                <a href={`/katalog/integrations/${g.id}/edit`}>
                  {t('katalog.edit')}
                  <span class="visually-hidden"> {other.name}</span>
                </a>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** The registry's section on an app's page (passed to AppPage as `extra`). */
export function AppLinksSection(props: { ctx: PageContext; links: AppLinks }) {
  const { ctx, links } = props;
  const { t } = ctx;
  const actor = ctx.actor;
  return (
    <>
      <h2>{t('katalog.registry.integrations')}</h2>
      <h3>{t('katalog.integration.fed_by')}</h3>
      <IntegrationList ctx={ctx} items={links.fedBy} side="provider" actor={actor} canEdit={links.canEdit} />
      <h3>{t('katalog.integration.feeds')}</h3>
      <IntegrationList ctx={ctx} items={links.feeds} side="consumer" actor={actor} canEdit={false} />
      {links.canEdit ? (
        <p>
          <a class="button button-secondary" href={`/katalog/integrations/new?appId=${links.app.id}`}>
            {t('katalog.integration.new')}
          </a>
        </p>
      ) : null}
      <h2>{t('katalog.service.delivered')}</h2>
      {links.services.length ? (
        <ul class="plain-list">
          {links.services.map((s) => (
            <li key={s.id}>
              <a href={`/katalog/services/${s.id}`}>{s.name}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('katalog.integration.none')}</p>
      )}
      <h2>{t('katalog.dataset.held')}</h2>
      {links.datasets.length ? (
        <ul class="plain-list">
          {links.datasets.map((d) => (
            <li key={d.id}>
              <a href={`/katalog/datasets/${d.id}`}>{d.name}</a> ({d.access.map((a) => t(`katalog.dataset.access.${a}` as MessageKey)).join(', ')})
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('katalog.integration.none')}</p>
      )}
      <SecurityAuditTable ctx={ctx} audits={links.audits} recordHref={links.canEdit ? `/katalog/security-audits/new?appId=${links.app.id}` : null} />
    </>
  );
}
