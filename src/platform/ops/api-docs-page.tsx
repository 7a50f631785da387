import type { PageContext } from '../html/context.ts';
import { Layout } from '../html/layout.tsx';

/** A plain list of API operations with a link to the OpenAPI 3 document; no heavy viewer needed. */
export function ApiDocsPage(props: { ctx: PageContext; paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> }) {
  const { ctx } = props;
  const { t } = ctx;
  const rows = Object.entries(props.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), summary: op.summary ?? '', tag: op.tags?.[0] ?? '' })),
  );
  return (
    <Layout ctx={ctx} title={t('nav.api_docs')} crumbs={[{ label: t('nav.api_docs') }]}>
      <h1>{t('nav.api_docs')}</h1>
      <p>
        <a href="/openapi.json">OpenAPI 3 (JSON)</a>
      </p>
      <table>
        <caption class="visually-hidden">{t('nav.api_docs')}</caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Path</th>
            <th scope="col">Tag</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.method} ${r.path}`}>
              <td>
                <code>{r.method}</code>
              </td>
              <td>
                <code>{r.path}</code>
              </td>
              <td>{r.tag}</td>
              <td>{r.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
