/**
 * A composable SQL fragment: text with `?` placeholders and its values in order,
 * for knex.raw. Search builds one statement from many optional parts; keeping
 * each part's values beside its text means a placeholder can never drift from its value.
 */
export interface Sql {
  readonly text: string;
  readonly values: readonly unknown[];
}

const isSql = (v: unknown): v is Sql => typeof v === 'object' && v !== null && 'text' in v && 'values' in v;

/** `sql\`a = ${x}\`` → { text: 'a = ?', values: [x] }; nested fragments are inlined. */
export function sql(strings: TemplateStringsArray, ...args: unknown[]): Sql {
  let text = strings[0];
  const values: unknown[] = [];
  args.forEach((arg, i) => {
    if (isSql(arg)) {
      text += arg.text;
      values.push(...arg.values);
    } else {
      text += '?';
      values.push(arg);
    }
    text += strings[i + 1];
  });
  return { text, values };
}

/** Trusted SQL text (identifiers and keywords chosen by code, never by input). */
export const raw = (text: string): Sql => ({ text, values: [] });

/** Joins fragments with a separator; an empty list gives `empty`. */
export function join(parts: Sql[], sep: string, empty = ''): Sql {
  if (parts.length === 0) return raw(empty);
  return { text: parts.map((p) => p.text).join(sep), values: parts.flatMap((p) => p.values) };
}

/** `a and b and …`, or `true` when there is nothing to check. */
export const and = (parts: Sql[]): Sql => join(parts.map((p) => sql`(${p})`), ' and ', 'true');

/** A list of placeholders for `in (…)`; never empty (an empty list matches nothing). */
export function list(values: unknown[]): Sql {
  if (values.length === 0) return raw('null');
  return { text: values.map(() => '?').join(', '), values };
}
