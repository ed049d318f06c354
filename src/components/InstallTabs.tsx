/**
 * <InstallTabs packageName="jopi-rewrite" /> shows the install command for npm
 * and Bun. groupId makes every InstallTabs on the site follow the reader's last
 * choice (kept in localStorage), and queryString allows links like
 * ?package-manager=bun.
 */
import type {ReactNode} from 'react';
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
import CodeBlock from '@theme/CodeBlock';

type Props = {packageName: string};

export default function InstallTabs({packageName}: Props): ReactNode {
  return (
    <Tabs groupId="package-manager" queryString>
      <TabItem value="npm" label="npm" default>
        <CodeBlock language="bash">{`npm install ${packageName}`}</CodeBlock>
      </TabItem>
      <TabItem value="bun" label="Bun">
        <CodeBlock language="bash">{`bun add ${packageName}`}</CodeBlock>
      </TabItem>
    </Tabs>
  );
}
