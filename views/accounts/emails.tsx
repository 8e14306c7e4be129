import type { PropsWithChildren } from '@kitajs/html';

/** An email ready for the mail queue: plain text and HTML saying the same thing. */
export interface AccountEmail {
  kind: string;
  subject: string;
  text: string;
  html: string;
}

function Body(props: PropsWithChildren<{ greeting: string }>) {
  return (
    <div style="font-family: system-ui, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 36em">
      <p safe>{props.greeting}</p>
      {props.children}
      <p style="color: #555; font-size: 14px">— Souk</p>
    </div>
  );
}

function Button(props: { href: string; label: string }) {
  return (
    <p>
      <a href={props.href} style="display: inline-block; padding: 10px 16px; background: #1d4ed8; color: #fff; border-radius: 6px; text-decoration: none" safe>
        {props.label}
      </a>
    </p>
  );
}

function minutes(n: number): string {
  if (n % 60 === 0 && n >= 60) return `${n / 60} hour${n === 60 ? '' : 's'}`;
  return `${n} minute${n === 1 ? '' : 's'}`;
}

/** The link that sets a new password. */
export async function passwordResetEmail(p: { name: string; link: string; minutes: number }): Promise<AccountEmail> {
  const valid = minutes(p.minutes);
  const text = [
    `Hello ${p.name},`,
    '',
    'Someone (we hope you) asked to reset the password of your Souk account.',
    'Open this link to choose a new password:',
    '',
    p.link,
    '',
    `The link works once, for ${valid}. If you did not ask for it, ignore this email: your password stays as it is.`,
    '',
    '— Souk',
  ].join('\n');
  const html = await (
    <Body greeting={`Hello ${p.name},`}>
      <p>Someone (we hope you) asked to reset the password of your Souk account.</p>
      <Button href={p.link} label="Choose a new password" />
      <p>
        Or copy this address into your browser: <span safe>{p.link}</span>
      </p>
      <p safe>{`The link works once, for ${valid}. If you did not ask for it, ignore this email: your password stays as it is.`}</p>
    </Body>
  );
  return { kind: 'account.password_reset', subject: 'Reset your Souk password', text, html };
}

/** Sent after the password changed, by a reset or in the settings. */
export async function passwordChangedEmail(p: { name: string; resetLink: string }): Promise<AccountEmail> {
  const text = [
    `Hello ${p.name},`,
    '',
    'The password of your Souk account was just changed, and every other device was signed out.',
    '',
    'If this was not you, reset your password now and check your account settings:',
    p.resetLink,
    '',
    '— Souk',
  ].join('\n');
  const html = await (
    <Body greeting={`Hello ${p.name},`}>
      <p>The password of your Souk account was just changed, and every other device was signed out.</p>
      <p>If this was not you, reset your password now and check your account settings.</p>
      <Button href={p.resetLink} label="Reset my password" />
    </Body>
  );
  return { kind: 'account.password_changed', subject: 'Your Souk password was changed', text, html };
}

/** To the new address: the link that confirms it. */
export async function confirmEmailChangeEmail(p: { name: string; newEmail: string; link: string; hours: number }): Promise<AccountEmail> {
  const valid = minutes(p.hours * 60);
  const text = [
    `Hello ${p.name},`,
    '',
    `You asked to use ${p.newEmail} for your Souk account. Open this link to confirm it:`,
    '',
    p.link,
    '',
    `The link works once, for ${valid}. Until you confirm, your account keeps its current address.`,
    'If you did not ask for this, ignore this email.',
    '',
    '— Souk',
  ].join('\n');
  const html = await (
    <Body greeting={`Hello ${p.name},`}>
      <p safe>{`You asked to use ${p.newEmail} for your Souk account.`}</p>
      <Button href={p.link} label="Confirm this address" />
      <p>
        Or copy this address into your browser: <span safe>{p.link}</span>
      </p>
      <p safe>{`The link works once, for ${valid}. Until you confirm, your account keeps its current address. If you did not ask for this, ignore this email.`}</p>
    </Body>
  );
  return { kind: 'account.email_confirm', subject: 'Confirm your new email address for Souk', text, html };
}

/** To the current address, when a change to another one is asked for. */
export async function emailChangeRequestedEmail(p: { name: string; newEmail: string; settingsLink: string }): Promise<AccountEmail> {
  const text = [
    `Hello ${p.name},`,
    '',
    `Someone asked to change the email address of your Souk account to ${p.newEmail}.`,
    'Nothing changes until that address is confirmed; until then this address stays in use.',
    '',
    'If this was not you, change your password and check your sessions:',
    p.settingsLink,
    '',
    '— Souk',
  ].join('\n');
  const html = await (
    <Body greeting={`Hello ${p.name},`}>
      <p safe>{`Someone asked to change the email address of your Souk account to ${p.newEmail}.`}</p>
      <p>Nothing changes until that address is confirmed; until then this address stays in use.</p>
      <p>If this was not you, change your password and check your sessions.</p>
      <Button href={p.settingsLink} label="Open my account settings" />
    </Body>
  );
  return { kind: 'account.email_change_requested', subject: 'A change of your Souk email address was requested', text, html };
}

/** To the old address, once the new one is confirmed. */
export async function emailChangedEmail(p: { name: string; newEmail: string }): Promise<AccountEmail> {
  const text = [
    `Hello ${p.name},`,
    '',
    `Your Souk account now uses ${p.newEmail}. We will not write to this address any more.`,
    'If this was not you, reply to this email or contact support straight away.',
    '',
    '— Souk',
  ].join('\n');
  const html = await (
    <Body greeting={`Hello ${p.name},`}>
      <p safe>{`Your Souk account now uses ${p.newEmail}. We will not write to this address any more.`}</p>
      <p>If this was not you, reply to this email or contact support straight away.</p>
    </Body>
  );
  return { kind: 'account.email_changed', subject: 'Your Souk email address was changed', text, html };
}
