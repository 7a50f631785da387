import type { Deps } from '../../../platform/deps.ts';
import type { DemoPart } from '../../../platform/http/app.tsx';
import { recordAudit } from '../../../platform/audit/record-audit.ts';
import type { Hosting, Lifecycle } from '../db.ts';
import { FUNCTIONS, GENERAL_APPS } from './catalogue.ts';
import { eastJavaOpds, generateApps, mulberry32, type GeneratedApp } from './generate-apps.ts';

/** East Java's figures: 865 agency applications consolidated to 496. */
export const DEMO_BASELINE = 865;
export const DEMO_TARGET = 496;
const START = Date.UTC(2019, 0, 1);
const CONSOLIDATION_FROM = Date.UTC(2020, 0, 1);
const CONSOLIDATION_TO = Date.UTC(2025, 11, 31);
const HOSTINGS: Hosting[] = ['pusat_data_provinsi', 'pusat_data_provinsi', 'pusat_data_provinsi', 'pdn', 'server_sendiri', 'server_sendiri', 'cloud_komersial', 'saas'];

interface Plan {
  app: GeneratedApp;
  id: string;
  createdAt: Date;
  final: Lifecycle;
  endedAt: Date | null;
  mergedInto: string | null;
  replacedBy: string | null;
}

/** Generates until the portfolio, without planned apps, holds exactly the baseline. */
function demoApps(): GeneratedApp[] {
  const opds = eastJavaOpds();
  let count = DEMO_BASELINE;
  for (let i = 0; i < 8; i++) {
    const apps = generateApps({ opds, count });
    const planned = apps.filter((a) => a.lifecycle === 'rencana').length;
    if (apps.length - planned === DEMO_BASELINE) return apps;
    count = DEMO_BASELINE + planned;
  }
  return generateApps({ opds, count });
}

/**
 * A synthetic East Java portfolio with its history: 865 apps in use in 2019, consolidated month
 * by month to 496 by the end of 2025 (copies merged into the original of the same government,
 * look-alikes of national general applications replaced by them, others retired), with planned
 * apps on top. Every record is marked synthetic. Running it again changes nothing.
 */
