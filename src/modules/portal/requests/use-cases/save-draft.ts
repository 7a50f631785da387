import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { validateAnswers, type Answers, type FormDefinition } from '../form-definition.ts';
import { EDITABLE } from '../policy.ts';
import { lockRequest, updateRequest } from '../repo.ts';
import { definitionOf, loadOwnRequest, todayIn, type RequestDeps } from './common.ts';

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * What to store from a save: the answers given, except that fields filled from an authoritative
 * source keep their fetched values whatever is sent, and (when `keepBlankNik`, for the HTML form,
 * which never shows a stored NIK) a NIK field left blank keeps the number stored before.
 */
export function mergeAnswers(def: FormDefinition, stored: Record<string, unknown>, incoming: Record<string, unknown>, prefilled: Record<string, unknown>, keepBlankNik: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...incoming };
  for (const f of def.fields) {
    if (f.name in prefilled) {
      out[f.name] = stored[f.name];
      continue;
    }
    if (!keepBlankNik) continue;
    if (f.type === 'nik' && isEmpty(out[f.name])) out[f.name] = stored[f.name];
    if (f.type === 'group' && f.fields?.some((g) => g.type === 'nik')) {
      const before = Array.isArray(stored[f.name]) ? (stored[f.name] as Record<string, unknown>[]) : [];
      const raw = out[f.name];
      const items = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.keys(raw).filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b)).map((k) => (raw as Record<string, unknown>)[k]) : [];
      out[f.name] = items.map((item, i) => {
        if (!item || typeof item !== 'object') return item;
        const copy = { ...(item as Record<string, unknown>) };
        for (const g of f.fields!) if (g.type === 'nik' && isEmpty(copy[g.name]) && before[i]?.[g.name] !== undefined) copy[g.name] = before[i]![g.name];
        return copy;
      });
    }
  }
  return out;
}

/**
 * Saves the citizen's answers to a draft (or to a request sent back for a fix): whatever has the
 * right type is kept, so nothing typed is lost; fields hidden by their condition are dropped.
 */
export async function saveDraft(deps: RequestDeps, audit: AuditContext, requestId: string, input: { answers: Record<string, unknown>; keepBlankNik?: boolean }): Promise<Answers> {
  const seen = await loadOwnRequest(deps.db, audit.actor, requestId);
  if (!EDITABLE.includes(seen.status)) throw new AppError('conflict', 'portal.request.not_editable');
  const def = definitionOf(seen.definition);
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, requestId);
    if (!row || !EDITABLE.includes(row.status)) throw new AppError('conflict', 'portal.request.not_editable');
    const merged = mergeAnswers(def, row.answers, input.answers, row.prefilled, input.keepBlankNik ?? false);
    const { values } = validateAnswers(def, merged, { forSubmit: false, today: todayIn(deps) });
    const now = deps.clock.now();
    if (!(await updateRequest(tx, row.id, row.version, { answers: JSON.stringify(values), updated_at: now }))) throw new AppError('conflict', 'portal.request.stale');
    const changed = Object.keys({ ...row.answers, ...values }).filter((k) => JSON.stringify(row.answers[k]) !== JSON.stringify(values[k]));
    // The audit names the fields changed, never their values (they may be personal data).
    await recordAudit(tx, deps.clock, audit, { action: 'portal.request.saved', targetType: 'portal_request', targetId: row.id, opdId: row.opd_id, after: { fields: changed } });
    return values;
  });
}
