import { defineMessages, type CatalogKeys } from '../i18n/index.ts';

export const fileMessages = defineMessages(
  {
    'files.error.type_not_allowed': 'Berkas {name} tidak dapat diterima. Unggah berkas {types}.',
    'files.error.executable': 'Berkas {name} adalah program atau skrip dan tidak dapat diunggah.',
    'files.error.macros': 'Berkas {name} berisi makro dan tidak dapat diunggah. Simpan ulang tanpa makro (misalnya sebagai DOCX atau XLSX biasa).',
    'files.error.too_large': 'Berkas {name} lebih besar dari {max}.',
    'files.error.total_too_large': 'Jumlah ukuran semua berkas melebihi {max}.',
    'files.error.too_many': 'Paling banyak {max} berkas dapat diunggah sekaligus.',
    'files.error.empty': 'Berkas {name} kosong.',
    'files.error.damaged': 'Berkas {name} rusak atau tidak dapat dibaca.',
    'files.error.required': 'Pilih berkas untuk diunggah.',
    'files.hint': 'Berkas {types}, paling besar {max}.',
  },
  {
    'files.error.type_not_allowed': 'The file {name} cannot be accepted. Upload a {types} file.',
    'files.error.executable': 'The file {name} is a program or script and cannot be uploaded.',
    'files.error.macros': 'The file {name} contains macros and cannot be uploaded. Save it again without macros (for example as a plain DOCX or XLSX).',
    'files.error.too_large': 'The file {name} is larger than {max}.',
    'files.error.total_too_large': 'The files together are larger than {max}.',
    'files.error.too_many': 'You can upload at most {max} files at once.',
    'files.error.empty': 'The file {name} is empty.',
    'files.error.damaged': 'The file {name} is damaged or cannot be read.',
    'files.error.required': 'Choose a file to upload.',
    'files.hint': '{types} file, at most {max}.',
  },
);

declare module '../i18n/index.ts' {
  interface MessageRegistry extends CatalogKeys<typeof fileMessages> {}
}
