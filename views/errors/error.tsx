const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  422: 'Please check your input',
  429: 'Slow down',
  500: 'Something went wrong',
  503: 'Please try again',
};

export function errorTitle(status: number): string {
  return titles[status] ?? (status >= 500 ? titles[500] : 'Error');
}

/** The error message block, used as a whole page and as an htmx fragment in #flash. */
export function ErrorMessage(props: { status: number; message: string }) {
  return (
    <section class="error-page" aria-labelledby="error-title" data-status={String(props.status)}>
      <h1 id="error-title" safe>
        {errorTitle(props.status)}
      </h1>
      <p safe>{props.message}</p>
    </section>
  );
}

export function ErrorFlash(props: { status: number; message: string }) {
  return (
    <p class="flash flash-error" role="alert" data-status={String(props.status)} safe>
      {props.message}
    </p>
  );
}
