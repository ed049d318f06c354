/**
 * The theme's code block of a string, with a word-wrap state that measures the
 * block only when the reader reaches it.
 *
 * The theme's hook reads each block's scrollWidth as soon as it mounts, to know
 * whether to offer the word-wrap button, and then sets state: on a page of
 * examples that is a forced layout per block and a second render of every
 * block that overflows (on a phone, nearly all), in the same second as
 * hydration. The button only appears once the pointer or the keyboard focus is
 * in the block (CodeBlock/Buttons), so the block is measured then.
 */
import {useCallback, useEffect, useRef, useState, type ReactNode} from 'react';
import {useThemeConfig} from '@docusaurus/theme-common';
import {CodeBlockContextProvider, createCodeBlockMetadata} from '@docusaurus/theme-common/internal';
import CodeBlockLayout from '@theme/CodeBlock/Layout';
import type {Props} from '@theme/CodeBlock/Content/String';
import {WAKE_EVENTS} from '../Buttons';

type WordWrap = Parameters<typeof CodeBlockContextProvider>[0]['wordWrap'];

function useBlockMetadata(props: Props) {
  const {prism} = useThemeConfig();
  return createCodeBlockMetadata({
    code: props.children,
    className: props.className,
    metastring: props.metastring,
    magicComments: prism.magicComments,
    defaultLanguage: prism.defaultLanguage,
    language: props.language,
    title: props.title,
    showLineNumbers: props.showLineNumbers,
  });
}

/** The theme's word wrap (same toggle, same button rule), measured when the block is woken. */
function useWordWrapOnWake(): WordWrap {
  const [isEnabled, setIsEnabled] = useState(false);
  const [isCodeScrollable, setIsCodeScrollable] = useState(false);
  const woken = useRef(false);
  const codeBlockRef = useRef<HTMLPreElement>(null);

  const measure = useCallback(() => {
    const pre = codeBlockRef.current;
    if (!pre) return;
    woken.current = true;
    // Wrapped code no longer overflows, yet must keep its button to be unwrapped.
    setIsCodeScrollable(pre.scrollWidth > pre.clientWidth || Boolean(pre.querySelector('code')?.hasAttribute('style')));
  }, []);

  const toggle = useCallback(() => {
    const code = codeBlockRef.current?.querySelector('code');
    if (!code) return;
    if (isEnabled) code.removeAttribute('style');
    else {
      code.style.whiteSpace = 'pre-wrap';
      code.style.overflowWrap = 'anywhere';
    }
    setIsEnabled((value) => !value);
  }, [isEnabled]);

  useEffect(() => {
    const block = codeBlockRef.current?.closest('.theme-code-block');
    if (!block) return undefined;
    for (const event of WAKE_EVENTS) block.addEventListener(event, measure);
    return () => WAKE_EVENTS.forEach((event) => block.removeEventListener(event, measure));
  }, [measure]);

  useEffect(() => {
    if (woken.current) measure();
  }, [isEnabled, measure]);

  return {codeBlockRef, isEnabled, isCodeScrollable, toggle};
}

export default function CodeBlockString(props: Props): ReactNode {
  const metadata = useBlockMetadata(props);
  const wordWrap = useWordWrapOnWake();
  return (
    <CodeBlockContextProvider metadata={metadata} wordWrap={wordWrap}>
      <CodeBlockLayout />
    </CodeBlockContextProvider>
  );
}
