import { accountPaths } from '../../src/accounts/paths.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { Csrf, Field, FieldFrame, FormError } from '../components/field.js';
import { Time } from '../components/time.js';

type FormProps = { csrf: string; values?: Record<string, string>; errors?: FieldErrors };

/** A password input framed with its label and error, under an id of its own (several forms on one page ask for the current password). */
function PasswordField(props: { id: string; label: string; name: string; error?: string; hint?: string; autocomplete: string; minlength?: number }) {
  return (
    <FieldFrame
      id={props.id}
      label={props.label}
      name={props.name}
      error={props.error}
      hint={props.hint}
      control={(a) => (
        <input
          id={a.id}
          name={props.name}
          type="password"
          autocomplete={props.autocomplete}
          required
          minlength={props.minlength}
          maxlength={200}
          aria-invalid={a.invalid}
          aria-describedby={a.describedBy}
        />
      )}
    />
  );
}

/** The display name form. */
export function ProfileForm(props: FormProps & { displayName: string }) {
  const e = props.errors ?? {};
  const path = accountPaths.accountProfile();
  return (
    <form id="profile-form" method="post" action={path} hx-post={path} hx-target="this" hx-swap="outerHTML" novalidate>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <input type="hidden" name="_method" value="PUT" />
      <Field
        label="Display name"
        name="display_name"
        value={props.values?.display_name ?? props.displayName}
        error={e.display_name}
        autocomplete="nickname"
        required
        maxlength={60}
        hint="Shown to other people on Souk."
      />
      <button type="submit">Save name</button>
    </form>
  );
}

/** The email change form, with the change still waiting for its confirmation if there is one. */
export function EmailForm(props: FormProps & { email: string; pending?: { email: string; until: Date } | null }) {
  const e = props.errors ?? {};
  const v = props.values ?? {};
  const path = accountPaths.accountEmailChange();
  return (
    <form id="email-form" method="post" action={path} hx-post={path} hx-target="this" hx-swap="outerHTML" novalidate>
      <p>
        Your email address is <strong safe>{props.email}</strong>. We send receipts and security notices there, and you sign in with it.
      </p>
      {props.pending ? (
        <p class="notice" id="email-pending">
          We sent a confirmation link to <strong safe>{props.pending.email}</strong>. Until you open it, your address stays{' '}
          <span safe>{props.email}</span>. The link works until <Time at={props.pending.until} />.
        </p>
      ) : (
        ''
      )}
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <Field label="New email address" name="email" type="email" value={v.email} error={e.email} autocomplete="email" required maxlength={254} hint="We send a link to the new address; it changes once you open it." />
      <PasswordField id="f-email-current-password" label="Current password" name="current_password" error={e.current_password} autocomplete="current-password" />
      <button type="submit">Send confirmation link</button>
    </form>
  );
}

/** The password change form. */
export function PasswordForm(props: FormProps) {
  const e = props.errors ?? {};
  const path = accountPaths.accountPassword();
  return (
    <form id="password-form" method="post" action={path} hx-post={path} hx-target="this" hx-swap="outerHTML" novalidate>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <input type="hidden" name="_method" value="PUT" />
      <PasswordField id="f-password-current-password" label="Current password" name="current_password" error={e.current_password} autocomplete="current-password" />
      <PasswordField id="f-password" label="New password" name="password" error={e.password} autocomplete="new-password" minlength={10} hint="At least 10 characters." />
      <PasswordField id="f-password-confirmation" label="New password again" name="password_confirmation" error={e.password_confirmation} autocomplete="new-password" />
      <p class="hint">Changing your password signs you out everywhere else.</p>
      <button type="submit">Change password</button>
    </form>
  );
}

/** One signed-in session as its owner sees it. */
export interface SessionView {
  device: string;
  network: string;
  signedInAt: Date | null;
  lastSeen: Date | null;
  current: boolean;
}

/** The user's signed-in sessions, this one first, and the button that ends the others. */
export function SessionList(props: { csrf: string; sessions: SessionView[] }) {
  const others = props.sessions.filter((x) => !x.current).length;
  const path = accountPaths.accountSessions();
  return (
    <div id="sessions">
      <ul class="stack session-list">
        {props.sessions.map((x) => (
          <li class="card session" data-current={x.current ? 'true' : undefined}>
            <strong safe>{x.device}</strong> {x.current ? <span class="badge badge-ok">This device</span> : ''}
            <br />
            <span safe>{`From ${x.network}`}</span>
            {x.signedInAt ? (
              <>
                {' · signed in '}
                <Time at={x.signedInAt} />
              </>
            ) : (
              ''
            )}
            {x.lastSeen && !x.current ? (
              <>
                {' · last active '}
                <Time at={x.lastSeen} />
              </>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <form method="post" action={path} hx-post={path} hx-target="#sessions" hx-swap="outerHTML">
          <Csrf token={props.csrf} />
          <input type="hidden" name="_method" value="DELETE" />
          <button type="submit" id="sign-out-others" safe>
            {`Sign out everywhere else (${others} other ${others === 1 ? 'session' : 'sessions'})`}
          </button>
        </form>
      ) : (
        <p>You are not signed in anywhere else.</p>
      )}
    </div>
  );
}

/** The account settings page. */
export function SettingsPage(props: {
  csrf: string;
  displayName: string;
  email: string;
  pending: { email: string; until: Date } | null;
  sessions: SessionView[];
  profile?: { values?: Record<string, string>; errors?: FieldErrors };
  emailChange?: { values?: Record<string, string>; errors?: FieldErrors };
  password?: { errors?: FieldErrors };
}) {
  return (
    <section class="narrow account-settings">
      <h1>Account settings</h1>
      <section aria-labelledby="h-profile">
        <h2 id="h-profile">Your name</h2>
        <ProfileForm csrf={props.csrf} displayName={props.displayName} {...props.profile} />
      </section>
      <section aria-labelledby="h-email">
        <h2 id="h-email">Email address</h2>
        <EmailForm csrf={props.csrf} email={props.email} pending={props.pending} {...props.emailChange} />
      </section>
      <section aria-labelledby="h-password">
        <h2 id="h-password">Password</h2>
        <PasswordForm csrf={props.csrf} {...props.password} />
      </section>
      <section aria-labelledby="h-sessions">
        <h2 id="h-sessions">Where you are signed in</h2>
        <SessionList csrf={props.csrf} sessions={props.sessions} />
      </section>
    </section>
  );
}
