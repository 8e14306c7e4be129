import type { Knex } from 'knex';
import { KINDS, kindInfo, type KindGroup, type KindInfo, type Lock } from './kinds.js';
import { preferenceOf, preferencesOf, savePreferences, type PreferenceRow } from './queries.js';

/** Where one kind of notification reaches a user. */
export interface Channels {
  inApp: boolean;
  email: boolean;
  /** set when the user cannot switch it off */
  locked?: Lock;
}

/** A saved choice counts, except for money and security kinds, which always reach the user both ways. */
export function effectiveChannels(info: KindInfo, saved: Pick<PreferenceRow, 'in_app' | 'email'> | undefined): Channels {
  if (info.locked) return { inApp: true, email: true, locked: info.locked };
  return { inApp: saved?.in_app ?? true, email: saved?.email ?? info.email };
}

/** How a notification of `kind` reaches the user, by their saved preference (or the kind's default). */
export async function channelsFor(db: Knex | Knex.Transaction, userId: number, kind: string): Promise<Channels> {
  const info = kindInfo(kind);
  return effectiveChannels(info, info.locked ? undefined : await preferenceOf(db, userId, kind));
}

/** The kinds a user sees on their preferences page: "Running Souk" only for admins. */
export function kindsFor(isAdmin: boolean): KindInfo[] {
  return KINDS.filter((k) => isAdmin || k.group !== 'admin');
}

export interface PreferenceLine extends Channels {
  info: KindInfo;
}

/** The preferences page's rows, grouped in the order of `groupTitles`. */
export async function preferencesPage(db: Knex, userId: number, isAdmin: boolean): Promise<{ group: KindGroup; lines: PreferenceLine[] }[]> {
  const saved = new Map((await preferencesOf(db, userId)).map((r) => [r.kind, r]));
  const groups = new Map<KindGroup, PreferenceLine[]>();
  for (const info of kindsFor(isAdmin)) {
    const line = { info, ...effectiveChannels(info, saved.get(info.kind)) };
    groups.set(info.group, [...(groups.get(info.group) ?? []), line]);
  }
  return [...groups].map(([group, lines]) => ({ group, lines }));
}

/** The preferences form as posted: which kinds it covered, and which boxes were ticked. */
export interface PreferencesForm {
  kinds: string[];
  inApp: string[];
  email: string[];
}

/** Reads the posted form: the kinds it covered (one hidden field) and a box per kind and channel (`in_app:<kind>`, `email:<kind>`). */
export function readPreferencesForm(body: unknown): PreferencesForm {
  const b = (body ?? {}) as Record<string, unknown>;
  const kinds = (typeof b.kinds === 'string' ? b.kinds : '').split(',').map((s) => s.trim()).filter(Boolean);
  const ticked = (prefix: string) => Object.keys(b).filter((k) => k.startsWith(prefix) && b[k] === 'on').map((k) => k.slice(prefix.length));
  return { kinds, inApp: ticked('in_app:'), email: ticked('email:') };
}

export type SaveResult = { ok: true; changed: number } | { ok: false; message: string };

/**
 * Saves a user's choices. Refuses, changing nothing, a form that names a kind
 * the user cannot choose for: a money or security kind (they cannot be switched
 * off, and the page never offers them), an admins' kind for a non-admin, or a kind Souk
 * does not know.
 */
export async function savePreferencesFor(db: Knex, userId: number, isAdmin: boolean, form: PreferencesForm): Promise<SaveResult> {
  const offered = new Map(kindsFor(isAdmin).map((k) => [k.kind, k]));
  const covered = new Set(form.kinds);
  for (const kind of new Set([...form.kinds, ...form.inApp, ...form.email])) {
    const info = offered.get(kind);
    if (!info) return { ok: false, message: 'These settings could not be saved: the form was out of date. Please try again.' };
    if (info.locked) return { ok: false, message: `“${info.label}” cannot be switched off. ${lockRefusal(info.locked)}` };
    if (!covered.has(kind)) return { ok: false, message: 'These settings could not be saved: the form was out of date. Please try again.' };
  }
  if (covered.size === 0) return { ok: false, message: 'These settings could not be saved: the form was out of date. Please try again.' };
  const inApp = new Set(form.inApp);
  const email = new Set(form.email);
  const rows = [...covered].map((kind) => ({ user_id: userId, kind, in_app: inApp.has(kind), email: email.has(kind) }));
  await savePreferences(db, rows);
  return { ok: true, changed: rows.length };
}

function lockRefusal(lock: Lock): string {
  return lock === 'money' ? 'Souk always tells you when money moves in or out of your account.' : 'Souk always tells you about the safety and standing of your account.';
}
