/** Shown instead of a document whose PDF is still being made (its job has not run yet). */
export function DocumentPending(props: { what: string; url: string }) {
  return (
    <section class="document-pending" aria-labelledby="document-pending-title" data-status="404">
      <h1 id="document-pending-title" safe>
        {`Your ${props.what} is being prepared`}
      </h1>
      <p>
        It is made right after the payment is confirmed; refresh in a moment. <a href={props.url}>Refresh</a>
      </p>
    </section>
  );
}
