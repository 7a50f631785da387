import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFormDefinition, validateAnswers, type FormDefinition } from './form-definition.ts';

const t = (id: string) => ({ id });
const VALID = {
  fields: [
    { name: 'nama', type: 'text', label: t('Nama'), required: true, maxLength: 50, prefill: { element: 'identitas', field: 'nama' } },
    { name: 'nik', type: 'nik', label: t('NIK'), required: true },
    { name: 'lahir', type: 'date', label: t('Tanggal lahir') },
    { name: 'status', type: 'radio', label: t('Status'), required: true, options: [{ value: 'kawin', label: t('Kawin') }, { value: 'belum', label: t('Belum kawin') }] },
    { name: 'pasangan', type: 'text', label: t('Nama pasangan'), required: true, showIf: { field: 'status', equals: 'kawin' } },
    { name: 'punya_anak', type: 'checkbox', label: t('Punya anak') },
    {
      name: 'anak',
      type: 'group',
      label: t('Anak'),
      showIf: { field: 'punya_anak', equals: true },
      minItems: 1,
      maxItems: 3,
      fields: [
        { name: 'nama', type: 'text', label: t('Nama anak'), required: true },
        { name: 'umur', type: 'number', label: t('Umur'), min: 0, max: 30 },
      ],
    },
    { name: 'setuju', type: 'checkbox', label: t('Data benar'), required: true },
  ],
  documents: [{ code: 'ktp', label: t('KTP'), required: true, types: ['pdf', 'jpeg'], maxBytes: 2_000_000 }],
};

const parsed = (json: unknown) => {
  const r = parseFormDefinition(json);
  if ('errors' in r) throw new Error(JSON.stringify(r.errors));
  return r.definition;
};
const errorsOf = (json: unknown) => {
  const r = parseFormDefinition(json);
  return 'errors' in r ? r.errors : [];
};

