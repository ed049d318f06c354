import {describe, expect, test} from 'bun:test';
import path from 'node:path';
import {compile} from '@mdx-js/mdx';
import remarkExampleData from './remark-example-data';

const sandboxDir = path.resolve(import.meta.dir, '../../sandbox');
const page = (body: string) => `import Example from '@site/src/components/Example';\n\n# A page\n\n${body}\n`;
const compiled = async (body: string) => String(await compile(page(body), {remarkPlugins: [[remarkExampleData, {sandboxDir}]], jsx: true}));

describe('remark-example-data', () => {
  test('each <Example> imports its own data file and gets it as the example prop', async () => {
    const code = await compiled('<Example slug="cache-limits" />\n\nText.\n\n<Example slug="cache-compression" />');
    expect(code).toContain('import sandboxExample0 from "@generated/sandbox-examples/default/cache-limits.json"');
    expect(code).toContain('import sandboxExample1 from "@generated/sandbox-examples/default/cache-compression.json"');
    expect(code).toMatch(/<Example slug="cache-limits" example=\{sandboxExample0\} \/>/);
    expect(code).toMatch(/<Example slug="cache-compression" example=\{sandboxExample1\} \/>/);
  });

  test('a page without <Example> imports nothing', async () => {
    expect(await compiled('Just text.')).not.toContain('@generated/sandbox-examples');
  });

  test('an unknown slug fails the compile, naming the known ones', async () => {
    await expect(compiled('<Example slug="no-such-example" />')).rejects.toThrow(/no-such-example.*Known slugs: .*cache-limits/);
  });
});
