import { accountPaths } from '../../src/accounts/paths.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FieldFrame, FormError } from '../components/field.js';

/** "Forgot your password?": the address to send a reset link to. */
export function ForgotForm(props: { csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  const e = props.errors ?? {};
  const path = accountPaths.passwordReset();
  return (
    <form id="forgot-form" method="post" action={path} hx-post={path} hx-target="this" hx-swap="outerHTML" novalidate>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <Field label="Email" name="email" type="email" value={props.values?.email} error={e.email} autocomplete="username" required maxlength={254} />
      <button type="submit">Send reset link</button>
    </form>
  );
}

export function ForgotPage(props: { csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Reset your password</h1>
      <p>Enter the email address you sign in with. We will send you a link to choose a new password.</p>
      <ForgotForm {...props} />
      <p>
        Remembered it? <a href={paths.signIn()}>Sign in</a>
      </p>
    </section>
  );
}

/** The same answer whether or not the address has an account. */
export function ResetSentPage(props: { minutes: number }) {
  return (
    <section class="narrow">
      <h1>Check your email</h1>
      <p id="reset-sent" safe>
        {`If an account uses that address, we have sent it a link to choose a new password. The link works once, for ${props.minutes} minutes.`}
      </p>
      <p>No email after a few minutes? Look in your spam folder, check the address, or <a href={accountPaths.passwordReset()}>ask for a new link</a>.</p>
    </section>
  );
}

function NewPasswordField(props: { id: string; label: string; name: string; error?: string; hint?: string; minlength?: number }) {
  return (
    <FieldFrame
      id={props.id}
      label={props.label}
      name={props.name}
      error={props.error}
      hint={props.hint}
      control={(a) => (
        <input id={a.id} name={props.name} type="password" autocomplete="new-password" required minlength={props.minlength} maxlength={200} aria-invalid={a.invalid} aria-describedby={a.describedBy} />
      )}
    />
  );
}

/** A new password, typed twice, for a working reset link. */
export function NewPasswordForm(props: { csrf: string; token: string; errors?: FieldErrors }) {
  const e = props.errors ?? {};
  const path = accountPaths.passwordResetToken(props.token);
  return (
    <form id="reset-form" method="post" action={path} hx-post={path} hx-target="this" hx-swap="outerHTML" novalidate>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <NewPasswordField id="f-password" label="New password" name="password" error={e.password} minlength={10} hint="At least 10 characters." />
      <NewPasswordField id="f-password-confirmation" label="New password again" name="password_confirmation" error={e.password_confirmation} />
      <button type="submit">Set new password</button>
    </form>
  );
}

export function NewPasswordPage(props: { csrf: string; token: string; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Choose a new password</h1>
      <p>After this, you will be signed out on every device and can sign in with the new password.</p>
      <NewPasswordForm {...props} />
    </section>
  );
}

/** A reset link that was used, replaced by a newer one, or has expired. */
export function ResetLinkSpentPage() {
  return (
    <section class="narrow">
      <h1>This link no longer works</h1>
      <p id="reset-link-spent">Reset links work once and only for a short time, and a newer link replaces an older one.</p>
      <p>
        <a href={accountPaths.passwordReset()} class="button">
          Ask for a new link
        </a>
      </p>
    </section>
  );
}
