import { groupTitles, lockReasons } from '../../src/mail/kinds.js';
import { mailPaths } from '../../src/mail/paths.js';
import type { PreferenceLine } from '../../src/mail/preferences.js';
import type { KindGroup } from '../../src/mail/kinds.js';
import { Csrf, FormError } from '../components/field.js';

export interface PreferenceGroup {
  group: KindGroup;
  lines: PreferenceLine[];
}

const slug = (kind: string) => kind.replace(/[^a-z0-9]+/gi, '-');

function Line(props: { line: PreferenceLine }) {
  const { info, inApp, email, locked } = props.line;
  const id = slug(info.kind);
  const reasonId = locked ? `why-${id}` : undefined;
  return (
    <tr id={`pref-${id}`} class={locked ? 'locked' : undefined}>
      <th scope="row">
        <span safe>{info.label}</span>
        {locked ? (
          <span class="hint" id={reasonId} safe>
            {lockReasons[locked]}
          </span>
        ) : (
          ''
        )}
      </th>
      <td data-label="In the app">
        <input type="checkbox" id={`in-app-${id}`} name={locked ? undefined : `in_app:${info.kind}`} value="on" checked={inApp} disabled={!!locked} aria-describedby={reasonId} />
        <label for={`in-app-${id}`} class="visually-hidden" safe>
          {`In the app: ${info.label}`}
        </label>
      </td>
      <td data-label="By email">
        <input type="checkbox" id={`email-${id}`} name={locked ? undefined : `email:${info.kind}`} value="on" checked={email} disabled={!!locked} aria-describedby={reasonId} />
        <label for={`email-${id}`} class="visually-hidden" safe>
          {`By email: ${info.label}`}
        </label>
      </td>
    </tr>
  );
}

/** The preferences form (stable id `notification-preferences`): one row per kind, in-app and email boxes; money and security rows checked, disabled and explained. */
export function PreferencesForm(props: { groups: PreferenceGroup[]; csrf: string; error?: string; saved?: boolean }) {
  const choosable = props.groups.flatMap((g) => g.lines.filter((l) => !l.locked).map((l) => l.info.kind));
  return (
    <form id="notification-preferences" method="post" action={mailPaths.notificationPreferences()} hx-post={mailPaths.notificationPreferences()} hx-target="this" hx-swap="outerHTML" hx-indicator="#preferences-progress">
      <FormError message={props.error} />
      {props.saved ? (
        <p class="flash flash-info" role="status">
          Your choices are saved.
        </p>
      ) : (
        ''
      )}
      <Csrf token={props.csrf} />
      <input type="hidden" name="kinds" value={choosable.join(',')} />
      {props.groups.map((g) => (
        <table class="cards preferences" aria-labelledby={`group-${g.group}`}>
          <caption id={`group-${g.group}`} safe>
            {groupTitles[g.group]}
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">In the app</th>
              <th scope="col">By email</th>
            </tr>
          </thead>
          <tbody>
            {g.lines.map((line) => (
              <Line line={line} />
            ))}
          </tbody>
        </table>
      ))}
      <p>
        <button type="submit">Save my choices</button>{' '}
        <span id="preferences-progress" class="htmx-indicator" role="status">
          Saving…
        </span>
      </p>
    </form>
  );
}

export function PreferencesPage(props: { groups: PreferenceGroup[]; csrf: string; email: string; error?: string; isAdmin?: boolean }) {
  return (
    <section class="narrow">
      <h1>Notifications</h1>
      <p>
        Choose how Souk tells you about each kind of event: in the app (the bell in the menu) or by email to <strong safe>{props.email}</strong>. Messages about
        your money and your account's safety always reach you both ways.
      </p>
      <PreferencesForm groups={props.groups} csrf={props.csrf} error={props.error} />
      {props.isAdmin ? (
        <p>
          <a href={mailPaths.adminEmails()} id="email-log-link">
            Delivery log of every email Souk sends
          </a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}
