import Type, { type TSchema } from 'typebox';
import { StringEnum } from '../../../../platform/http/validation.ts';
import { ARCH_KINDS } from '../../db.ts';

export const CodeText = Type.String({ minLength: 5, maxLength: 40, pattern: '^(RAB|RAL|RAD|RAA|RAI|RAK|rab|ral|rad|raa|rai|rak)(\\.[0-9]{2,3})+$' });
export const CodeParams = Type.Object({ code: CodeText });
export const NewCodeBody = Type.Object({ parentCode: CodeText, code: CodeText, name: Type.String({ minLength: 2, maxLength: 300 }) }, { additionalProperties: false });
export const RenameCodeBody = Type.Object({ name: Type.String({ minLength: 2, maxLength: 300 }) }, { additionalProperties: false });
export const TreeQuery = Type.Object({ kind: Type.Optional(StringEnum(ARCH_KINDS)) });

// A tree: each node lists its children; JSON Schema $ref keeps the recursion finite in OpenAPI.
const nodeProps = {
  code: Type.String(),
  kind: StringEnum(ARCH_KINDS),
  name: Type.String(),
  level: Type.Integer(),
  origin: StringEnum(['national', 'province'] as const),
  retired: Type.Boolean(),
};
const Leaf = Type.Object({ ...nodeProps, children: Type.Array(Type.Object(nodeProps)) });
const Level3 = Type.Object({ ...nodeProps, children: Type.Array(Leaf) });
const Level2 = Type.Object({ ...nodeProps, children: Type.Array(Level3) });
const Level1 = Type.Object({ ...nodeProps, children: Type.Array(Level2) });
export const TreeOut = Type.Object({ items: Type.Array(Level1 as TSchema) });
export const CodeOut = Type.Object({ ...nodeProps, parentCode: Type.Union([Type.String(), Type.Null()]) });