export async function seedKatalogDemo(deps: Deps): Promise<DemoPart> {
  const existing = await deps.db.selectFrom('katalog_app').select((eb) => eb.fn.countAll<string>().as('n')).where('synthetic', '=', true).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return { data: { apps: Number(existing.n), created: 0 } };

  const random = mulberry32(865496);
  const between = (from: number, to: number) => new Date(from + Math.floor(random() * (to - from)));
  const knownOpd = new Set((await deps.db.selectFrom('opd').select('id').execute()).map((o) => o.id));
  const apps = demoApps().filter((a) => knownOpd.has(a.opdId));

  // Which apps end the story alive: all but enough of the rest to reach the target.
  const plans: Plan[] = apps.map((app) => ({
    app,
    id: deps.ids.uuid(),
    createdAt: app.lifecycle === 'rencana' ? between(Date.UTC(2025, 6, 1), Date.UTC(2026, 0, 31)) : between(START, Date.UTC(2019, 11, 31)),
    final: app.lifecycle === 'rencana' ? 'rencana' : 'aktif',
    endedAt: null,
    mergedInto: null,
    replacedBy: null,
  }));
  const baseline = plans.filter((p) => p.final !== 'rencana');
  const live = () => baseline.filter((p) => p.final === 'aktif' || p.final === 'dalam_konsolidasi').length;
  // Look-alikes of national applications go first, then odd one-off apps, then some copies: the
  // real story left duplicates still to review at the end, and so does this one.
  const ordered = [
    ...baseline.filter((p) => p.app.truth.lookalikeField),
    ...baseline.filter((p) => p.app.truth.origin === 'unik'),
    ...baseline.filter((p, i) => p.app.truth.origin === 'salinan' && i % 3 !== 0),
    ...baseline.filter((p) => p.app.truth.origin === 'asli' || p.app.truth.origin === 'salinan'),
  ];
  const originals = new Map<string, Plan>();
  for (const p of baseline) if (p.app.truth.origin === 'asli') originals.set(`${p.app.truth.functionId}|${p.app.regionCode}`, p);
  for (const p of ordered) {
    if (live() <= DEMO_TARGET) break;
    if (p.final !== 'aktif') continue;
    p.endedAt = between(CONSOLIDATION_FROM, CONSOLIDATION_TO);
    const original = originals.get(`${p.app.truth.functionId}|${p.app.regionCode}`);
    const general = p.app.truth.lookalikeField ? GENERAL_APPS.find((g) => g.field === p.app.truth.lookalikeField) : undefined;
    if (p.app.truth.origin === 'salinan' && original && original !== p && original.final === 'aktif') {
      p.final = 'digabung';
      p.mergedInto = original.id;
    } else if (general) {
      p.final = 'diganti_aplikasi_umum';
      p.replacedBy = general.names[0]!;
    } else p.final = 'dipensiunkan';
  }
  // A few more copies are being consolidated right now: still live, so the curve keeps its end.
  let inProgress = 0;
  for (const p of baseline) {
    if (inProgress >= 40) break;
    if (p.final === 'aktif' && p.app.truth.origin === 'salinan') {
      p.final = 'dalam_konsolidasi';
      p.endedAt = between(Date.UTC(2025, 6, 1), CONSOLIDATION_TO);
      inProgress++;
    }
  }

  // Province codes (levels 3-4) the synthetic apps use, under national level-2 codes.
  const national = new Map((await deps.db.selectFrom('arch_ref').select(['code', 'level']).execute()).map((r) => [r.code, r.level]));
  const functionNames = new Map<string, string>();
  for (const f of FUNCTIONS) {
    const label = f.names.find((n) => /\s/.test(n)) ?? f.names[0]!;
    if (f.rab) functionNames.set(f.rab, label);
    if (f.ral) functionNames.set(f.ral, label);
  }
  const newCodes = new Map<string, { code: string; kind: 'RAB' | 'RAL' | 'RAD' | 'RAA' | 'RAI' | 'RAK'; name: string; level: number; parent_code: string; origin: 'province'; confidence: string; created_at: Date }>();
  const usable = (code: string): boolean => {
    const parts = code.split('.');
    if (national.has(code) || newCodes.has(code)) return true;
    if (parts.length <= 3) return false; // levels 1-2 are national only
    const parent = parts.slice(0, -1).join('.');
    if (!usable(parent)) return false;
    newCodes.set(code, {
      code,
      kind: parts[0] as 'RAB',
      name: `${functionNames.get(code) ?? `Subkapabilitas ${code}`} (sintetis)`,
      level: parts.length - 1,
      parent_code: parent,
      origin: 'province',
      confidence: 'sintetis',
      created_at: new Date(START),
    });
    return true;
  };

  const appRows = plans.map((p) => {
    const cost = random() < 0.85 ? Math.round((25 + random() * 725) * 1_000_000) : null;
    const lastMove = p.endedAt ?? p.createdAt;
    return {
      id: p.id,
      key: p.app.key,
      name: p.app.name,
      acronym: p.app.acronym ?? null,
      description: p.app.description ?? null,
      opd_id: p.app.opdId,
      category: p.app.category,
      hosting: random() < 0.9 ? HOSTINGS[Math.floor(random() * HOSTINGS.length)]! : null,
      url: random() < 0.8 ? `https://${p.app.key}.sintetis.example` : null,
      technology: random() < 0.7 ? (['PHP/Laravel', 'Java/Spring', 'Node.js', 'Python/Django', '.NET'] as const)[Math.floor(random() * 5)]! : null,
      users: random() < 0.6 ? 'ASN perangkat daerah (sintetis)' : null,
      yearly_cost: cost,
      legal_basis: random() < 0.5 ? 'Peraturan Gubernur (sintetis)' : null,
      lifecycle: p.final,
      lifecycle_changed_at: lastMove,
      merged_into_id: p.mergedInto,
      replaced_by: p.replacedBy,
      synthetic: true,
      created_at: p.createdAt,
      updated_at: lastMove,
    };
  });
  const codeRows = plans.flatMap((p) =>
    (
      [
        ['raa', p.app.raa],
        ['rab', p.app.rab],
        ['ral', p.app.ral],
      ] as const
    ).flatMap(([usage, codes]) => [...new Set(codes)].filter(usable).map((code) => ({ app_id: p.id, code, usage }))),
  );
  const eventRows = plans.flatMap((p) => {
    const first = p.final === 'rencana' ? 'rencana' : 'aktif';
    const events: { app_id: string; at: Date; from_lifecycle: Lifecycle | null; to_lifecycle: Lifecycle; opd_id: string }[] = [
      { app_id: p.id, at: p.createdAt, from_lifecycle: null, to_lifecycle: first, opd_id: p.app.opdId },
    ];
    if (p.endedAt && p.final !== first) events.push({ app_id: p.id, at: p.endedAt, from_lifecycle: 'aktif', to_lifecycle: p.final, opd_id: p.app.opdId });
    return events;
  });

  await deps.db.transaction().execute(async (tx) => {
    const codes = [...newCodes.values()].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
    if (codes.length) await tx.insertInto('arch_ref').values(codes).onConflict((oc) => oc.column('code').doNothing()).execute();
    // Targets of merges first, so the self-reference holds row by row.
    const sorted = [...appRows].sort((a, b) => Number(a.merged_into_id !== null) - Number(b.merged_into_id !== null));
    for (let i = 0; i < sorted.length; i += 500) await tx.insertInto('katalog_app').values(sorted.slice(i, i + 500)).execute();
    for (let i = 0; i < codeRows.length; i += 1000) await tx.insertInto('katalog_app_code').values(codeRows.slice(i, i + 1000)).execute();
    for (let i = 0; i < eventRows.length; i += 1000) await tx.insertInto('katalog_app_event').values(eventRows.slice(i, i + 1000)).execute();
    await recordAudit(tx, deps.clock, { actor: null, system: 'seed-demo' }, {
      action: 'katalog.demo_seeded',
      targetType: 'katalog',
      after: { apps: appRows.length, baseline: baseline.length, live: live(), provinceCodes: codes.length, synthetic: true },
    });
  });
  return { data: { apps: appRows.length, baseline: baseline.length, liveAtEnd: live(), planned: plans.length - baseline.length, created: appRows.length } };
}
