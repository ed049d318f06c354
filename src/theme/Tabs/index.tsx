/**
 * The theme's tabs (ejected from @docusaurus/theme-classic 3.10.2, MIT), less
 * one line: the theme remounts every <Tabs> once the page has hydrated, which
 * throws away the server's HTML of each tab and draws it again, code blocks
 * included: on the Getting started page that render, with Prism built for it,
 * was the longest task of the page on a phone.
 *
 * The remount works around facebook/docusaurus#5653: a `defaultValue`
 * computed in the browser only (from navigator, say) differs from the
 * server's, and hydration keeps the server's. No tab of this site does that:
 * the reader's earlier choice (groupId, queryString) is read after hydration
 * and applied as a state change (useTabsContextValue), which React draws.
 * tests/e2e/site.e2e.ts checks that a choice made on one page is shown on the
 * next load. A tab whose default depends on the browser would need the key back.
 */
import type {KeyboardEvent, MouseEvent, ReactElement, ReactNode} from 'react';
import clsx from 'clsx';
import {ThemeClassNames} from '@docusaurus/theme-common';
import {useScrollPositionBlocker, useTabsContextValue, useTabs, sanitizeTabsChildren, TabsProvider} from '@docusaurus/theme-common/internal';
import type {Props} from '@theme/Tabs';
import styles from '@docusaurus/theme-classic/lib/theme/Tabs/styles.module.css';

function TabList({className}: {className?: string}): ReactNode {
  const {selectedValue, selectValue, tabValues, block} = useTabs();
  const tabRefs: (HTMLLIElement | null)[] = [];
  const {blockElementScrollPositionUntilNextRender} = useScrollPositionBlocker();

  const handleTabChange = (event: KeyboardEvent<HTMLLIElement> | MouseEvent<HTMLLIElement>) => {
    const newTab = event.currentTarget;
    const newTabValue = tabValues[tabRefs.indexOf(newTab)]!.value;
    if (newTabValue !== selectedValue) {
      blockElementScrollPositionUntilNextRender(newTab);
      selectValue(newTabValue);
    }
  };

  const handleKeydown = (event: KeyboardEvent<HTMLLIElement>) => {
    const at = tabRefs.indexOf(event.currentTarget);
    if (event.key === 'Enter') handleTabChange(event);
    else if (event.key === 'ArrowRight') (tabRefs[at + 1] ?? tabRefs[0])?.focus();
    else if (event.key === 'ArrowLeft') (tabRefs[at - 1] ?? tabRefs[tabRefs.length - 1])?.focus();
  };

  return (
    <ul role="tablist" aria-orientation="horizontal" className={clsx('tabs', {'tabs--block': block}, className)}>
      {tabValues.map(({value, label, attributes}) => (
        <li
          role="tab"
          tabIndex={selectedValue === value ? 0 : -1}
          aria-selected={selectedValue === value}
          key={value}
          ref={(element) => {
            tabRefs.push(element);
          }}
          onKeyDown={handleKeydown}
          onClick={handleTabChange}
          {...attributes}
          className={clsx('tabs__item', styles.tabItem, attributes?.className as string, {'tabs__item--active': selectedValue === value})}>
          {label ?? value}
        </li>
      ))}
    </ul>
  );
}

export default function Tabs(props: Props): ReactNode {
  const value = useTabsContextValue(props);
  return (
    <TabsProvider value={value}>
      {/* The theme's class names, the old "tabs-container" included, for CSS written against them. */}
      <div className={clsx(ThemeClassNames.tabs.container, 'tabs-container', styles.tabList)}>
        <TabList className={props.className} />
        <div className="margin-top--md">{sanitizeTabsChildren(props.children) as ReactElement[]}</div>
      </div>
    </TabsProvider>
  );
}
