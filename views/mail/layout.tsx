import type { PropsWithChildren } from '@kitajs/html';

/**
 * The frame of every email: inline styles only (mail programs drop style
 * sheets), one column, readable without images, with the reason the reader got
 * it and where to change that in the footer.
 */
export function MailLayout(props: PropsWithChildren<{ title: string; preheader?: string; footer: { text: string; link: { label: string; href: string } } }>) {
  return (
    <>
      {'<!doctype html>'}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{props.title}</title>
        </head>
        <body style="margin:0;padding:0;background:#f4f4f5;color:#18181b;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5">
          {props.preheader ? (
            <div style="display:none;max-height:0;overflow:hidden" safe>
              {props.preheader}
            </div>
          ) : (
            ''
          )}
          <div style="max-width:560px;margin:0 auto;padding:24px 16px">
            <p style="margin:0 0 16px;font-size:20px;font-weight:700;color:#7c2d12">Souk</p>
            <div style="background:#ffffff;border-radius:8px;padding:24px;border:1px solid #e4e4e7">{props.children}</div>
            <p style="margin:16px 0 0;font-size:13px;color:#52525b">
              <span safe>{props.footer.text}</span>{' '}
              <a href={props.footer.link.href} style="color:#9a3412" safe>
                {props.footer.link.label}
              </a>
            </p>
          </div>
        </body>
      </html>
    </>
  );
}

/** A link styled as a button (a table-free one that every mail program shows as a link at worst). */
export function MailButton(props: { href: string; label: string }) {
  return (
    <p style="margin:24px 0 0">
      <a href={props.href} style="display:inline-block;background:#9a3412;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600" safe>
        {props.label}
      </a>
    </p>
  );
}
