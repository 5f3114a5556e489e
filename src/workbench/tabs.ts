/**
 * The workbench's tabs (WAI-ARIA Authoring Practices, "Tabs with automatic activation"): one
 * tab selected, its panel shown; ←/→, Home and End move between tabs. Tabs are added and
 * removed as terminals open and close.
 */
export interface Tabs {
  /** Selects the tab controlling panel `panelId` (and focuses it when `focus`). */
  select(panelId: string, focus?: boolean): void;
  /** The selected tab's panel id. */
  readonly selected: string;
  /** Adds a tab before the Pictures tab for a new panel; returns the tab button. */
  add(tab: HTMLButtonElement, panel: HTMLElement): void;
  /** Removes a tab and its panel, selecting its neighbour if it was selected. */
  remove(panelId: string): void;
  /** Called after the selection changes. */
  onSelect(listener: (panelId: string) => void): void;
}

export function createTabs(list: HTMLElement, panels: HTMLElement): Tabs {
  const listeners: ((panelId: string) => void)[] = [];
  const tabs = (): HTMLButtonElement[] => [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const panelOf = (tab: HTMLElement): HTMLElement | null => panels.querySelector(`#${tab.getAttribute('aria-controls') ?? ''}`);
  let selected = tabs().find((tab) => tab.getAttribute('aria-selected') === 'true')?.getAttribute('aria-controls') ?? '';

  const select = (panelId: string, focus = false): void => {
    for (const tab of tabs()) {
      const on = tab.getAttribute('aria-controls') === panelId;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      const panel = panelOf(tab);
      if (panel) panel.hidden = !on;
      if (on && focus) tab.focus();
    }
    selected = panelId;
    for (const listener of listeners) listener(panelId);
  };

  list.addEventListener('click', (event) => {
    const tab = (event.target as Element | null)?.closest<HTMLButtonElement>('[role="tab"]');
    if (tab) select(tab.getAttribute('aria-controls') ?? '');
  });
  list.addEventListener('keydown', (event) => {
    const all = tabs();
    const at = all.findIndex((tab) => tab === document.activeElement);
    if (at < 0) return;
    const to = event.key === 'ArrowRight' ? (at + 1) % all.length
      : event.key === 'ArrowLeft' ? (at - 1 + all.length) % all.length
        : event.key === 'Home' ? 0
          : event.key === 'End' ? all.length - 1 : -1;
    if (to < 0) return;
    event.preventDefault();
    select(all[to]!.getAttribute('aria-controls') ?? '', true);
  });

  return {
    select,
    get selected() {
      return selected;
    },
    add(tab, panel) {
      const pictures = list.querySelector('#pw-tab-pictures');
      list.insertBefore(tab, pictures);
      panels.insertBefore(panel, panels.querySelector('[data-pw-panel="pictures"]'));
    },
    remove(panelId) {
      const all = tabs();
      const at = all.findIndex((tab) => tab.getAttribute('aria-controls') === panelId);
      if (at < 0) return;
      const tab = all[at]!;
      panelOf(tab)?.remove();
      tab.remove();
      if (selected === panelId) select(all[at - 1]?.getAttribute('aria-controls') ?? all[0]!.getAttribute('aria-controls') ?? '');
    },
    onSelect(listener) {
      listeners.push(listener);
    },
  };
}
