/**
 * Remark plugin: gives each `<Example slug="x" />` of a docs page its data as
 * an import of the example's own data file (written by sandbox-examples.ts), so
 * that an example's files and transcript travel in the chunk of the page that
 * shows it. As global data they were in the first load of every page, API pages
 * and home included: every example's sources, about 30 KB of script to parse
 * before the first paint.
 *
 * The page's source keeps its short tag; the plugin adds
 * `import example0 from '@generated/sandbox-examples/default/x.json'` and
 * `example={example0}`. An unknown slug fails the build here, naming the page.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The import path of an example's data file. */
export function exampleDataModule(slug: string): string {
  return `@generated/sandbox-examples/default/${slug}.json`;
}

type Node = {type: string; name?: string | null; attributes?: Attribute[]; children?: Node[]; value?: unknown; data?: unknown};
type Attribute = {type: string; name?: string; value?: unknown};

function program(body: unknown[]) {
  return {estree: {type: 'Program', sourceType: 'module', body}};
}

function importNode(local: string, source: string): Node {
  return {
    type: 'mdxjsEsm',
    value: `import ${local} from ${JSON.stringify(source)};`,
    data: program([
      {
        type: 'ImportDeclaration',
        specifiers: [{type: 'ImportDefaultSpecifier', local: {type: 'Identifier', name: local}}],
        source: {type: 'Literal', value: source, raw: JSON.stringify(source)},
      },
    ]),
  };
}

function exampleAttribute(local: string): Attribute {
  return {
    type: 'mdxJsxAttribute',
    name: 'example',
    value: {type: 'mdxJsxAttributeValueExpression', value: local, data: program([{type: 'ExpressionStatement', expression: {type: 'Identifier', name: local}}])},
  };
}

function exampleTags(node: Node, found: Node[] = []): Node[] {
  if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Example') found.push(node);
  for (const child of node.children ?? []) exampleTags(child, found);
  return found;
}

/** Options: the sandbox folder, whose examples.json says which slugs exist. */
export default function remarkExampleData({sandboxDir}: {sandboxDir: string}) {
  return (tree: Node, file: {path?: string}) => {
    const tags = exampleTags(tree);
    if (tags.length === 0) return;
    const index = JSON.parse(fs.readFileSync(path.join(sandboxDir, 'examples.json'), 'utf8')) as {slug: string}[];
    const slugs = new Set(index.map((entry) => entry.slug));
    const imports = tags.map((tag, n) => {
      const slug = tag.attributes?.find((attribute) => attribute.name === 'slug')?.value;
      if (typeof slug !== 'string' || !slugs.has(slug)) {
        throw new Error(
          `<Example slug=${JSON.stringify(slug)}> in ${file.path ?? 'a docs page'}: the slug must be a plain string naming an example of sandbox/examples.json. ` +
            `Known slugs: ${[...slugs].join(', ') || '(none)'}.`,
        );
      }
      const local = `sandboxExample${n}`;
      tag.attributes!.push(exampleAttribute(local));
      return importNode(local, exampleDataModule(slug));
    });
    tree.children!.unshift(...imports);
  };
}
