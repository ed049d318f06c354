/**
 * Homepage: what the project is, and the way into the docs.
 */
import type {ReactNode} from 'react';
import Link from '@docusaurus/Link';
import Layout from '@theme/Layout';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';

export default function Home(): ReactNode {
  const {siteConfig} = useDocusaurusContext();
  return (
    <Layout description={siteConfig.tagline}>
      <header className="hero hero--jopi">
        <div className="container">
          <h1 className="hero__title">{siteConfig.title}</h1>
          <p className="hero__subtitle">{siteConfig.tagline}.</p>
          <p>
            Websites, routes and an in-memory response cache for Bun that survive{' '}
            <code>bun --hot</code> reloads. Every code example in these docs is a file
            that CI runs, and the output shown next to it is the output it produced.
          </p>
          <Link className="button button--primary button--lg" to="/docs/getting-started">
            Get started
          </Link>{' '}
          <Link className="button button--secondary button--lg" to="/docs/">
            Read the docs
          </Link>
        </div>
      </header>
    </Layout>
  );
}
