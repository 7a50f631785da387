import type { Translator, MessageKey } from '../../platform/i18n/index.ts';
import type { ReportRow } from './repo.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

interface FeedInput {
  baseUrl: string;
  agency: { code: string; name: string };
  items: ReportRow[];
  t: Translator;
  locale: string;
}

/** What a feed entry says: status, category and region; never the reporter. */
function summary(t: Translator, r: ReportRow): string {
  return `${t(`aduan.status.${r.status}` as MessageKey)} · ${r.category_name} · ${r.region_name}`;
}

/** An agency's published reports as Atom (RFC 4287), newest change first. */
export function atomFeed(f: FeedInput): string {
  const self = `${f.baseUrl}/aduan/instansi/${f.agency.code}/atom.xml`;
  const updated = (f.items[0]?.updated_at ?? new Date(0)).toISOString();
  const entries = f.items
    .map((r) => {
      const url = `${f.baseUrl}/aduan/laporan/${r.tracking_id}`;
      return `  <entry>
    <id>${esc(url)}</id>
    <title>${esc(`${r.tracking_id}: ${r.title}`)}</title>
    <link rel="alternate" type="text/html" href="${esc(url)}"/>
    <published>${r.created_at.toISOString()}</published>
    <updated>${r.updated_at.toISOString()}</updated>
    <category term="${esc(r.category_code)}" label="${esc(r.category_name)}"/>
    <summary>${esc(summary(f.t, r))}</summary>
  </entry>\n`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${f.locale}">
  <id>${esc(self)}</id>
  <title>${esc(f.t('aduan.feed.title', { agency: f.agency.name }))}</title>
  <link rel="self" type="application/atom+xml" href="${esc(self)}"/>
  <link rel="alternate" type="text/html" href="${esc(`${f.baseUrl}/aduan/instansi/${f.agency.code}`)}"/>
  <updated>${updated}</updated>
  <author><name>${esc(f.agency.name)}</name></author>
${entries}</feed>
`;
}

/** The same as RSS 2.0. */
export function rssFeed(f: FeedInput): string {
  const page = `${f.baseUrl}/aduan/instansi/${f.agency.code}`;
  const items = f.items
    .map((r) => {
      const url = `${f.baseUrl}/aduan/laporan/${r.tracking_id}`;
      return `    <item>
      <title>${esc(`${r.tracking_id}: ${r.title}`)}</title>
      <link>${esc(url)}</link>
      <guid isPermaLink="true">${esc(url)}</guid>
      <pubDate>${r.updated_at.toUTCString()}</pubDate>
      <category>${esc(r.category_name)}</category>
      <description>${esc(summary(f.t, r))}</description>
    </item>\n`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${esc(f.t('aduan.feed.title', { agency: f.agency.name }))}</title>
    <link>${esc(page)}</link>
    <atom:link href="${esc(`${page}/rss.xml`)}" rel="self" type="application/rss+xml"/>
    <description>${esc(f.t('aduan.feed.description', { agency: f.agency.name }))}</description>
    <language>${f.locale}</language>
${items}  </channel>
</rss>
`;
}
