import type { Deps } from '../deps.ts';
import type { DemoPart } from '../http/app.tsx';
import type { Role } from '../db/schema.ts';
import { hashPassword } from '../auth/passwords.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { findUserByEmail } from './repo.ts';

const DEMO_ACCOUNTS: { email: string; name: string; roles: { role: Role; opd?: string }[] }[] = [
  { email: 'admin@demo.padu.id', name: 'Admin Platform (demo)', roles: [{ role: 'admin' }] },
  { email: 'tim.spbe@demo.padu.id', name: 'Tim Koordinasi SPBE (demo)', roles: [{ role: 'tim_spbe' }] },
  { email: 'auditor@demo.padu.id', name: 'Auditor (demo)', roles: [{ role: 'auditor' }] },
  { email: 'admin.kominfo@demo.padu.id', name: 'Admin Diskominfo (demo)', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] },
  { email: 'petugas.kominfo@demo.padu.id', name: 'Petugas Diskominfo (demo)', roles: [{ role: 'petugas', opd: 'diskominfo' }] },
  { email: 'petugas.dinkes@demo.padu.id', name: 'Petugas Dinkes (demo)', roles: [{ role: 'petugas', opd: 'dinkes' }] },
  { email: 'admin.surabaya@demo.padu.id', name: 'Admin Pemkot Surabaya (demo)', roles: [{ role: 'admin_opd', opd: '35.78' }] },
  { email: 'warga@demo.padu.id', name: 'Warga (demo)', roles: [{ role: 'warga' }] },
];

/**
 * Demo accounts, one per role. Every run sets a fresh random password and prints it, so a demo
 * install never has a password that is written in the source code.
 */
export async function seedPlatformDemo(deps: Deps): Promise<DemoPart> {
  const accounts: NonNullable<DemoPart['accounts']> = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = `demo-${deps.ids.token(9)}`;
    const passwordHash = await hashPassword(password);
    await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      let user = await findUserByEmail(tx, account.email);
      if (user) {
        await tx.updateTable('app_user').set({ password_hash: passwordHash, status: 'active', updated_at: now }).where('id', '=', user.id).execute();
      } else {
        const id = deps.ids.uuid();
        await tx
          .insertInto('app_user')
          .values({ id, email: account.email, name: account.name, password_hash: passwordHash, locale: null, oidc_subject: null, password_changed_at: now, last_login_at: null, created_at: now, updated_at: now })
          .execute();
        user = await findUserByEmail(tx, account.email);
      }
      for (const grant of account.roles) {
        const opd = grant.opd ? await tx.selectFrom('opd').select('id').where('code', '=', grant.opd).executeTakeFirst() : undefined;
        if (grant.opd && !opd) continue; // another province's reference data: skip agency roles it lacks
        await tx
          .insertInto('role_grant')
          .values({ id: deps.ids.uuid(), user_id: user!.id, role: grant.role, opd_id: opd?.id ?? null, granted_by: null, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      await recordAudit(tx, deps.clock, { actor: null, system: 'seed-demo' }, { action: 'user.demo_seeded', targetType: 'user', targetId: user!.id });
    });
    accounts.push({ email: account.email, password, roles: account.roles.map((r) => (r.opd ? `${r.role}@${r.opd}` : r.role)) });
  }
  return { accounts };
}