describe('form definitions', () => {
  test('a valid definition is accepted and keeps only known keys', () => {
    const def = parsed(VALID);
    assert.equal(def.fields.length, 8);
    assert.deepEqual(def.fields[6]!.fields!.map((f) => f.name), ['nama', 'umur']);
    assert.deepEqual(def.documents[0], { code: 'ktp', label: t('KTP'), required: true, types: ['pdf', 'jpeg'], maxBytes: 2_000_000 });
  });

  test('strict checks: names, duplicates, types, options, showIf, prefill, depth, limits', () => {
    const paths = (json: unknown) => errorsOf(json).map((e) => `${e.path}:${e.messageKey}`);
    assert.deepEqual(paths({ fields: [{ name: 'Nama', type: 'text', label: t('x') }] }), ['fields[0].name:portal.form_def.name']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'text', label: t('x') }, { name: 'a', type: 'text', label: t('y') }] }), ['fields[1].name:portal.form_def.duplicate']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'file', label: t('x') }] }), ['fields[0].type:portal.form_def.type']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'select', label: t('x'), options: [] }] }), ['fields[0].options:portal.form_def.options']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'select', label: t('x'), options: [{ value: 'v', label: t('V') }, { value: 'v', label: t('W') }] }] }), ['fields[0].options[1]:portal.form_def.option']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'text', label: t('x'), options: [{ value: 'v', label: t('V') }] }] }), ['fields[0].options:portal.form_def.not_for_type']);
    // showIf must refer to an EARLIER field, with a value that fits it.
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'text', label: t('x'), showIf: { field: 'b', equals: 'y' } }, { name: 'b', type: 'text', label: t('y') }] }), ['fields[0].showIf:portal.form_def.show_if']);
    assert.deepEqual(paths({ fields: [{ name: 'b', type: 'checkbox', label: t('y') }, { name: 'a', type: 'text', label: t('x'), showIf: { field: 'b', equals: 'ya' } }] }), ['fields[1].showIf:portal.form_def.show_if_value']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'text', label: t('x'), prefill: { element: 'Bad Code', field: 'x' } }] }), ['fields[0].prefill:portal.form_def.prefill']);
    assert.deepEqual(paths({ fields: [{ name: 'g', type: 'group', label: t('g'), fields: [{ name: 'h', type: 'group', label: t('h'), fields: [{ name: 'x', type: 'text', label: t('x') }] }] }] }), ['fields[0].fields[0].type:portal.form_def.depth']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'text', label: t('x'), minLength: 5, maxLength: 2 }] }), ['fields[0].maxLength:portal.form_def.limit_order']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'text', label: t('x'), pattern: '(a+)+' }] }), ['fields[0].pattern:portal.form_def.pattern']);
    assert.deepEqual(paths({ fields: [{ name: 'a', type: 'text', label: t('x'), colour: 'red' }] }), ['fields[0].colour:portal.form_def.unknown_key']);
    assert.deepEqual(paths({ fields: [], documents: [{ code: 'ktp', label: t('KTP'), required: true, types: ['exe'] }] }), ['documents[0].types:portal.form_def.doc_types']);
    const many = { fields: Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, type: 'text', label: t('x') })) };
    assert.deepEqual(paths(many), ['fields:portal.form_def.too_many']);
    assert.deepEqual(paths([]), [':portal.form_def.object']);
  });

  test('answers: drafts keep what is typed right, submission needs every rule; hidden fields are dropped', () => {
    const def: FormDefinition = parsed(VALID);
    const today = '2026-03-02';
    const draft = validateAnswers(def, { nama: '  Siti  ', nik: '1234', umur: 'x', status: 'belum', pasangan: 'Budi', anak: [{ nama: 'A', umur: '3' }], tak_dikenal: 'z' }, { forSubmit: false, today });
    assert.deepEqual(draft.errors, [], 'a draft reports no rule errors');
    assert.equal(draft.values.nama, 'Siti');
    assert.equal(draft.values.nik, '1234', 'a draft keeps a NIK still being typed');
    assert.equal(draft.values.pasangan, undefined, 'hidden by its condition (status is not kawin)');
    assert.equal(draft.values.anak, undefined, 'the group is hidden: punya_anak not ticked');
    assert.equal(draft.values.tak_dikenal, undefined);

    const submit = validateAnswers(
      def,
      { nama: 'Siti', nik: '3578015708900001', status: 'kawin', punya_anak: 'true', anak: { 0: { nama: 'Ani', umur: '31' }, 1: { nama: '', umur: '' }, 2: { umur: '4' } } },
      { forSubmit: true, today },
    );
    assert.deepEqual(
      submit.errors.map((e) => `${e.field}:${e.messageKey}`),
      ['pasangan:portal.answer.required', 'anak[0].umur:portal.answer.max', 'anak[1].nama:portal.answer.required', 'setuju:portal.answer.required_checkbox'],
    );
    assert.deepEqual(submit.values.anak, [{ nama: 'Ani', umur: 31 }, { umur: 4 }], 'the empty row is dropped, numbers coerced');

    const badNik = validateAnswers(def, { nama: 'Siti', nik: '9999015708900001', status: 'belum', setuju: 'true' }, { forSubmit: true, today });
    assert.deepEqual(badNik.errors.map((e) => `${e.field}:${e.messageKey}`), ['nik:portal.answer.nik'], 'province 99 does not exist (checkNik)');
    const ok = validateAnswers(def, { nama: 'Siti', nik: '3578 0157 0890 0001', status: 'belum', setuju: 'on', lahir: '1990-08-17' }, { forSubmit: true, today });
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.values.nik, '3578015708900001', 'spaces removed');
    assert.equal(validateAnswers(def, { lahir: '2026-02-30' }, { forSubmit: true, today }).errors.some((e) => e.field === 'lahir' && e.messageKey === 'portal.answer.date'), true);
    assert.equal(validateAnswers(def, { status: 'cerai' }, { forSubmit: true, today }).errors.some((e) => e.field === 'status' && e.messageKey === 'portal.answer.option'), true);
  });
});
