import { Count } from './badge.js';

export interface TabLink {
  /** the tab's value in the URL, also in `data-tab` */
  key: string;
  label: string;
  href: string;
  count: number;
}

/** A row of tabs with a count each, as links (they work without JavaScript); the current one is marked with `aria-current`. */
export function TabBar(props: { label: string; tabs: TabLink[]; current: string }) {
  return (
    <nav aria-label={props.label} class="tabs">
      <ul>
        {props.tabs.map((t) => (
          <li>
            <a href={t.href} aria-current={t.key === props.current ? 'page' : undefined} data-tab={t.key}>
              <span safe>{t.label}</span>{' '}
              <Count n={t.count} />
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
