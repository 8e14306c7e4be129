import type { AttributeRow, AttributeType, SchemaAttribute } from './queries.js';

/** Checking listing attribute values against a category's schema (pure). */
export type AttributeValue = string | number | boolean;
export type AttributesResult = { ok: true; values: Record<string, AttributeValue> } | { ok: false; errors: Record<string, string> };

const TEXT_MAX = 200;
const TRUE = new Set(['true', 'on', 'yes', '1']);
const FALSE = new Set(['false', 'off', 'no', '0', '']);

/**
 * Checks submitted attribute values against a schema.
 * - Keys not in the schema are ignored (a listing form carries other fields too).
 * - Empty optional values are left out of `values`.
 * - A boolean is a checkbox: absent or empty means false, so it is never missing.
 * - A number may carry its unit ("128 GB"); it is stored as a number.
 * - An enum value matches an option case-insensitively and is stored as the option.
 */
export function validateAttributes(
  schema: Pick<AttributeRow, 'key' | 'label' | 'type' | 'unit' | 'options' | 'required'>[],
  input: Record<string, string | undefined>,
): AttributesResult {
  const values: Record<string, AttributeValue> = {};
  const errors: Record<string, string> = {};
  for (const a of schema) {
    const raw = (Object.hasOwn(input, a.key) ? (input[a.key] ?? '') : '').trim();
    if (a.type === 'boolean') {
      const v = raw.toLowerCase();
      if (TRUE.has(v)) values[a.key] = true;
      else if (FALSE.has(v)) values[a.key] = false;
      else errors[a.key] = `Choose yes or no for ${a.label}.`;
      continue;
    }
    if (raw === '') {
      if (a.required) errors[a.key] = `${a.label} is required.`;
      continue;
    }
    switch (a.type as AttributeType) {
      case 'text':
        if (raw.length > TEXT_MAX) errors[a.key] = `Use at most ${TEXT_MAX} characters for ${a.label}.`;
        else values[a.key] = raw;
        break;
      case 'number': {
        let s = raw;
        if (a.unit && s.toLowerCase().endsWith(a.unit.toLowerCase())) s = s.slice(0, s.length - a.unit.length).trim();
        s = s.replace(',', '.');
        const n = Number(s);
        if (!/^-?\d{1,12}(\.\d{1,6})?$/.test(s) || !Number.isFinite(n)) errors[a.key] = `Enter a number${a.unit ? ` in ${a.unit}` : ''} for ${a.label}.`;
        else values[a.key] = n;
        break;
      }
      case 'enum': {
        const match = (a.options ?? []).find((o) => o.toLowerCase() === raw.toLowerCase());
        if (match === undefined) errors[a.key] = `Choose one of: ${(a.options ?? []).join(', ')}.`;
        else values[a.key] = match;
        break;
      }
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}
