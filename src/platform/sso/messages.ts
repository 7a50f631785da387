import { defineMessages, type CatalogKeys } from '../i18n/index.ts';

// `auth.sso_failed` and `auth.sso_no_role` live in accounts/messages.ts beside the login page.
export const ssoMessages = defineMessages(
  {
    'sso.error_title': 'Masuk dengan SSO tidak berhasil',
    'sso.account_disabled': 'Akun Padu Anda dinonaktifkan. Hubungi admin perangkat daerah Anda.',
    'sso.back_to_login': 'Kembali ke halaman masuk',
    'sso.signed_out_title': 'Anda telah keluar dari Padu',
    'sso.idp_still_signed_in': 'Anda mungkin masih masuk di {provider}. Jika memakai komputer bersama, keluar juga dari sana.',
    'sso.end_idp_session': 'Keluar juga dari {provider}',
  },
  {
    'sso.error_title': 'Single sign-on did not succeed',
    'sso.account_disabled': 'Your Padu account is disabled. Contact your agency administrator.',
    'sso.back_to_login': 'Back to sign-in',
    'sso.signed_out_title': 'You have signed out of Padu',
    'sso.idp_still_signed_in': 'You may still be signed in at {provider}. On a shared computer, sign out there too.',
    'sso.end_idp_session': 'Also sign out of {provider}',
  },
);

declare module '../i18n/index.ts' {
  interface MessageRegistry extends CatalogKeys<typeof ssoMessages> {}
}
