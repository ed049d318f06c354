/**
 * The theme's code block layout, with the block's line count on its content
 * (`--code-lines`), so that a block laid out only near the view
 * (`content-visibility: auto`, src/css/custom.css) takes its real height
 * before then: with one guess for every block, each block grew or shrank as
 * the reader scrolled near it, and what was below it moved (with the guesses of
 * the tables and examples too, an example's run button moved by up to 566 px a
 * few frames after it was scrolled to). The metadata's code is the text the
 * block draws, one line per line, magic comments removed.
 */
import type {CSSProperties, ReactNode} from 'react';
import clsx from 'clsx';
import {useCodeBlockContext} from '@docusaurus/theme-common/internal';
import Container from '@theme/CodeBlock/Container';
import Title from '@theme/CodeBlock/Title';
import Content from '@theme/CodeBlock/Content';
import Buttons from '@theme/CodeBlock/Buttons';
import type {Props} from '@theme/CodeBlock/Layout';
// The theme's own CSS module: the same class names as the theme's layout.
import styles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Layout/styles.module.css';

export default function CodeBlockLayout({className}: Props): ReactNode {
  const {metadata} = useCodeBlockContext();
  return (
    <Container as="div" className={clsx(className, metadata.className)}>
      {metadata.title && (
        <div className={styles.codeBlockTitle}>
          <Title>{metadata.title}</Title>
        </div>
      )}
      <div className={clsx(styles.codeBlockContent, 'code-block-content')} style={{'--code-lines': metadata.code.split('\n').length} as CSSProperties}>
        <Content />
        <Buttons />
      </div>
    </Container>
  );
}
