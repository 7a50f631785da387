import { defineMessages, type CatalogKeys } from '../../../platform/i18n/index.ts';

/** Words the registry's screens share (navigation, pickers, common errors). */
export const registryMessages = defineMessages(
  {
    'katalog.registry.nav_label': 'Bagian katalog SPBE',
    'katalog.registry.apps': 'Aplikasi',
    'katalog.registry.services': 'Layanan',
    'katalog.registry.datasets': 'Data',
    'katalog.registry.infra': 'Infrastruktur',
    'katalog.registry.integrations': 'Integrasi',
    'katalog.registry.security_audits': 'Audit keamanan',
    'katalog.registry.arch_ref': 'Referensi arsitektur',
    'katalog.registry.roadmap': 'Peta rencana',
    'katalog.registry.unknown_keys': 'Kunci tidak dikenal: {keys}.',
    'katalog.registry.unknown_ids': 'Pengenal tidak dikenal: {ids}.',
    'katalog.registry.key_taken': 'Kunci ini sudah dipakai.',
    'katalog.registry.code_retired': 'Kode {code} sudah tidak berlaku.',
    'katalog.registry.app_keys_hint': 'Kunci aplikasi, pisahkan dengan koma, misalnya diskominfo-simpeg.',
    'katalog.registry.none': '—',
    'katalog.registry.created': 'Ditambahkan',
    'katalog.registry.deleted': 'Dihapus.',
    'katalog.registry.delete': 'Hapus',
    'katalog.registry.add': 'Tambah',
    'katalog.registry.not_linked_readable': '(perangkat daerah lain)',
  },
  {
    'katalog.registry.nav_label': 'SPBE catalogue sections',
    'katalog.registry.apps': 'Applications',
    'katalog.registry.services': 'Services',
    'katalog.registry.datasets': 'Data',
    'katalog.registry.infra': 'Infrastructure',
    'katalog.registry.integrations': 'Integrations',
    'katalog.registry.security_audits': 'Security audits',
    'katalog.registry.arch_ref': 'Architecture reference',
    'katalog.registry.roadmap': 'Roadmap',
    'katalog.registry.unknown_keys': 'Unknown keys: {keys}.',
    'katalog.registry.unknown_ids': 'Unknown identifiers: {ids}.',
    'katalog.registry.key_taken': 'This key is already in use.',
    'katalog.registry.code_retired': 'Code {code} has been retired.',
    'katalog.registry.app_keys_hint': 'Application keys, separated by commas, for example diskominfo-simpeg.',
    'katalog.registry.none': '—',
    'katalog.registry.created': 'Added',
    'katalog.registry.deleted': 'Deleted.',
    'katalog.registry.delete': 'Delete',
    'katalog.registry.add': 'Add',
    'katalog.registry.not_linked_readable': '(another agency)',
  },
);

declare module '../../../platform/i18n/index.ts' {
  interface MessageRegistry extends CatalogKeys<typeof registryMessages> {}
}
