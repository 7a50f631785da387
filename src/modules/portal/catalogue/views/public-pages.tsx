import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { Pagination } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { feeText, labelOf, StandardText } from '../../views/components.tsx';
import type { ServiceHit } from '../repo.ts';
import type { SearchResult } from '../use-cases/search-services.ts';
import type { PublicService } from '../use-cases/get-public-service.ts';
import type { IkmReport } from '../../survey/use-cases/get-ikm.ts';
import '../../messages.ts';

type Counted = { code: string; name_id: string; name_en: string; count: string | null };
type Agency = { id: string; name: string; abbreviation: string | null; count: string };

export function SearchForm(props: { ctx: PageContext; q?: string; hidden?: Record<string, string> }) {
  const { t } = props.ctx;
  return (
    <form method="get" action="/layanan/cari" role="search" class="filters">
      <div class="field">
        <label for="f-q">{t('portal.search.label')}</label>
        <p class="hint" id="f-q-hint">
          {t('portal.search.hint')}
        </p>
        <input id="f-q" name="q" type="search" value={props.q ?? ''} maxLength={200} aria-describedby="f-q-hint" />
      </div>
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="button">
        {t('portal.search.submit')}
      </button>
    </form>
  );
}

export function CatalogueHomePage(props: { ctx: PageContext; lifeEvents: Counted[]; topics: Counted[]; agencies: Agency[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const withServices = <T extends { count: string | null }>(rows: T[]) => rows.filter((r) => Number(r.count ?? 0) > 0);
  return (
    <Layout ctx={ctx} title={t('portal.home.title')}>
      <h1>{t('portal.home.title')}</h1>
      <p class="lead">{t('portal.home.intro')}</p>
      <SearchForm ctx={ctx} />
      {!ctx.actor ? (
        <p>
          <a href="/daftar">{t('portal.register_prompt')}</a>
        </p>
      ) : null}
      <section aria-labelledby="by-life-event">
        <h2 id="by-life-event">{t('portal.browse.life_events')}</h2>
        <ul class="card-list">
          {withServices(props.lifeEvents).map((e) => (
            <li key={e.code}>
              <a href={`/layanan/cari?peristiwa=${e.code}`}>{labelOf(ctx, e)}</a> <span class="hint">{t('portal.browse.count', { count: ctx.fmt.number(Number(e.count)) })}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="by-topic">
        <h2 id="by-topic">{t('portal.browse.topics')}</h2>
        <ul class="card-list">
          {withServices(props.topics).map((e) => (
            <li key={e.code}>
              <a href={`/layanan/cari?topik=${e.code}`}>{labelOf(ctx, e)}</a> <span class="hint">{t('portal.browse.count', { count: ctx.fmt.number(Number(e.count)) })}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="by-agency">
        <h2 id="by-agency">{t('portal.browse.agencies')}</h2>
        <ul class="plain-list">
          {props.agencies.map((a) => (
            <li key={a.id}>
              <a href={`/layanan/cari?instansi=${a.id}`}>{a.name}</a> <span class="hint">({ctx.fmt.number(Number(a.count))})</span>
            </li>
          ))}
        </ul>
        <p>
          <a href="/layanan/cari">{t('portal.browse.all_link')}</a>
        </p>
      </section>
    </Layout>
  );
}

function ResultItem(props: { ctx: PageContext; hit: ServiceHit }) {
  const { ctx, hit } = props;
  const { t } = ctx;
  const facts = [
    hit.opd_abbreviation ?? hit.opd_name,
    hit.sla_working_days !== null ? t('portal.result.time', { days: hit.sla_working_days }) : null,
    hit.fee !== null ? feeText(ctx, hit.fee, t('portal.result.free'), '') : null,
  ].filter(Boolean);
  const description = hit.description && hit.description.length > 180 ? `${hit.description.slice(0, 177).trimEnd()}…` : hit.description;
  return (
    <li>
      <h3>
        <a href={`/layanan/${hit.key}`}>{hit.name}</a>
      </h3>
      <p class="hint">{facts.join(' · ')}</p>
      {description ? <p>{description}</p> : null}
    </li>
  );
}

const MODE_NOTE: Partial<Record<SearchResult['mode'], MessageKey>> = { any: 'portal.search.any_words', similar: 'portal.search.similar' };

export function SearchPage(props: { ctx: PageContext; q: string; heading: string; result: SearchResult; hidden: Record<string, string>; baseUrl: string; ikm?: IkmReport | null }) {
  const { ctx, result } = props;
  const { t } = ctx;
  const note = MODE_NOTE[result.mode];
  return (
    <Layout ctx={ctx} title={props.heading} crumbs={[{ href: '/layanan', label: t('portal.home.title') }, { label: props.heading }]}>
      <h1>{props.heading}</h1>
      <SearchForm ctx={ctx} q={props.q} hidden={props.hidden} />
      {props.ikm?.result ? (
        <p>
          {t('portal.ikm.agency_summary', {
            period: props.ikm.period.id,
            ikm: ctx.fmt.number(props.ikm.result.ikm),
            grade: props.ikm.result.grade,
            label: t(`portal.grade.${props.ikm.result.grade}`),
            count: ctx.fmt.number(props.ikm.result.respondents),
          })}
        </p>
      ) : null}
      <section aria-labelledby="results-title">
        <h2 id="results-title">{t('portal.search.results')}</h2>
        <p role="status">{result.total > 0 ? t('portal.search.count', { count: ctx.fmt.number(result.total) }) : t('portal.search.none')}</p>
        {result.total > 0 && note ? <p>{t(note)}</p> : null}
        {result.total > 0 && result.corrected.length > 0 ? <p>{t('portal.search.corrected', { words: result.corrected.map((c) => c.to).join(', ') })}</p> : null}
        <ul class="plain-list result-list">
          {result.items.map((hit) => (
            <ResultItem key={hit.service_id} ctx={ctx} hit={hit} />
          ))}
        </ul>
        <Pagination ctx={ctx} page={result.page} hasNext={result.hasNext} baseUrl={props.baseUrl} />
      </section>
    </Layout>
  );
}

function IkmSection(props: { ctx: PageContext; ikm: IkmReport }) {
  const { ctx, ikm } = props;
  const { t } = ctx;
  const r = ikm.result;
  return (
    <section aria-labelledby="ikm-title">
      <h2 id="ikm-title">{t('portal.ikm.title')}</h2>
      {r ? (
        <>
          <p>
            {t('portal.ikm.summary', { period: ikm.period.id, ikm: ctx.fmt.number(r.ikm), grade: r.grade, label: t(`portal.grade.${r.grade}`), count: ctx.fmt.number(r.respondents) })}
          </p>
          <table>
            <caption>{t('portal.ikm.caption', { period: ikm.period.id })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('portal.ikm.element')}</th>
                <th scope="col">{t('portal.ikm.nrr')}</th>
                <th scope="col">{t('portal.ikm.value')}</th>
              </tr>
            </thead>
            <tbody>
              {r.elements.map((e) => (
                <tr key={e.code}>
                  <th scope="row">{t(`portal.element.${e.code}` as MessageKey)}</th>
                  <td>{ctx.fmt.number(e.nrr)}</td>
                  <td>{ctx.fmt.number(e.ikm)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="hint">{t('portal.ikm.basis')}</p>
        </>
      ) : (
        <p>{t('portal.ikm.none')}</p>
      )}
    </section>
  );
}

const CHANNEL_KEYS: Record<string, MessageKey> = {
  online: 'portal.channel.online',
  loket: 'portal.channel.loket',
  mobile: 'portal.channel.mobile',
  mpp: 'portal.channel.mpp',
  email: 'portal.channel.email',
  telepon: 'portal.channel.telepon',
  pos: 'portal.channel.pos',
};

/** Where the online request form of a service lives (the requests part of the portal serves it). */
export const requestPath = (key: string) => `/layanan/${key}/ajukan`;

function HowToApply(props: { ctx: PageContext; s: PublicService }) {
  const { ctx, s } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="apply-title" class="notice">
      <h2 id="apply-title">{t('portal.service.how_to_apply')}</h2>
      {s.availability === 'online' && !s.acceptsRequests ? (
        <>
          <p>{t('portal.service.online_not_ready')}</p>
          {s.in_person_where ? <StandardText text={s.in_person_where} empty="" /> : null}
        </>
      ) : s.availability === 'online' ? (
        <>
          <p>{t('portal.service.online_here')}</p>
          <p>
            <a class="button" href={requestPath(s.key)}>
              {t('portal.service.apply_online')}
            </a>
          </p>
          {!ctx.actor ? (
            <p class="hint">
              <a href={`/login?next=${encodeURIComponent(requestPath(s.key))}`}>{t('portal.service.online_sign_in')}</a>
            </p>
          ) : null}
        </>
      ) : s.availability === 'elsewhere' && s.elsewhere_url ? (
        <p>
          {t('portal.service.elsewhere')}{' '}
          <a href={s.elsewhere_url} rel="noopener noreferrer">
            {s.elsewhere_url}
          </a>
        </p>
      ) : s.in_person_where ? (
        <>
          <p>{t('portal.service.in_person')}</p>
          <StandardText text={s.in_person_where} empty="" />
        </>
      ) : (
        <p>{t('portal.service.in_person_unknown')}</p>
      )}
    </section>
  );
}

export function ServicePage(props: { ctx: PageContext; service: PublicService }) {
  const { ctx, service: s } = props;
  const { t } = ctx;
  const std = s.standard;
  const section = (id: string, title: MessageKey, text: string | undefined, extra?: ComponentChildren) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{t(title)}</h2>
      <StandardText text={text} empty={t('portal.service.not_stated')} />
      {extra}
    </section>
  );
  return (
    <Layout
      ctx={ctx}
      title={s.name}
      // Two links at most in the trail: on a 360 px screen a longer one wraps into stacked small targets.
      crumbs={[{ href: '/layanan', label: t('portal.home.title') }, { label: s.name }]}
    >
      {!s.published ? (
        <p class="notice" role="note">
          {t('portal.service.unpublished')}
        </p>
      ) : null}
      <h1>{s.name}</h1>
      {s.description ? <p class="lead">{s.description}</p> : null}
      <dl class="summary-list" aria-label={t('portal.service.details')}>
        <dt>{t('portal.service.agency')}</dt>
        <dd>{s.opd_id && s.opd_name ? <a href={`/layanan/cari?instansi=${s.opd_id}`}>{s.opd_name}</a> : '—'}</dd>
        <dt>{t('portal.service.time')}</dt>
        <dd>{s.sla_working_days !== null ? t('portal.service.time_days', { days: s.sla_working_days }) : t('portal.service.time_unknown')}</dd>
        <dt>{t('portal.service.cost')}</dt>
        <dd>
          {feeText(ctx, s.fee, t('portal.service.free'), t('portal.service.cost_unknown'))}
          {s.fee_note ? ` (${s.fee_note})` : ''}
        </dd>
        {s.channels.length ? (
          <>
            <dt>{t('portal.service.channels')}</dt>
            <dd>{s.channels.map((c) => (CHANNEL_KEYS[c] ? t(CHANNEL_KEYS[c]) : c)).join(', ')}</dd>
          </>
        ) : null}
        {s.apps.length ? (
          <>
            <dt>{t('portal.service.apps')}</dt>
            <dd>{s.apps.map((a) => a.name).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <HowToApply ctx={ctx} s={s} />
      {section('requirements', 'portal.service.requirements', std.SD1)}
      {section('procedure', 'portal.service.procedure', std.SD2)}
      {std.SD3 ? section('time-detail', 'portal.service.time_detail', std.SD3) : null}
      {std.SD4 ? section('cost-detail', 'portal.service.cost_detail', std.SD4) : null}
      {section('product', 'portal.service.product', std.SD5)}
      {section(
        'complaints',
        'portal.service.complaints',
        std.SD6,
        <p>
          <a href={`/aduan/baru?service=${encodeURIComponent(s.key)}`}>{t('portal.service.complain_link')}</a>
        </p>,
      )}
      {std.SM1 ? section('legal-basis', 'portal.service.legal_basis', std.SM1) : null}
      <IkmSection ctx={ctx} ikm={s.ikm} />
      {s.lifeEvents.length || s.topics.length ? (
        <section aria-labelledby="related-title">
          <h2 id="related-title">{t('portal.service.related')}</h2>
          {/* Links inside sentences, not stacked one per line: large enough targets on a phone. */}
          {s.lifeEvents.length ? (
            <p>
              {t('portal.service.life_events')}:{' '}
              {s.lifeEvents.map((e, i) => (
                <span key={e.code}>
                  {i > 0 ? ', ' : ''}
                  <a href={`/layanan/cari?peristiwa=${e.code}`}>{labelOf(ctx, e)}</a>
                </span>
              ))}
              .
            </p>
          ) : null}
          {s.topics.length ? (
            <p>
              {t('portal.service.topics')}:{' '}
              {s.topics.map((e, i) => (
                <span key={e.code}>
                  {i > 0 ? ', ' : ''}
                  <a href={`/layanan/cari?topik=${e.code}`}>{labelOf(ctx, e)}</a>
                </span>
              ))}
              .
            </p>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}
