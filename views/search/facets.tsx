import type { FacetView } from '../../src/search/search.js';

const fmtNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

/**
 * The selected category's filters with their counts. It lives inside the search
 * form (so a plain GET submits it) and is re-sent out of band with every htmx
 * result update; controls keep stable ids so htmx restores focus after a swap.
 */
export function Facets(props: { facets: FacetView[]; messages: Record<string, string>; oob?: boolean }) {
  return (
    <div id="search-facets" class="facets" hx-swap-oob={props.oob ? 'true' : undefined}>
      {props.facets.map((f) => {
        const name = `a.${f.key}`;
        const id = `f-a-${f.key}`;
        const message = props.messages[name] ?? props.messages[`${name}.min`] ?? props.messages[`${name}.max`];
        return (
          <fieldset class="facet" id={`${id}-set`}>
            <legend safe>{f.label}</legend>
            {f.type === 'number' ? (
              <>
                {f.lo !== null && f.hi !== null ? (
                  <p class="hint" id={`${id}-hint`} safe>
                    {`${f.count} with a value, from ${fmtNumber(f.lo)} to ${fmtNumber(f.hi)}${f.unit ? ` ${f.unit}` : ''}`}
                  </p>
                ) : (
                  ''
                )}
                <div class="range">
                  <label for={`${id}-min`}>
                    From{f.unit ? <span safe>{` (${f.unit})`}</span> : ''}
                  </label>
                  <input id={`${id}-min`} name={`${name}.min`} inputmode="decimal" value={f.min === null ? '' : String(f.min)} aria-describedby={f.lo !== null ? `${id}-hint` : undefined} />
                  <label for={`${id}-max`}>
                    To{f.unit ? <span safe>{` (${f.unit})`}</span> : ''}
                  </label>
                  <input id={`${id}-max`} name={`${name}.max`} inputmode="decimal" value={f.max === null ? '' : String(f.max)} />
                </div>
              </>
            ) : f.type === 'boolean' ? (
              <ul class="stack">
                <li>
                  <input type="radio" id={`${id}-any`} name={name} value="" checked={!f.options.some((o) => o.selected)} />
                  <label for={`${id}-any`}>Any</label>
                </li>
                {f.options.map((o) => (
                  <li>
                    <input type="radio" id={`${id}-${o.value}`} name={name} value={o.value} checked={o.selected} />
                    <label for={`${id}-${o.value}`}>
                      <span safe>{o.label}</span> <span class="count">({o.count})</span>
                    </label>
                  </li>
                ))}
              </ul>
            ) : (
              <ul class="stack">
                {f.options.map((o, i) => (
                  <li>
                    <input type="checkbox" id={`${id}-${i}`} name={name} value={o.value} checked={o.selected} />
                    <label for={`${id}-${i}`}>
                      <span safe>{o.label}</span> <span class="count">({o.count})</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {message ? (
              <p class="error" safe>
                {message}
              </p>
            ) : (
              ''
            )}
          </fieldset>
        );
      })}
    </div>
  );
}
