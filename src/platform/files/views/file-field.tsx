import type { FormState, PageContext } from '../../html/context.ts';
import type { FilePolicy } from '../contract.ts';
import { acceptAttribute, formatBytes, typeLabels } from '../types.ts';
import '../messages.ts';

/**
 * A labelled file input for a policy: the hint names the accepted types and the size limit, the
 * `accept` attribute lets the browser's picker offer only those, and errors show beside it as
 * for every other field (the server checks again; `accept` is only a convenience). Put it in a
 * `<form method="post" enctype="multipart/form-data">`, after `CsrfField`.
 */
export function FileField(props: {
  ctx: PageContext;
  form?: FormState<any>;
  name: string;
  label: string;
  policy: FilePolicy;
  hint?: string;
  optional?: boolean;
  multiple?: boolean;
  required?: boolean;
}) {
  const { ctx, name } = props;
  const error = props.form?.errors.find((e) => e.field === name);
  const hint = props.hint ?? ctx.t('files.hint', { types: typeLabels(props.policy.allowedTypes), max: formatBytes(props.policy.maxBytes) });
  const describedBy = [`f-${name}-hint`, error ? `f-${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`f-${name}`}>
        {props.label}
        {props.optional ? <span class="optional"> {ctx.t('common.optional')}</span> : null}
      </label>
      <p class="hint" id={`f-${name}-hint`}>
        {hint}
      </p>
      {error ? (
        <p class="error-message" id={`f-${name}-error`}>
          {ctx.t(error.messageKey, error.params)}
        </p>
      ) : null}
      <input
        id={`f-${name}`}
        name={name}
        type="file"
        accept={acceptAttribute(props.policy.allowedTypes)}
        multiple={props.multiple}
        required={props.required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
