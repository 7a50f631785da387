import Type, { type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import Value from 'typebox/value';
import type { MessageKey } from '../i18n/index.ts';
import { AppError, type FieldError } from './errors.ts';

/** The shape of a JSON-schema validation error, as Ajv (Fastify) and TypeBox both report it. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

const FORMAT_KEYS: Record<string, MessageKey> = {
  email: 'validation.email',
  uuid: 'validation.uuid',
  uri: 'validation.url',
  url: 'validation.url',
  date: 'validation.date',
  'date-time': 'validation.date',
};

/** Turns schema errors into one localized message per field (the first that matters). */
export function fieldErrorsFromSchema(errors: readonly SchemaError[]): FieldError[] {
  const byField = new Map<string, FieldError>();
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const error of errors) {
    let field = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
    let fieldError: FieldError | undefined;
    switch (error.keyword) {
      case 'required': {
        const missing = (error.params.missingProperty ?? (error.params.requiredProperties as string[] | undefined)?.[0]) as string;
        field = field ? `${field}.${missing}` : missing;
        fieldError = { field, messageKey: 'validation.required' };
        break;
      }
      case 'minLength':
        fieldError =
          Number(error.params.limit) <= 1
            ? { field, messageKey: 'validation.required' }
            : { field, messageKey: 'validation.min_length', params: { limit: Number(error.params.limit) } };
        break;
      case 'maxLength':
        fieldError = { field, messageKey: 'validation.max_length', params: { limit: Number(error.params.limit) } };
        break;
      case 'minItems':
        fieldError = { field, messageKey: 'validation.required' };
        break;
      case 'format':
        fieldError = { field, messageKey: FORMAT_KEYS[String(error.params.format)] ?? 'validation.invalid' };
        break;
      case 'pattern':
        fieldError = { field, messageKey: 'validation.pattern' };
        break;
      case 'enum':
      case 'anyOf':
        fieldError = { field, messageKey: 'validation.enum' };
        break;
      case 'const':
        if (anyOfPaths.has(error.instancePath)) continue;
        fieldError = { field, messageKey: 'validation.enum' };
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        fieldError = { field, messageKey: 'validation.minimum', params: { limit: Number(error.params.limit) } };
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        fieldError = { field, messageKey: 'validation.maximum', params: { limit: Number(error.params.limit) } };
        break;
      case 'type':
        fieldError = {
          field,
          messageKey:
            error.params.type === 'integer'
              ? 'validation.integer'
              : error.params.type === 'number'
                ? 'validation.number'
                : 'validation.invalid',
        };
        break;
      case 'additionalProperties':
        continue;
      case 'boolean':
        // TypeBox reports an unexpected property as a `false` schema at that property.
        fieldError = { field, messageKey: 'validation.unknown_field' };
        break;
      default:
        fieldError = { field, messageKey: 'validation.invalid' };
    }
    if (!byField.has(field)) byField.set(field, fieldError);
  }
  return [...byField.values()];
}

const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();
function compile(schema: TSchema) {
  let c = compiled.get(schema);
  if (!c) {
    c = Compile(schema);
    compiled.set(schema, c);
  }
  return c;
}

/**
 * Validates an HTML form body against a TypeBox schema. Browsers send every field as a string and
 * an empty input as "", so empty strings count as absent and numbers/booleans are converted.
 */
export function parseForm<S extends TSchema>(schema: S, body: unknown): Static<S> {
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') cleaned[key] = trimmed;
    } else if (Array.isArray(value)) {
      cleaned[key] = value.filter((v) => typeof v === 'string' && v.trim() !== '').map((v: string) => v.trim());
    } else if (value !== undefined && value !== null) cleaned[key] = value;
  }
  return parseValue(schema, Value.Convert(schema, cleaned));
}

/** Validates a JSON value; throws a localized validation AppError naming every bad field. */
export function parseValue<S extends TSchema>(schema: S, value: unknown): Static<S> {
  const checker = compile(schema);
  if (checker.Check(value)) return value as Static<S>;
  const errors = [...checker.Errors(value)] as unknown as SchemaError[];
  throw new AppError('validation', 'error.validation', { fields: fieldErrorsFromSchema(errors) });
}

/** A string enum that renders as `enum` in OpenAPI (clearer than anyOf of constants). */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Email = (options: Record<string, unknown> = {}) => Type.String({ format: 'email', maxLength: 254, ...options });
export const Uuid = (options: Record<string, unknown> = {}) => Type.String({ format: 'uuid', ...options });
