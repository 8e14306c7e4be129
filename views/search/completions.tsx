import { paths } from '../../src/paths.js';
import type { Completion } from '../../src/search/suggestions.js';

/** The search field's suggestions: the options of its datalist (swapped in as the buyer types). */
export function CompletionOptions(props: { items: Completion[] }) {
  return (
    <>
      {props.items.map((c) => (c.category ? <option value={c.value} label={`${c.category} (category)`} /> : <option value={c.value} />))}
    </>
  );
}

/** The datalist the search field names with `list` (empty until the buyer types, or with what was typed). */
export function CompletionList(props: { items?: Completion[] }) {
  return (
    <datalist id="search-completions">
      <CompletionOptions items={props.items ?? []} />
    </datalist>
  );
}

const searchUrl = (q: string) => `${paths.search()}?${new URLSearchParams({ q }).toString()}`;

/** GET /search/completions without htmx: the suggestions as links (the field works as a plain form too). */
export function CompletionsPage(props: { q: string; items: Completion[] }) {
  const heading: string = props.q ? `Suggestions for “${props.q}”` : 'Suggestions';
  return (
    <div class="search-completions-page">
      <h1 safe>{heading}</h1>
      {props.items.length ? (
        <ul>
          {props.items.map((c) => (
            <li>
              <a href={searchUrl(c.value)} safe>
                {c.category ? `${c.category} (category)` : c.value}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">No suggestions. Type at least two letters.</p>
      )}
      <p>
        <a href={props.q ? searchUrl(props.q) : paths.search()}>Search for what you typed</a>
      </p>
    </div>
  );
}
