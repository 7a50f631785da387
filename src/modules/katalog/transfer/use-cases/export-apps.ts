import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { translator, type Locale, type MessageKey } from '../../../../platform/i18n/index.ts';
import { APP_CATEGORIES, HOSTINGS, LIFECYCLES } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { APP_COLUMNS, CODE_COLUMNS, type AppColumn } from '../columns.ts';
import { exportApps, type ExportedApp } from '../repo.ts';
import { writeTable, type TableFormat } from '../table.ts';
import type { CellValue } from '../xlsx.ts';
import '../messages.ts';

/** Who may export what: the agencies whose records the reader sees (everything for the operator). */
export function exportScope(actor: Actor | null, operator: boolean): 'all' | string[] {
  if (operator && !actor) return 'all';
  const scope = katalogPolicy.readableOpdIds(actor);
  ensure(actor, scope === 'all' || scope.length > 0);
  return scope;
}

/** What each template column holds, in the reader's language. */
export function columnHelp(locale: Locale): [AppColumn, string][] {
  const t = translator(locale);
  return APP_COLUMNS.map((column) => {
    const code = CODE_COLUMNS.find(([c]) => c === column);
    if (code) return [column, t('katalog.transfer.col.codes', { kind: code[2], example: `${code[2]}.01.01; ${code[2]}.01.02` })];
    const values = column === 'category' ? APP_CATEGORIES : column === 'hosting' ? HOSTINGS : column === 'lifecycle' ? LIFECYCLES : undefined;
    return [column, t(`katalog.transfer.col.${column}` as MessageKey, values ? { values: values.join(', ') } : undefined)];
  });
}

const WIDTHS: Partial<Record<AppColumn, number>> = { key: 28, name: 40, description: 50, agency: 16, url: 30 };

function appRow(a: ExportedApp): CellValue[] {
  return APP_COLUMNS.map((column): CellValue => {
    const code = CODE_COLUMNS.find(([c]) => c === column);
    if (code) return a.codes[code[1]].join('; ');
    switch (column) {
      case 'agency':
        return a.opd_code;
      case 'yearly_cost':
        return a.yearly_cost === null ? null : Number(a.yearly_cost);
      case 'merged_into':
        return a.merged_into_key;
      default:
        return a[column as Exclude<AppColumn, 'agency' | 'yearly_cost' | 'merged_into' | 'raa' | 'rab' | 'ral' | 'rad_read' | 'rad_write'>];
    }
  });
}

/** The template: the header row (and, in XLSX, a sheet explaining every column). */
export function importTemplate(format: TableFormat, locale: Locale): Buffer {
  const t = translator(locale);
  return writeTable(format, [
    { name: t('katalog.transfer.apps_sheet'), rows: [[...APP_COLUMNS]], header: true, widths: APP_COLUMNS.map((c) => WIDTHS[c] ?? 14) },
    { name: t('katalog.transfer.instructions_sheet'), rows: [[t('katalog.transfer.column'), t('katalog.transfer.meaning')], ...columnHelp(locale)], header: true, widths: [16, 100] },
  ]);
}

/** Every application the reader may see, in the template's columns (so it imports back unchanged). */
export async function exportAppsFile(deps: Pick<Deps, 'db'>, actor: Actor | null, format: TableFormat, locale: Locale, options: { operator?: boolean } = {}): Promise<Buffer> {
  const apps = await exportApps(deps.db, exportScope(actor, !!options.operator));
  const t = translator(locale);
  return writeTable(format, [{ name: t('katalog.transfer.apps_sheet'), rows: [[...APP_COLUMNS], ...apps.map(appRow)], header: true, widths: APP_COLUMNS.map((c) => WIDTHS[c] ?? 14) }]);
}
