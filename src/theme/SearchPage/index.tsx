/**
 * Wraps the local search's page (/search) to give it the meta description it
 * lacks, which every other page has (Lighthouse's SEO audit asks for one).
 */
import type {ComponentProps, ReactNode} from 'react';
import Head from '@docusaurus/Head';
import OriginalSearchPage from '@theme-original/SearchPage';

export default function SearchPage(props: ComponentProps<typeof OriginalSearchPage>): ReactNode {
  return (
    <>
      <Head>
        <meta name="description" content="Search the Jopi Rewrite guides and API reference." />
      </Head>
      <OriginalSearchPage {...props} />
    </>
  );
}
