/**
 * The half of the code block that highlights: the theme's content, and the
 * block of an example's TypeScript file (inside a TypedSourceProvider), drawn
 * like the theme's but with the types of its library names on each line: the
 * file's lines as written, less the highlight markers' lines, are the lines
 * shown. ./index.tsx requires this module the first time a block is drawn
 * anew; evaluating it builds Prism, with the site's extra languages
 * (src/plugins/prism-on-demand.ts says why not sooner).
 */
import type {ReactNode} from 'react';
import clsx from 'clsx';
import {usePrismTheme} from '@docusaurus/theme-common';
import {useCodeBlockContext} from '@docusaurus/theme-common/internal';
import {Highlight, Prism} from 'prism-react-renderer';
import prismIncludeLanguages from '@theme/prism-include-languages';
import OriginalContent from '@theme-original/CodeBlock/Content';
import type {Props} from '@theme/CodeBlock/Content';
import type {TypedSource} from '../../../components/TypeHover';
import type {PageTypeHover} from '../../../plugins/example-types-job';
import Line from '../Line';
import themeStyles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css';

prismIncludeLanguages(Prism);

export {OriginalContent};

/** The hovers of each shown line: the file's lines are matched in order, skipping those not shown. */
function hoversByShownLine({source, types}: TypedSource, shown: string): PageTypeHover[][] {
  const shownLines = shown.split('\n');
  const byLine: PageTypeHover[][] = shownLines.map(() => []);
  let next = 0;
  source.split('\n').forEach((text, line) => {
    if (shownLines[next] !== text) return;
    for (const hover of types) if (hover.line === line) byLine[next]!.push(hover);
    next++;
  });
  return byLine;
}

/** An example's TypeScript block, each library name with its type. */
export function TypedContent({className, typed}: Props & {typed: TypedSource}): ReactNode {
  const {metadata, wordWrap} = useCodeBlockContext();
  const theme = usePrismTheme();
  const hovers = hoversByShownLine(typed, metadata.code);
  return (
    <Highlight theme={theme} code={metadata.code} language={metadata.language}>
      {({className: prismClass, style, tokens, getLineProps, getTokenProps}) => (
        <pre ref={wordWrap.codeBlockRef} tabIndex={0} className={clsx(className, prismClass, themeStyles.codeBlock, 'thin-scrollbar')} style={style}>
          <code
            className={clsx(themeStyles.codeBlockLines, metadata.lineNumbersStart !== undefined && themeStyles.codeBlockLinesWithNumbering)}
            style={metadata.lineNumbersStart === undefined ? undefined : {counterReset: `line-count ${metadata.lineNumbersStart - 1}`}}>
            {tokens.map((line, i) => (
              <Line
                key={i}
                line={line}
                getLineProps={getLineProps}
                getTokenProps={getTokenProps}
                classNames={metadata.lineClassNames[i]}
                showLineNumbers={metadata.lineNumbersStart !== undefined}
                types={hovers[i]}
                above={i >= tokens.length / 2}
              />
            ))}
          </code>
        </pre>
      )}
    </Highlight>
  );
}

