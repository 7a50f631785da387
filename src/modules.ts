import type { PaduModule } from './platform/http/app.tsx';
import { platformModules } from './platform/index.ts';
import { katalogModule } from './modules/katalog/index.ts';
import { gerbangModule } from './modules/gerbang/index.ts';
import { portalModule } from './modules/portal/index.ts';
import { aduanModule } from './modules/aduan/index.ts';
import { tataKelolaModule } from './modules/tata-kelola/index.ts';

/**
 * Every feature area, in the order their navigation appears. A new module adds one line here
 * and nothing else in the platform changes.
 */
export const modules: PaduModule[] = [...platformModules, katalogModule, gerbangModule, portalModule, aduanModule, tataKelolaModule];
