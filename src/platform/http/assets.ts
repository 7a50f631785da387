import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

export interface Asset {
  url: string;
  body: Buffer;
  type: string;
}

const require = createRequire(import.meta.url);
export const WEB_DIR = path.resolve(import.meta.dirname, '../../../web');

function asset(name: string, ext: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { url: `/assets/${name}.${hash}.${ext}`, body, type };
}

/**
 * The few static files a page needs, fingerprinted so they can be cached for a year. Loaded once
 * at start; there is no build step between `npm install` and `npm start`.
 */
export function loadAssets(): { css: Asset; htmx: Asset } {
  return {
    css: asset('padu', 'css', 'text/css; charset=utf-8', fs.readFileSync(path.join(WEB_DIR, 'padu.css'))),
    htmx: asset(
      'htmx',
      'js',
      'text/javascript; charset=utf-8',
      fs.readFileSync(require.resolve('htmx.org/dist/htmx.min.js')),
    ),
  };
}
